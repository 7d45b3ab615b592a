package io.github.asynclogging.engine;

/**
 * What the engine needs to read from an event: its level, for shedding and accounting, and when
 * it was created, for the delivery latency.
 *
 * @param <E> the event type
 */
public interface EventTraits<E> {

	/**
	 * The level of the event.
	 * @param event the event
	 * @return its level
	 */
	EventLevel levelOf(E event);

	/**
	 * When the event was created, in nanoseconds since the epoch.
	 * @param event the event
	 * @return the creation time
	 */
	long createdEpochNanos(E event);

}
