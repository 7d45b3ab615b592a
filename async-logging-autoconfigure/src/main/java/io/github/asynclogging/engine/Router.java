package io.github.asynclogging.engine;

/**
 * Finds the destinations of an event and writes it to one of them: what {@link DestinationLanes}
 * needs of the logging system, which alone knows where an event goes.
 *
 * @param <E> the event type
 * @param <T> what an event is written to (an appender, a sink)
 */
public interface Router<E, T> {

	/**
	 * Hands the event to each destination of its route as the logging system has it now.
	 * @param event the event
	 * @param hand receives each destination's name and target
	 * @return {@code false} if the event has nowhere to go (no destination at all, as inside a reset of
	 * the logging system), {@code true} otherwise, even if no destination was handed it here
	 */
	boolean route(E event, Hand<E, T> hand);

	/**
	 * Called on the executor's worker before it routes events: where it must wait for something
	 * first (another executor to write what it queued before), it waits here.
	 */
	default void beforeRoute() {
	}

	/**
	 * Writes the event to one target it was handed for, on that destination's worker.
	 * @param event the event
	 * @param target the target
	 * @throws Exception if the target failed: the event is counted as failed for that destination
	 */
	void write(E event, T target) throws Exception;

	/**
	 * Receives an event for one destination.
	 *
	 * @param <E> the event type
	 * @param <T> the target type
	 */
	@FunctionalInterface
	interface Hand<E, T> {

		/**
		 * An event for a destination.
		 * @param destination the destination's name, which names its lane and its meters
		 * @param target what the event is written to
		 * @param event the event
		 */
		void to(String destination, T target, E event);

	}

}
