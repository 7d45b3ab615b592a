package io.github.asynclogging.logback;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.asynclogging.LogSink;
import io.github.asynclogging.engine.AsyncLogExecutor;
import io.github.asynclogging.engine.DestinationLanes;
import io.github.asynclogging.engine.ExecutorSettings;
import io.github.asynclogging.engine.StopReport;

/**
 * Puts an {@link AsyncLogExecutor} between Logback's loggers and their appenders, for one
 * application context, without moving an appender.
 * <p>
 * {@link #start()} puts the starter's turbo filter first in Logback's chain: from then on each event
 * Logback would write is built on the caller's thread and queued, and the workers write it to the
 * appenders of its logger's route as the loggers have them (hierarchy and additivity, read when it
 * is written), then to every {@link LogSink}. The appenders named in {@code exclude-appenders} are
 * written by the caller. {@link #stop} writes what is queued and takes the filter away. Several
 * application contexts in one JVM share the one Logback context: see {@link ContextCapture}.
 */
public final class LogbackBridge {

	/** The logger the bridge's own notices are written to. */
	public static final String NOTICE_LOGGER = "io.github.asynclogging";

	/** The least memory a queue's share may be: what ExecutorSettings allows. */
	private static final long MIN_QUEUE_MEMORY = 1024;

	private final AsyncLogExecutor<ILoggingEvent> executor;

	private final LogbackDestination destination;

	private final BridgeOptions options;

	private final ContextCapture capture;

	private boolean started;

	/**
	 * Creates a bridge over an executor that writes to the given destination.
	 * @param context Logback's context
	 * @param executor the executor, writing to {@code destination}
	 * @param destination made by {@link #newDestination} for the same context
	 * @param options what is captured and what stays synchronous
	 */
	public LogbackBridge(LoggerContext context, AsyncLogExecutor<ILoggingEvent> executor,
			LogbackDestination destination, BridgeOptions options) {
		this.executor = executor;
		this.destination = destination;
		this.options = options;
		this.capture = ContextCapture.of(context);
		destination.exclude(options.excludedAppenders());
	}

	/**
	 * Creates the executor of a bridge, every destination with the same settings.
	 * @param context Logback's context, whose notice logger receives the dropped-events summary
	 * @param settings the settings of every destination's lane
	 * @param destination routes each event to its destinations
	 * @return the executor, not started
	 */
	public static AsyncLogExecutor<ILoggingEvent> newExecutor(LoggerContext context, ExecutorSettings settings,
			LogbackDestination destination) {
		return newExecutor(context, settings, Map.of(), destination);
	}

	/**
	 * Creates the executor of a bridge: a queue the callers write to, which the lanes' workers route,
	 * handing each event to the lane of each destination on its route.
	 * @param context Logback's context, whose notice logger receives the dropped-events summary
	 * @param settings the settings of the callers' queue, and of every destination's lane but those below
	 * @param overrides the settings of the destinations that have their own, by destination name
	 * @param destination routes each event to its destinations
	 * @return the executor, not started
	 */
	public static AsyncLogExecutor<ILoggingEvent> newExecutor(LoggerContext context, ExecutorSettings settings,
			Map<String, ExecutorSettings> overrides, LogbackDestination destination) {
		Logger notices = context.getLogger(NOTICE_LOGGER);
		Consumer<String> warnings = notices::warn;
		int atStart = destinations(context, Set.of(), destination).size();
		ExecutorSettings shared = shareMemory(settings, atStart, !overrides.isEmpty());
		// A destination alone is written from the callers' queue, which keeps the whole bound; the lanes of a
		// second destination added at run time, and of the first from then on, get the share they would have
		// had beside each other, not the whole bound again.
		ExecutorSettings laneShare = shareMemory(settings, atStart, true);
		Function<String, ExecutorSettings> laneSettings = (name) -> overrides.getOrDefault(name, laneShare)
			.withThreadNamePrefix(settings.threadNamePrefix() + name + "-");
		DestinationLanes<ILoggingEvent, Object> lanes = new DestinationLanes<>(destination, laneSettings,
				LogbackEventTraits.INSTANCE, warnings, overrides.isEmpty() && settings.workers() == 1);
		return new AsyncLogExecutor<>(shared, lanes, LogbackEventTraits.INSTANCE, warnings);
	}

