package io.github.asynclogging.engine;

import java.time.Duration;

/**
 * Executor settings for tests, starting from the defaults.
 */
final class Settings {

	private int capacity = 8192;

	private int workers = 1;

	private DropPolicy policy = DropPolicy.DROP_NEWEST;

	private Duration blockTimeout = Duration.ofMillis(100);

	private EventLevel discardLevel = EventLevel.INFO;

	private double threshold = 1.0;

	private Duration warningInterval = Duration.ZERO;

	static Settings settings() {
		return new Settings();
	}

	Settings capacity(int capacity) {
		this.capacity = capacity;
		return this;
	}

	Settings workers(int workers) {
		this.workers = workers;
		return this;
	}

	Settings policy(DropPolicy policy) {
		this.policy = policy;
		return this;
	}

	Settings blockTimeout(Duration timeout) {
		this.blockTimeout = timeout;
		return this;
	}

	Settings shedding(EventLevel level, double threshold) {
		this.discardLevel = level;
		this.threshold = threshold;
		return this;
	}

	Settings warningInterval(Duration interval) {
		this.warningInterval = interval;
		return this;
	}

	ExecutorSettings build() {
		return new ExecutorSettings(this.capacity, this.workers, this.policy, this.blockTimeout, this.discardLevel,
				this.threshold, this.warningInterval, "test-worker-");
	}

	AsyncLogExecutor<TestEvent> executor(Destination<TestEvent> destination) {
		return new AsyncLogExecutor<>(build(), destination, TestEvent.TRAITS, (line) -> {
		});
	}

}
