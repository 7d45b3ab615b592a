package io.github.asynclogging.engine;

/**
 * What the engine needs to read from an event: its level, for shedding and accounting, when it was
 * created, for the delivery latency, and an estimate of the memory it holds, for the memory bound.
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

	/**
	 * The memory the event holds while it is queued. Read once, on the calling thread, as the event is
	 * queued: the queue keeps what it charged and gives exactly that back as the event leaves, so the
	 * estimate may read what changes afterwards and what the thread's earlier events share.
	 * @param event the event
	 * @return bytes
	 */
	long estimatedBytes(E event);

	/**
	 * The traits for one lane, which the lanes' workers fill in turns: where an estimate counts what an
	 * event shares with the previous one, the previous one queued in that lane, not on that thread,
	 * so that an event costs a lane the same whichever worker routed it.
	 * @return traits whose estimates share within one queue; these traits by default
	 */
	default EventTraits<E> forOneLane() {
		return this;
	}

}