	/**
	 * The settings of each queue, the one callers write to and each destination's lane: the memory
	 * bound is shared among them, so that {@code queue-memory} bounds the process; the count bound is
	 * each queue's own, so that each destination takes a burst as it would alone. A destination alone,
	 * with no settings of its own, is written from the callers' queue, which keeps the whole bound.
	 * @param settings the settings as configured
	 * @param destinations the destinations the workers write at start-up
	 * @param ownSettings whether some destination has settings of its own
	 * @return the settings of each queue
	 */
	public static ExecutorSettings shareMemory(ExecutorSettings settings, int destinations, boolean ownSettings) {
		if (destinations <= 1 && !ownSettings) {
			return settings;
		}
		return settings.withQueueMemory(Math.max(MIN_QUEUE_MEMORY, settings.queueMemory() / (destinations + 1)));
	}

	/**
	 * The destinations the workers write now: each appender attached to a logger but those that stay
	 * synchronous, and each sink.
	 * @param context Logback's context
	 * @param excluded the appenders that stay synchronous
	 * @param destination the destination, with its sinks
	 * @return the destinations' names, sorted
	 */
	public static Set<String> destinations(LoggerContext context, Set<String> excluded,
			LogbackDestination destination) {
		return destinations(ContextCapture.of(context), excluded, destination);
	}

	private static Set<String> destinations(ContextCapture capture, Set<String> excluded,
			LogbackDestination destination) {
		Set<String> names = new TreeSet<>();
		capture.routes().attached().forEach((appender) -> {
			if (!LoggerRoutes.isNamed(excluded, appender)) {
				names.add(LogbackDestination.nameOf(appender));
			}
		});
		destination.ownSinks().forEach((sink) -> names.add(sink.destination()));
		return names;
	}

	/**
	 * The estimated size of a common small event, {@code info("event {} of {}", 1234, 20000)}: the
	 * unit in which start-up says how many events {@code queue-memory} holds.
	 * @return bytes
	 */
	public static long sampleEventBytes() {
		return LogbackEventTraits.sampleEventBytes();
	}

	/**
	 * Creates the destination of a bridge.
	 * @param context Logback's context
	 * @param sinks the sinks every event is written to after the appenders, by bean name
	 * @return the destination
	 */
	public static LogbackDestination newDestination(LoggerContext context, Map<String, LogSink> sinks) {
		return new LogbackDestination(ContextCapture.of(context), sinks);
	}

	/**
	 * Creates the destination of a bridge whose sinks have no bean names: each is named by its place,
	 * {@code sink:1}, {@code sink:2}, ...
	 * @param context Logback's context
	 * @param sinks the sinks every event is written to after the appenders
	 * @return the destination
	 */
	public static LogbackDestination newDestination(LoggerContext context, List<LogSink> sinks) {
		Map<String, LogSink> named = new LinkedHashMap<>();
		for (LogSink sink : sinks) {
			named.put(String.valueOf(named.size() + 1), sink);
		}
		return newDestination(context, named);
	}

	/**
	 * Starts the executor and captures what Logback would write, or, if another application context's
	 * bridge captures already, stands by until it stops, its sinks written by that bridge's workers.
	 * @throws UnknownAppenderException if an excluded appender is attached to no logger
	 */
	public synchronized void start() {
		if (this.started) {
			return;
		}
		this.executor.declareDestinations(destinations(this.capture, this.options.excludedAppenders(),
				this.destination));
		this.executor.start();
		try {
			this.capture.join(this);
		}
		catch (RuntimeException ex) {
			this.executor.stop(Duration.ZERO);
			throw ex;
		}
		this.started = true;
	}

	/**
	 * Writes what is queued within the timeout and stops the executor; after the last bridge stops,
	 * Logback writes synchronously again. What could not be written is said in one WARN line.
	 * @param timeout how long the queue may take to drain
	 * @return what could not be written
	 */
	public synchronized StopReport stop(Duration timeout) {
		if (!this.started) {
			return new StopReport(0, 0, timeout, null);
		}
		this.started = false;
		return this.capture.leave(this, timeout);
	}

	AsyncLogExecutor<ILoggingEvent> executor() {
		return this.executor;
	}

	LogbackDestination destination() {
		return this.destination;
	}

	BridgeOptions options() {
		return this.options;
	}

	@Override
	public String toString() {
		return "LogbackBridge[" + this.executor.settings().threadNamePrefix() + "]";
	}

}
