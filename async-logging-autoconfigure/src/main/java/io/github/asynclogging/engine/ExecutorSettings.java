package io.github.asynclogging.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * The immutable settings of an {@link AsyncLogExecutor}.
 *
 * @param queueCapacity events the bounded queue holds, at least 1
 * @param workers worker threads draining the queue, at least 1
 * @param dropPolicy what happens to an event offered to a full queue
 * @param blockTimeout the longest a caller waits under {@link DropPolicy#BLOCK}, not negative
 * @param discardLevel events at this level and below are shed first as the queue fills
 * @param discardThreshold fill ratio above which those events are shed, in (0, 1]; 1 turns shedding off
 * @param droppedWarningInterval how often drops are summarised; zero turns the summary off
 * @param threadNamePrefix the worker threads' name prefix
 */
public record ExecutorSettings(int queueCapacity, int workers, DropPolicy dropPolicy, Duration blockTimeout,
		EventLevel discardLevel, double discardThreshold, Duration droppedWarningInterval, String threadNamePrefix) {

	/** The default settings, as the configuration keys document them. */
	public static final ExecutorSettings DEFAULTS = new ExecutorSettings(8192, 1, DropPolicy.DROP_NEWEST,
			Duration.ofMillis(100), EventLevel.INFO, 0.8, Duration.ofSeconds(30), "async-logging-worker-");

	/**
	 * Checks every setting.
	 * @throws IllegalArgumentException naming the setting that is out of range
	 */
	public ExecutorSettings {
		Objects.requireNonNull(dropPolicy, "dropPolicy");
		Objects.requireNonNull(blockTimeout, "blockTimeout");
		Objects.requireNonNull(discardLevel, "discardLevel");
		Objects.requireNonNull(droppedWarningInterval, "droppedWarningInterval");
		Objects.requireNonNull(threadNamePrefix, "threadNamePrefix");
		if (queueCapacity < 1) {
			throw new IllegalArgumentException("queueCapacity must be at least 1, was " + queueCapacity);
		}
		if (workers < 1) {
			throw new IllegalArgumentException("workers must be at least 1, was " + workers);
		}
		if (blockTimeout.isNegative()) {
			throw new IllegalArgumentException("blockTimeout must not be negative, was " + blockTimeout);
		}
		if (!(discardThreshold > 0.0 && discardThreshold <= 1.0)) {
			throw new IllegalArgumentException("discardThreshold must be above 0 and at most 1, was " + discardThreshold);
		}
		if (droppedWarningInterval.isNegative()) {
			throw new IllegalArgumentException(
					"droppedWarningInterval must not be negative, was " + droppedWarningInterval);
		}
	}

	/**
	 * Whether level shedding is on.
	 * @return {@code false} when the threshold is 1
	 */
	boolean sheds() {
		return this.discardThreshold < 1.0;
	}

}
