package io.github.asynclogging.engine;

/**
 * An event in a destination's lane, with the target it is for: one per destination an event goes to.
 */
record Routed<E, T>(E event, T target) {

	/** A lane's traits are its events' traits. */
	static <E, T> EventTraits<Routed<E, T>> traits(EventTraits<? super E> traits) {
		return new EventTraits<>() {

			@Override
			public EventLevel levelOf(Routed<E, T> routed) {
				return traits.levelOf(routed.event());
			}

			@Override
			public long createdEpochNanos(Routed<E, T> routed) {
				return traits.createdEpochNanos(routed.event());
			}

			@Override
			public long estimatedBytes(Routed<E, T> routed) {
				return traits.estimatedBytes(routed.event());
			}

		};
	}

}
