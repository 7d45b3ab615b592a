package io.github.asynclogging.engine;

/**
 * An event of the engine's tests: a level and a sequence number.
 */
record TestEvent(EventLevel level, int seq, long createdEpochNanos) {

	static TestEvent info(int seq) {
		return of(EventLevel.INFO, seq);
	}

	static TestEvent of(EventLevel level, int seq) {
		return new TestEvent(level, seq, System.currentTimeMillis() * 1_000_000L);
	}

	static final EventTraits<TestEvent> TRAITS = new EventTraits<>() {

		@Override
		public EventLevel levelOf(TestEvent event) {
			return event.level();
		}

		@Override
		public long createdEpochNanos(TestEvent event) {
			return event.createdEpochNanos();
		}

	};

}
