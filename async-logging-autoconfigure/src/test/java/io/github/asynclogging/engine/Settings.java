package io.github.asynclogging.engine;

import java.time.Duration;

/**
 * Executor settings for tests, starting from the defaults, with shedding, the drop summary and the
 * linger off unless a test turns them on, so that every size a test sees is exact.
 */
final class Settings {

	private static final ExecutorSettings DEFAULTS = ExecutorSettings.DEFAULTS;

	private int capacity = DEFAULTS.queueCapacity();

	private int workers = DEFAULTS.workers();

	private DropPolicy policy = DEFAULTS.dropPolicy();

	private Duration blockTimeout = DEFAULTS.blockTimeout();

	private EventLevel discardLevel = DEFAULTS.discardLevel();

	private double threshold = 1.0;

	private Duration warningInterval = Duration.ZERO;

	private Duration linger = Duration.ZERO;

	private long queueMemory = DEFAULTS.queueMemory();

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

	Settings linger(Duration linger) {
		this.linger = linger;
		return this;
	}

	Settings queueMemory(long bytes) {
		this.queueMemory = bytes;
		return this;
	}

	ExecutorSettings build() {
		return build("test-worker-");
	}

	ExecutorSettings build(String threadNamePrefix) {
		return new ExecutorSettings(this.capacity, this.workers, this.policy, this.blockTimeout, this.discardLevel,
				this.threshold, this.warningInterval, this.linger, this.queueMemory, threadNamePrefix);
	}

	AsyncLogExecutor<TestEvent> executor(Destination<TestEvent> destination) {
		return new AsyncLogExecutor<>(build(), destination, TestEvent.TRAITS, (line) -> {
		});
	}

}
