package io.github.asynclogging.autoconfigure;

import java.time.Duration;

import io.github.asynclogging.engine.DropPolicy;
import io.github.asynclogging.engine.EventLevel;
import io.github.asynclogging.engine.ExecutorSettings;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of asynchronous logging, under {@code async-logging}. Every value is checked as it
 * is bound: a value out of range stops the application at start-up, naming the key. So does a key
 * that is not one of these ({@code queue-capacty}): Spring Boot refuses what is left unbound.
 */
@ConfigurationProperties(prefix = "async-logging", ignoreUnknownFields = false)
public class AsyncLoggingProperties {

	/** The largest queue the engine can hold (JCTools' array queues stop at 2^30). */
	static final int MAX_QUEUE_CAPACITY = 1 << 30;

	static final int MAX_WORKERS = 256;

	/**
	 * Whether log events are written by background workers. With false, logging stays synchronous
	 * and no worker thread is started.
	 */
	private boolean enabled = true;

	/**
	 * Events the bounded queue holds. Memory is bounded by it.
	 */
	private int queueCapacity = 8192;

	/**
	 * Worker threads draining the queue. 1 keeps each thread's events in order.
	 */
	private int workers = 1;

	/**
	 * What happens when the queue is full: drop-newest refuses the incoming event, drop-oldest evicts
	 * the oldest queued event to admit it, block makes the caller wait at most block-timeout, then
	 * drops the event.
	 */
	private DropPolicy dropPolicy = DropPolicy.DROP_NEWEST;

	/**
	 * The longest a caller ever waits for room in the queue, with drop-policy block.
	 */
	private Duration blockTimeout = Duration.ofMillis(100);

	/**
	 * On shutdown, how long the queue may take to drain. What is still queued then is dropped,
	 * counted with reason shutdown and reported in one line.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(10);

	/**
	 * Whether caller class, method and line are captured on the calling thread. Costly.
	 */
	private boolean includeCallerData = false;

	/**
	 * After events were dropped, how often one WARN line in the log says how many, by level. 0 turns
	 * the line off.
	 */
	private Duration droppedWarningInterval = Duration.ofSeconds(30);

	private final Discard discard = new Discard();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getQueueCapacity() {
		return this.queueCapacity;
	}

	public void setQueueCapacity(int queueCapacity) {
		if (queueCapacity < 1 || queueCapacity > MAX_QUEUE_CAPACITY) {
			throw new InvalidPropertyException("queue-capacity", queueCapacity,
					"a whole number between 1 and " + MAX_QUEUE_CAPACITY);
		}
		this.queueCapacity = queueCapacity;
	}

	public int getWorkers() {
		return this.workers;
	}

	public void setWorkers(int workers) {
		if (workers < 1 || workers > MAX_WORKERS) {
			throw new InvalidPropertyException("workers", workers, "a whole number between 1 and " + MAX_WORKERS);
		}
		this.workers = workers;
	}

	public DropPolicy getDropPolicy() {
		return this.dropPolicy;
	}

	public void setDropPolicy(DropPolicy dropPolicy) {
		this.dropPolicy = required("drop-policy", dropPolicy, "one of drop-newest, drop-oldest, block");
	}

	public Duration getBlockTimeout() {
		return this.blockTimeout;
	}

	public void setBlockTimeout(Duration blockTimeout) {
		this.blockTimeout = notNegative("block-timeout", blockTimeout);
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = notNegative("shutdown-timeout", shutdownTimeout);
	}

	public boolean isIncludeCallerData() {
		return this.includeCallerData;
	}

	public void setIncludeCallerData(boolean includeCallerData) {
		this.includeCallerData = includeCallerData;
	}

	public Duration getDroppedWarningInterval() {
		return this.droppedWarningInterval;
	}

	public void setDroppedWarningInterval(Duration droppedWarningInterval) {
		this.droppedWarningInterval = notNegative("dropped-warning-interval", droppedWarningInterval);
	}

	public Discard getDiscard() {
		return this.discard;
	}

	/**
	 * The executor's settings.
	 * @return the settings these properties describe
	 */
	public ExecutorSettings toSettings() {
		return new ExecutorSettings(this.queueCapacity, this.workers, this.dropPolicy, this.blockTimeout,
				this.discard.level, this.discard.threshold, this.droppedWarningInterval,
				ExecutorSettings.DEFAULTS.threadNamePrefix());
	}

	private static Duration notNegative(String key, Duration value) {
		required(key, value, "a duration of 0 or more, such as 100ms or 10s");
		if (value.isNegative()) {
			throw new InvalidPropertyException(key, value, "a duration of 0 or more, such as 100ms or 10s");
		}
		return value;
	}

	private static <T> T required(String key, T value, String allowed) {
		if (value == null) {
			throw new InvalidPropertyException(key, null, allowed);
		}
		return value;
	}

	/**
	 * Level shedding: as the queue fills, the least severe events are dropped first.
	 */
	public static class Discard {

		/**
		 * Events at this level and below are shed first as the queue fills: error, warn, info, debug
		 * or trace.
		 */
		private EventLevel level = EventLevel.INFO;

		/**
		 * Fill ratio of the queue above which events at discard.level and below are shed, above 0 and
		 * at most 1. 1.0 turns level shedding off.
		 */
		private double threshold = 0.8;

		public EventLevel getLevel() {
			return this.level;
		}

		public void setLevel(EventLevel level) {
			this.level = required("discard.level", level, "one of error, warn, info, debug, trace");
		}

		public double getThreshold() {
			return this.threshold;
		}

		public void setThreshold(double threshold) {
			if (!(threshold > 0.0 && threshold <= 1.0)) {
				throw new InvalidPropertyException("discard.threshold", threshold,
						"a ratio above 0 and at most 1.0 (1.0 turns level shedding off)");
			}
			this.threshold = threshold;
		}

	}

}
