package io.github.asynclogging.engine;

/**
 * An event of the engine's tests: a level, a sequence number, and the memory it says it holds.
 */
record TestEvent(EventLevel level, int seq, long createdEpochNanos, long bytes) {

	static TestEvent info(int seq) {
		return of(EventLevel.INFO, seq);
	}

	static TestEvent of(EventLevel level, int seq) {
		return new TestEvent(level, seq, System.currentTimeMillis() * 1_000_000L, 0);
	}

	static TestEvent ofBytes(EventLevel level, int seq, long bytes) {
		return new TestEvent(level, seq, System.currentTimeMillis() * 1_000_000L, bytes);
	}

	static final EventTraits<TestEvent> TRAITS = new Traits();

	/** Reads what the event says; a test overrides what it must slow down or change. */
	static class Traits implements EventTraits<TestEvent> {

		@Override
		public EventLevel levelOf(TestEvent event) {
			return event.level();
		}

		@Override
		public long createdEpochNanos(TestEvent event) {
			return event.createdEpochNanos();
		}

		@Override
		public long estimatedBytes(TestEvent event) {
			return event.bytes();
		}

	}

}
