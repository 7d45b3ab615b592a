package io.github.asynclogging.benchmarks;

/**
 * One logging configuration under test, seen from the caller: a log call, then a stop that
 * writes what is still queued and says what became of the events.
 */
interface LogTarget {

	/**
	 * Logs one INFO event with one argument.
	 * @param format the message pattern, with one {@code {}}
	 * @param argument the argument
	 */
	void info(String format, Object argument);

	/**
	 * Logs one INFO event without arguments: nothing to format.
	 * @param message the message
	 */
	void info(String message);

	/**
	 * Logs one ERROR event with one argument and, when not {@code null}, an exception.
	 * @param format the message pattern, with one {@code {}}
	 * @param argument the argument
	 * @param thrown the exception, or {@code null}
	 */
	void error(String format, Object argument, Throwable thrown);

	/**
	 * Stops the configuration, writing what is queued.
	 * @return one line on what became of the events, for the run's log
	 */
	String stop();

}
