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
	 * Stops the configuration, writing what is queued.
	 * @return one line on what became of the events, for the run's log
	 */
	String stop();

}
