package io.github.asynclogging.engine;

/**
 * Where the workers write events. Called on a worker thread only, except for an event logged on a
 * worker thread itself, which is written at once on that thread rather than queued behind itself.
 *
 * @param <E> the event type
 */
@FunctionalInterface
public interface Destination<E> {

	/**
	 * Write one event to every destination.
	 * @param event the event
	 * @throws Exception if a destination failed: the event is counted as failed and the worker goes on
	 */
	void write(E event) throws Exception;

}
