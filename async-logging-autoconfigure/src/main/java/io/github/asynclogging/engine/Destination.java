package io.github.asynclogging.engine;

/**
 * Where the workers write events. Called on a worker thread only, except for an event logged on a
 * worker thread itself, which is written at once on that thread rather than queued behind itself,
 * and for what is still queued when the executor closes, which the stopping thread writes.
 * <p>
 * Writes come in runs: {@link #beginWrites()}, one or more {@link #write} calls, {@link #endWrites()},
 * all on one thread, so that a destination pays once per run, not once per event, for what every
 * write needs (a lock, for instance). Runs may nest on one thread.
 *
 * @param <E> the event type
 */
@FunctionalInterface
public interface Destination<E> {

	/**
	 * Write one event to every destination.
	 * @param event the event
	 * @throws Exception if a destination failed: the event is counted as failed and the worker goes on;
	 * {@link NotWritten} if it had nowhere to go
	 */
	void write(E event) throws Exception;

	/**
	 * Thrown by {@link #write} for an event that had nowhere to go (Logback's loggers had no appender
	 * for it and there was no sink, as inside a reset): counted as dropped with reason
	 * {@code discarded}, never as delivered.
	 */
	final class NotWritten extends RuntimeException {

		private static final long serialVersionUID = 1L;

		/** One instance: thrown on the worker only, without a stack trace. */
		public static final NotWritten INSTANCE = new NotWritten();

		private NotWritten() {
			super("written to no destination", null, false, false);
		}

	}

	/**
	 * A run of writes begins on the calling thread.
	 */
	default void beginWrites() {
	}

	/**
	 * The run of writes the calling thread began has ended, normally or not.
	 */
	default void endWrites() {
	}

}
