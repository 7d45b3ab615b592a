package io.github.asynclogging.logback;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.asynclogging.LogSink;
import io.github.asynclogging.engine.AsyncLogExecutor;
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
	 * Creates the executor of a bridge.
	 * @param context Logback's context, whose notice logger receives the dropped-events summary
	 * @param settings the executor's settings
	 * @param destination the destination the executor writes to
	 * @return the executor, not started
	 */
	public static AsyncLogExecutor<ILoggingEvent> newExecutor(LoggerContext context, ExecutorSettings settings,
			LogbackDestination destination) {
		Logger notices = context.getLogger(NOTICE_LOGGER);
		Consumer<String> warnings = notices::warn;
		return new AsyncLogExecutor<>(settings, destination, LogbackEventTraits.INSTANCE, warnings);
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
	 * @param sinks the sinks every event is written to after the appenders
	 * @return the destination
	 */
	public static LogbackDestination newDestination(LoggerContext context, List<LogSink> sinks) {
		return new LogbackDestination(ContextCapture.of(context), sinks);
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
