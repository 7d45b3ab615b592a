package io.github.asynclogging.autoconfigure;

import java.time.Duration;
import java.util.function.Consumer;

import io.github.asynclogging.engine.DropPolicy;
import io.github.asynclogging.engine.EventLevel;
import io.github.asynclogging.engine.ExecutorSettings;

import org.springframework.util.unit.DataSize;

/**
 * The settings of one destination's lane, under {@code async-logging.destinations.<name>}: each one
 * left out is the global one. Checked, with the destination's name in the key, as the executor is
 * made ({@link #applyTo}).
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
		this.queueCapacity = queueCapacity;
	}

	public DataSize getQueueMemory() {
		return this.queueMemory;
	}

	public void setQueueMemory(DataSize queueMemory) {
		this.queueMemory = queueMemory;
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
		this.blockTimeout = blockTimeout;
	}

	public Discard getDiscard() {
		return this.discard;
	}

	/**
	 * The global settings with this destination's own.
	 * @param name the key's name for the destination, as written under {@code destinations}
	 * @param global the global settings
	 * @return the destination's settings
	 * @throws InvalidPropertyException naming the key of a value out of range
	 */
	ExecutorSettings applyTo(String name, ExecutorSettings global) {
		String key = "destinations." + name + ".";
		int capacity = (this.queueCapacity != null)
				? checked(key + "queue-capacity", this.queueCapacity, ExecutorSettings::requireQueueCapacity)
				: global.queueCapacity();
		long memory = (this.queueMemory != null)
				? checked(key + "queue-memory", this.queueMemory.toBytes(), ExecutorSettings::requireQueueMemory)
				: global.queueMemory();
		Duration block = (this.blockTimeout != null)
				? checked(key + "block-timeout", this.blockTimeout, ExecutorSettings::requireDuration)
				: global.blockTimeout();
		double threshold = (this.discard.threshold != null)
				? checked(key + "discard.threshold", this.discard.threshold, ExecutorSettings::requireDiscardThreshold)
				: global.discardThreshold();
		return new ExecutorSettings(capacity, global.workers(),
				(this.dropPolicy != null) ? this.dropPolicy : global.dropPolicy(), block,
				(this.discard.level != null) ? this.discard.level : global.discardLevel(), threshold,
				global.droppedWarningInterval(), global.linger(), memory, global.threadNamePrefix());
	}

	private static <T> T checked(String key, T value, Consumer<T> rule) {
		try {
			rule.accept(value);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidPropertyException(key, value, ex.getMessage());
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
			this.threshold = threshold;
		}

	}

}
