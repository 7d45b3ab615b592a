package io.github.asynclogging.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * The immutable settings of an {@link AsyncLogExecutor}, and the one place that knows their defaults
 * and what each allows: the configuration properties repeat {@link #DEFAULTS} and check a value
 * with the same {@code require...} method the constructor uses.
 *
 * @param queueCapacity events the bounded queue holds
 * @param workers worker threads draining the queue
 * @param dropPolicy what happens to an event offered to a full queue
 * @param blockTimeout the longest a caller waits under {@link DropPolicy#BLOCK}
 * @param discardLevel events at this level and below are shed first as the queue fills
 * @param discardThreshold fill ratio above which those events are shed; 1 turns shedding off
 * @param droppedWarningInterval how often drops are summarised; zero turns the summary off
 * @param linger how long a busy worker lets events gather before it writes them as one run; zero
 * writes each event as soon as it is seen
 * @param queueMemory the most bytes the queued events may hold, as estimated per event
 * @param threadNamePrefix the worker threads' name prefix
 */
public record ExecutorSettings(int queueCapacity, int workers, DropPolicy dropPolicy, Duration blockTimeout,
		EventLevel discardLevel, double discardThreshold, Duration droppedWarningInterval, Duration linger,
		long queueMemory, String threadNamePrefix) {

	/** JCTools' array queues stop at 2^30 slots. */
	public static final int MAX_QUEUE_CAPACITY = 1 << 30;

	/** More would only contend for the queue; a pool that large is a configuration mistake. */
	public static final int MAX_WORKERS = 256;

	/** Delivery may lag by about this much while a worker lingers; a console a second late is not fine. */
	public static final Duration MAX_LINGER = Duration.ofSeconds(1);

	/**
	 * The longest duration any key allows but {@code linger}: far beyond a sensible timeout or summary
	 * interval, and far below what nanoseconds in a {@code long} hold (292 years), so that no deadline
	 * computed from it overflows.
	 */
	public static final Duration MAX_DURATION = Duration.ofDays(1);

	/** Share of the maximum heap the queued events may hold by default. */
	public static final double DEFAULT_QUEUE_MEMORY_SHARE = 0.05;

	/**
	 * The default settings, as the configuration keys document them. The configuration properties
	 * repeat them as field initialisers, which is what the IDE's metadata can show; a test holds the
	 * two equal.
	 */
	public static final ExecutorSettings DEFAULTS = new ExecutorSettings(8192, 1, DropPolicy.DROP_NEWEST,
			Duration.ofMillis(100), EventLevel.INFO, 0.8, Duration.ofSeconds(30), Duration.ofMillis(2),
			defaultQueueMemory(), "async-logging-worker-");

	/**
	 * Checks every setting.
	 * @throws IllegalArgumentException naming the setting that is out of range and what it allows
	 */
	public ExecutorSettings {
		Objects.requireNonNull(dropPolicy, "dropPolicy");
		Objects.requireNonNull(discardLevel, "discardLevel");
		Objects.requireNonNull(threadNamePrefix, "threadNamePrefix");
		requireQueueCapacity(queueCapacity);
		requireWorkers(workers);
		requireDuration(blockTimeout);
		requireDiscardThreshold(discardThreshold);
		requireDuration(droppedWarningInterval);
		requireLinger(linger);
		requireQueueMemory(queueMemory);
	}

	/**
	 * The default {@code queueMemory}: a share of the maximum heap.
	 * @return bytes
	 */
	public static long defaultQueueMemory() {
		return (long) (Runtime.getRuntime().maxMemory() * DEFAULT_QUEUE_MEMORY_SHARE);
	}

	/** What {@code queueCapacity} allows. */
	public static final String QUEUE_CAPACITY_ALLOWED = "a whole number between 1 and " + MAX_QUEUE_CAPACITY;

	/** What {@code workers} allows. */
	public static final String WORKERS_ALLOWED = "a whole number between 1 and " + MAX_WORKERS;

	/** What a duration allows. */
	public static final String DURATION_ALLOWED = "a duration from 0 to 1d, such as 100ms or 10s";

	/** What {@code discardThreshold} allows. */
	public static final String DISCARD_THRESHOLD_ALLOWED = "a ratio above 0 and at most 1.0 (1.0 turns level shedding off)";

	/** What {@code linger} allows. */
	public static final String LINGER_ALLOWED = "a duration from 0 (write at once) to 1s, such as 2ms";

	/** What {@code queueMemory} allows. */
	public static final String QUEUE_MEMORY_ALLOWED = "a size of at least 1KB, such as 64MB";

	/**
	 * Checks a queue capacity.
	 * @param value the capacity
	 * @throws IllegalArgumentException with what is allowed as its message
	 */
	public static void requireQueueCapacity(int value) {
		require(value >= 1 && value <= MAX_QUEUE_CAPACITY, QUEUE_CAPACITY_ALLOWED);
	}

	/**
	 * Checks a number of workers.
	 * @param value the number
	 * @throws IllegalArgumentException with what is allowed as its message
	 */
	public static void requireWorkers(int value) {
		require(value >= 1 && value <= MAX_WORKERS, WORKERS_ALLOWED);
	}

	/**
	 * Checks a duration that may be zero, not negative, and at most {@link #MAX_DURATION}.
	 * @param value the duration
	 * @throws IllegalArgumentException with what is allowed as its message
	 */
	public static void requireDuration(Duration value) {
		require(value != null && !value.isNegative() && value.compareTo(MAX_DURATION) <= 0, DURATION_ALLOWED);
	}

	/**
	 * Checks a discard threshold.
	 * @param value the ratio
	 * @throws IllegalArgumentException with what is allowed as its message
	 */
	public static void requireDiscardThreshold(double value) {
		require(value > 0.0 && value <= 1.0, DISCARD_THRESHOLD_ALLOWED);
	}

	/**
	 * Checks a linger.
	 * @param value the duration
	 * @throws IllegalArgumentException with what is allowed as its message
	 */
	public static void requireLinger(Duration value) {
		require(value != null && !value.isNegative() && value.compareTo(MAX_LINGER) <= 0, LINGER_ALLOWED);
	}

	/**
	 * Checks a memory bound.
	 * @param bytes the bound
	 * @throws IllegalArgumentException with what is allowed as its message
	 */
	public static void requireQueueMemory(long bytes) {
		require(bytes >= 1024, QUEUE_MEMORY_ALLOWED);
	}

	private static void require(boolean valid, String allowed) {
		if (!valid) {
			throw new IllegalArgumentException(allowed);
		}
	}

	/**
	 * These settings with another memory bound.
	 * @param bytes the bound
	 * @return the settings
	 */
	public ExecutorSettings withQueueMemory(long bytes) {
		return new ExecutorSettings(this.queueCapacity, this.workers, this.dropPolicy, this.blockTimeout,
				this.discardLevel, this.discardThreshold, this.droppedWarningInterval, this.linger, bytes,
				this.threadNamePrefix);
	}

	/**
	 * These settings with another thread name prefix.
	 * @param prefix the prefix
	 * @return the settings
	 */
	public ExecutorSettings withThreadNamePrefix(String prefix) {
		return new ExecutorSettings(this.queueCapacity, this.workers, this.dropPolicy, this.blockTimeout,
				this.discardLevel, this.discardThreshold, this.droppedWarningInterval, this.linger, this.queueMemory,
				prefix);
	}

	/**
	 * Whether level shedding is on.
	 * @return {@code false} when the threshold is 1
	 */
	boolean sheds() {
		return this.discardThreshold < 1.0;
	}

}
