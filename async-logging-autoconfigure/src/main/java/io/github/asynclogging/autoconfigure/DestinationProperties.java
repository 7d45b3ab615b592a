package io.github.asynclogging.autoconfigure;

import java.time.Duration;
import java.util.function.Consumer;

import io.github.asynclogging.engine.DropPolicy;
import io.github.asynclogging.engine.EventLevel;
import io.github.asynclogging.engine.ExecutorSettings;

import org.springframework.util.unit.DataSize;

/**
 * The settings of one destination's lane, under {@code async-logging.destinations.<name>}: each one
 * left out is the global one. Each value is checked as it is bound, by the engine's own rule; the
 * failure analysis names the key as it was bound, with the destination's name.
 */
public class DestinationProperties {

	/**
	 * Events this destination's lane holds. Default: async-logging.queue-capacity.
	 */
	private Integer queueCapacity;

	/**
	 * The most memory the events of this destination's lane may hold, such as 16MB. Default:
	 * async-logging.queue-memory.
	 */
	private DataSize queueMemory;

	/**
	 * What happens when this destination's lane is full: drop-newest, drop-oldest or block (the
	 * worker that routes waits at most block-timeout). Default: async-logging.drop-policy.
	 */
	private DropPolicy dropPolicy;

	/**
	 * The longest the routing worker waits for room in this lane, with drop-policy block. Default:
	 * async-logging.block-timeout.
	 */
	private Duration blockTimeout;

	private final Discard discard = new Discard();

	public Integer getQueueCapacity() {
		return this.queueCapacity;
	}

	public void setQueueCapacity(Integer queueCapacity) {
		this.queueCapacity = checked("queue-capacity", queueCapacity, ExecutorSettings::requireQueueCapacity);
	}

	public DataSize getQueueMemory() {
		return this.queueMemory;
	}

	public void setQueueMemory(DataSize queueMemory) {
		this.queueMemory = checked("queue-memory", queueMemory,
				(size) -> ExecutorSettings.requireQueueMemory(size.toBytes()));
	}

	public DropPolicy getDropPolicy() {
		return this.dropPolicy;
	}

	public void setDropPolicy(DropPolicy dropPolicy) {
		this.dropPolicy = dropPolicy;
	}

	public Duration getBlockTimeout() {
		return this.blockTimeout;
	}

	public void setBlockTimeout(Duration blockTimeout) {
		this.blockTimeout = checked("block-timeout", blockTimeout, ExecutorSettings::requireDuration);
	}

	public Discard getDiscard() {
		return this.discard;
	}

	/**
	 * The global settings with this destination's own.
	 * @param global the global settings
	 * @return the destination's settings
	 */
	ExecutorSettings applyTo(ExecutorSettings global) {
		int capacity = (this.queueCapacity != null) ? this.queueCapacity : global.queueCapacity();
		long memory = (this.queueMemory != null) ? this.queueMemory.toBytes() : global.queueMemory();
		Duration block = (this.blockTimeout != null) ? this.blockTimeout : global.blockTimeout();
		double threshold = (this.discard.threshold != null) ? this.discard.threshold : global.discardThreshold();
		return new ExecutorSettings(capacity, global.workers(),
				(this.dropPolicy != null) ? this.dropPolicy : global.dropPolicy(), block,
				(this.discard.level != null) ? this.discard.level : global.discardLevel(), threshold,
				global.droppedWarningInterval(), global.linger(), memory, global.threadNamePrefix());
	}

	/** A value that is set is checked; the key is the analysis's fallback, which says the bound name. */
	private static <T> T checked(String key, T value, Consumer<T> rule) {
		if (value == null) {
			return null;
		}
		try {
			rule.accept(value);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidPropertyException("destinations.<name>." + key, value, ex.getMessage());
		}
		return value;
	}

	/**
	 * Level shedding in this destination's lane.
	 */
	public static class Discard {

		/**
		 * Events at this level and below are shed first as this lane fills. Default:
		 * async-logging.discard.level.
		 */
		private EventLevel level;

		/**
		 * Fill ratio of this lane above which those events are shed. Default:
		 * async-logging.discard.threshold.
		 */
		private Double threshold;

		public EventLevel getLevel() {
			return this.level;
		}

		public void setLevel(EventLevel level) {
			this.level = level;
		}

		public Double getThreshold() {
			return this.threshold;
		}

		public void setThreshold(Double threshold) {
			this.threshold = checked("discard.threshold", threshold, ExecutorSettings::requireDiscardThreshold);
		}

	}

}
