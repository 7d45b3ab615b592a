package io.github.asynclogging.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import io.github.asynclogging.engine.DropPolicy;
import io.github.asynclogging.engine.EventLevel;
import io.github.asynclogging.engine.ExecutorSettings;
import io.github.asynclogging.logback.BridgeOptions;
import io.github.asynclogging.logback.IncludeCallerData;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of asynchronous logging, under {@code async-logging}. Every value is checked as it
 * is bound, by the engine's own rule ({@link ExecutorSettings}): a value out of range stops the
 * application at start-up, naming the key. So does a key that is not one of these
 * ({@code queue-capacty}): Spring Boot refuses what is left unbound. The defaults are written here
 * so that the IDE shows them; they are {@link ExecutorSettings#DEFAULTS}, which a test holds equal.
 */
@ConfigurationProperties(prefix = "async-logging", ignoreUnknownFields = false)
public class AsyncLoggingProperties {

	/**
	 * Whether log events are written by background workers. With false, logging stays synchronous
	 * and no worker thread is started.
	 */
	private boolean enabled = true;

	/**
	 * Events the bounded queue holds. Memory is bounded by it.
	 */
	private int queueCapacity = 8192;

	/** Whether queue-capacity was set, which start-up then holds against queue-memory. */
	private boolean queueCapacitySet;

	/**
	 * The most memory the queued events may hold, estimated per event (message, arguments, MDC,
	 * stack trace), such as 64MB. An event that would exceed it is handled as if the queue were full.
	 * Default: 5% of the maximum heap.
	 */
	private DataSize queueMemory;

	/**
	 * Worker threads of each destination's lane, which also route the queue the application logs to,
	 * 1 to 256. 1 keeps each thread's events in order; under a backlog, N workers write about N times
	 * what one writes to a destination that waits (a network call).
	 */
	private int workers = 1;

	/**
	 * What happens when the queue is full: drop-newest refuses the incoming event, drop-oldest evicts
	 * the oldest queued event to admit it, block makes the caller wait at most block-timeout, then
	 * drops the event.
	 */
	private DropPolicy dropPolicy = DropPolicy.DROP_NEWEST;

	private final Map<String, DestinationProperties> destinations = new LinkedHashMap<>();

	/**
	 * The longest a caller ever waits for room in the queue, with drop-policy block; 0 to 1d.
	 */
	private Duration blockTimeout = Duration.ofMillis(100);

	/**
	 * On shutdown, how long the queue may take to drain; 0 to 1d. What is still queued then is
	 * dropped, counted with reason shutdown and reported in one line.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(10);

	/**
	 * Whether caller class, method, file and line are captured on the calling thread: auto when a
	 * taken-over appender's pattern prints them (%line, %method, %class, %file, %caller), so that its
	 * output is unchanged; true always; false never (those converters then print ?).
	 */
	private IncludeCallerData includeCallerData = IncludeCallerData.AUTO;

	/**
	 * Names of appenders that stay synchronous, written on the calling thread as without the starter
	 * (an audit trail that must be on disk when the call returns, say).
	 */
	private Set<String> excludeAppenders = new LinkedHashSet<>();

	/**
	 * How long a busy worker lets events gather before it writes them together, so that a steady log
	 * rate costs a few hundred wake-ups a second rather than one per event. Delivery lags by about
	 * this much, the last events of a burst by at most twice this; 0 writes each event as soon as a
	 * worker sees it.
	 */
	private Duration linger = Duration.ofMillis(2);

	/**
	 * After events were dropped, how often one WARN line in the log says how many, by level; up to 1d.
	 * 0 turns the line off.
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
		this.queueCapacity = checked("queue-capacity", queueCapacity, ExecutorSettings::requireQueueCapacity);
		this.queueCapacitySet = true;
	}

	/**
	 * Whether {@code queue-capacity} was set rather than left at its default. Not a property.
	 * @return {@code true} once set
	 */
	boolean queueCapacitySet() {
		return this.queueCapacitySet;
	}

	public DataSize getQueueMemory() {
		return this.queueMemory;
	}

	public void setQueueMemory(DataSize queueMemory) {
		this.queueMemory = checked("queue-memory", queueMemory,
				(value) -> ExecutorSettings.requireQueueMemory((value != null) ? value.toBytes() : -1));
	}

	public int getWorkers() {
		return this.workers;
	}

	public void setWorkers(int workers) {
		this.workers = checked("workers", workers, ExecutorSettings::requireWorkers);
	}

	public DropPolicy getDropPolicy() {
		return this.dropPolicy;
	}

	public void setDropPolicy(DropPolicy dropPolicy) {
		this.dropPolicy = required("drop-policy", dropPolicy);
	}

	public Duration getBlockTimeout() {
		return this.blockTimeout;
	}

	public void setBlockTimeout(Duration blockTimeout) {
		this.blockTimeout = checked("block-timeout", blockTimeout, ExecutorSettings::requireDuration);
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = checked("shutdown-timeout", shutdownTimeout, ExecutorSettings::requireDuration);
	}

	public Duration getLinger() {
		return this.linger;
	}

	public void setLinger(Duration linger) {
		this.linger = checked("linger", linger, ExecutorSettings::requireLinger);
	}

	public IncludeCallerData getIncludeCallerData() {
		return this.includeCallerData;
	}

	public void setIncludeCallerData(IncludeCallerData includeCallerData) {
		this.includeCallerData = required("include-caller-data", includeCallerData);
	}

	public Set<String> getExcludeAppenders() {
		return this.excludeAppenders;
	}

	public void setExcludeAppenders(Set<String> excludeAppenders) {
		this.excludeAppenders = required("exclude-appenders", excludeAppenders);
	}

	/**
	 * What the Logback bridge takes over and captures.
	 * @param carryTraceContext whether the caller's OpenTelemetry context is carried to the workers
	 * @return the bridge's options
	 */
	public BridgeOptions toBridgeOptions(boolean carryTraceContext) {
		return new BridgeOptions(this.includeCallerData, this.excludeAppenders, carryTraceContext, this.shutdownTimeout);
	}

	public Duration getDroppedWarningInterval() {
		return this.droppedWarningInterval;
	}

	public void setDroppedWarningInterval(Duration droppedWarningInterval) {
		this.droppedWarningInterval = checked("dropped-warning-interval", droppedWarningInterval,
				ExecutorSettings::requireDuration);
	}

	public Discard getDiscard() {
		return this.discard;
	}

	/**
	 * Settings of single destinations, by the destination's name: an appender's name, or
	 * sink:&lt;bean name&gt; for a LogSink (written [sink:audit] in a key, or sink-audit). A name that
	 * is no destination stops start-up, listing the destinations.
	 * @return the settings by destination name
	 */
	public Map<String, DestinationProperties> getDestinations() {
		return this.destinations;
	}

	/**
	 * The settings of the destinations that have their own, by destination name.
	 * @param destinations the destinations the workers write
	 * @param global the settings a destination's own replace
	 * @return the settings, by the destination's own name
	 * @throws InvalidPropertyException for a name that is no destination, or a value out of range
	 */
	public Map<String, ExecutorSettings> toDestinationSettings(java.util.Collection<String> destinations,
			ExecutorSettings global) {
		Map<String, ExecutorSettings> settings = new LinkedHashMap<>();
		this.destinations.forEach((name, own) -> {
			String destination = destinationNamed(name, destinations);
			if (destination == null) {
				throw new InvalidPropertyException("destinations." + name, name,
						"the name of a destination: one of " + String.join(", ", destinations));
			}
			settings.put(destination, own.applyTo(global));
		});
		return settings;
	}

	/**
	 * The destination a key names: the one of that name, or else the one whose name it is in another
	 * case or without its punctuation (an environment variable's, {@code sink-audit} for
	 * {@code sink:audit}), if only one is.
	 */
	private static String destinationNamed(String name, java.util.Collection<String> destinations) {
		if (destinations.contains(name)) {
			return name;
		}
		String uniform = AsyncLoggingKeys.uniform(name);
		List<String> alike = destinations.stream()
			.filter((candidate) -> AsyncLoggingKeys.uniform(candidate).equals(uniform))
			.toList();
		return (alike.size() == 1) ? alike.get(0) : null;
	}

	/**
	 * The executor's settings.
	 * @return the settings these properties describe
	 */
	public ExecutorSettings toSettings() {
		long memory = (this.queueMemory != null) ? this.queueMemory.toBytes() : ExecutorSettings.defaultQueueMemory();
		return new ExecutorSettings(this.queueCapacity, this.workers, this.dropPolicy, this.blockTimeout,
				this.discard.level, this.discard.threshold, this.droppedWarningInterval, this.linger, memory,
				ExecutorSettings.DEFAULTS.threadNamePrefix());
	}

	/**
	 * Checks a value with the engine's own rule, so that what a key allows is said in one place.
	 */
	private static <T> T checked(String key, T value, Consumer<T> rule) {
		try {
			rule.accept(value);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidPropertyException(key, value, ex.getMessage());
		}
		return value;
	}

	private static <T> T required(String key, T value) {
		if (value == null) {
			throw new InvalidPropertyException(key, null, allowed(key));
		}
		return value;
	}

	/**
	 * What a key allows, as a failure analysis says it: for a value the setters refuse, and for an
	 * empty value, which Spring's converters turn into no value at all and so never reaches them.
	 * @param key a key below the prefix in dashed form, e.g. {@code discard.level}
	 * @return what it allows
	 */
	static String allowed(String key) {
		return switch (key) {
			case "enabled" -> "true or false";
			case "queue-capacity" -> ExecutorSettings.QUEUE_CAPACITY_ALLOWED;
			case "queue-memory" -> ExecutorSettings.QUEUE_MEMORY_ALLOWED;
			case "workers" -> ExecutorSettings.WORKERS_ALLOWED;
			case "drop-policy" -> "one of drop-newest, drop-oldest, block";
			case "block-timeout", "shutdown-timeout", "dropped-warning-interval" -> ExecutorSettings.DURATION_ALLOWED;
			case "linger" -> ExecutorSettings.LINGER_ALLOWED;
			case "include-caller-data" -> "one of auto, true, false";
			case "exclude-appenders" -> "a list of appender names";
			case "discard.level" -> "one of error, warn, info, debug, trace";
			case "discard.threshold" -> ExecutorSettings.DISCARD_THRESHOLD_ALLOWED;
			case "destinations" -> "settings by destination name: destinations.<name>.queue-capacity, queue-memory, "
					+ "drop-policy, block-timeout, discard.level, discard.threshold";
			default -> throw new IllegalArgumentException("No key async-logging." + key);
		};
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
			this.level = required("discard.level", level);
		}

		public double getThreshold() {
			return this.threshold;
		}

		public void setThreshold(double threshold) {
			this.threshold = checked("discard.threshold", threshold, ExecutorSettings::requireDiscardThreshold);
		}

	}

}
