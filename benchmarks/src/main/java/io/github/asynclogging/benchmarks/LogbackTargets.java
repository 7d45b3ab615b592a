package io.github.asynclogging.benchmarks;

import java.time.Duration;
import java.util.List;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.Appender;
import io.github.asynclogging.autoconfigure.AsyncLoggingProperties;
import io.github.asynclogging.engine.AsyncLogExecutor;
import io.github.asynclogging.engine.DropPolicy;
import io.github.asynclogging.engine.DropReason;
import io.github.asynclogging.engine.EventLevel;
import io.github.asynclogging.logback.LogbackBridge;
import io.github.asynclogging.logback.LogbackDestination;
import org.slf4j.LoggerFactory;

/**
 * The Logback configurations: synchronous, Logback's {@link AsyncAppender}, and this starter. Each
 * uses the Logback context SLF4J is bound to, reset and given one root appender (two for the
 * two-destination targets), as an application would have it; the caller logs through the SLF4J API.
 */
final class LogbackTargets {

	/** The name of the appender each target writes to. */
	private static final String DESTINATION_NAME = "DESTINATION";

	/** The name of the second appender of the two-destination targets. */
	private static final String SECOND_NAME = "SECOND";

	static final int CAPACITY = 8192;

	private static final String LOGGER_NAME = "bench.Orders";

	private LogbackTargets() {
	}

	/**
	 * Synchronous Logback: the caller writes to the destination itself.
	 */
	static LogTarget sync(Appender<ILoggingEvent> destination) {
		LoggerContext context = freshContext();
		Logger root = root(context);
		start(context, destination, DESTINATION_NAME);
		root.addAppender(destination);
		return new Slf4jTarget(context, "logback sync");
	}

	/**
	 * Logback's {@link AsyncAppender} in front of the destination.
	 * @param neverBlock {@code false}: lossless, the caller waits for room; {@code true}: drops when full
	 */
	static LogTarget asyncAppender(Appender<ILoggingEvent> destination, boolean neverBlock) {
		return asyncAppender(destination, neverBlock, false);
	}

	/**
	 * Logback's {@link AsyncAppender} in front of the destination.
	 * @param neverBlock {@code false}: lossless, the caller waits for room; {@code true}: drops when full
	 * @param includeCallerData whether it captures caller data on the calling thread
	 */
	static LogTarget asyncAppender(Appender<ILoggingEvent> destination, boolean neverBlock,
			boolean includeCallerData) {
		LoggerContext context = freshContext();
		start(context, destination, DESTINATION_NAME);
		AsyncAppender async = new AsyncAppender();
		async.setContext(context);
		async.setName("ASYNC");
		async.setQueueSize(CAPACITY);
		// 0: no event is discarded because the queue fills up.
		async.setDiscardingThreshold(0);
		async.setNeverBlock(neverBlock);
		async.setIncludeCallerData(includeCallerData);
		async.addAppender(destination);
		async.start();
		root(context).addAppender(async);
		return new Slf4jTarget(context, "logback AsyncAppender");
	}

	/**
	 * Two destinations, each in front of an {@link AsyncAppender} of its own on the root logger, as a
	 * {@code logback.xml} with two async appender-refs has them: the caller queues each event twice,
	 * each destination has its own queue and worker.
	 * @param first the first destination (named {@code DESTINATION})
	 * @param second the second destination (named {@code SECOND})
	 * @param neverBlock {@code false}: lossless, the caller waits for room; {@code true}: drops when full
	 */
	static LogTarget asyncAppenders(Appender<ILoggingEvent> first, Appender<ILoggingEvent> second, boolean neverBlock) {
		LoggerContext context = freshContext();
		int n = 0;
		for (Appender<ILoggingEvent> destination : List.of(first, second)) {
			start(context, destination, (n == 0) ? DESTINATION_NAME : SECOND_NAME);
			AsyncAppender async = new AsyncAppender();
			async.setContext(context);
			async.setName("ASYNC-" + (++n));
			async.setQueueSize(CAPACITY);
			// 0: no event is discarded because the queue fills up.
			async.setDiscardingThreshold(0);
			async.setNeverBlock(neverBlock);
			async.addAppender(destination);
			async.start();
			root(context).addAppender(async);
		}
		return new Slf4jTarget(context, "logback AsyncAppender x2");
	}

	/**
	 * This starter, built as {@code AsyncLoggingAutoConfiguration} builds it: the destination is the
	 * root logger's appender, which stays there; the bridge's turbo filter captures each event first.
	 * @param properties the starter's properties
	 */
	static StarterTarget starter(Appender<ILoggingEvent> destination, AsyncLoggingProperties properties) {
		// As in an application without OpenTelemetry, which these benchmarks measured before its API
		// was on their class path; TraceContextBenchmark measures what carrying costs.
		return starter(destination, properties, false);
	}

	/**
	 * This starter, with the caller's OpenTelemetry context carried to the worker or not.
	 * @param carryTraceContext {@code false}: as in an application without OpenTelemetry
	 */
	static StarterTarget starter(Appender<ILoggingEvent> destination, AsyncLoggingProperties properties,
			boolean carryTraceContext) {
		return starter(List.of(destination), properties, carryTraceContext);
	}

	/**
	 * This starter with two destinations, both appenders of the root logger (as Spring Boot's console
	 * and file appenders are): a lane each where the starter has lanes, both written by its one
	 * worker where it has not.
	 * @param first the first destination (named {@code DESTINATION})
	 * @param second the second destination (named {@code SECOND})
	 * @param properties the starter's properties
	 */
	static StarterTarget starter(Appender<ILoggingEvent> first, Appender<ILoggingEvent> second,
			AsyncLoggingProperties properties) {
		return starter(List.of(first, second), properties, false);
	}

	private static StarterTarget starter(List<Appender<ILoggingEvent>> destinations,
			AsyncLoggingProperties properties, boolean carryTraceContext) {
		LoggerContext context = freshContext();
		for (int i = 0; i < destinations.size(); i++) {
			start(context, destinations.get(i), (i == 0) ? DESTINATION_NAME : SECOND_NAME);
			root(context).addAppender(destinations.get(i));
		}
		LogbackDestination writes = LogbackBridge.newDestination(context, List.of());
		AsyncLogExecutor<ILoggingEvent> executor = LogbackBridge.newExecutor(context, properties.toSettings(), writes);
		LogbackBridge bridge = new LogbackBridge(context, executor, writes,
				properties.toBridgeOptions(carryTraceContext));
		bridge.start();
		// The appender stays on the root logger; the starter's turbo filter, first in the chain, captures.
		List<TurboFilter> filters = context.getTurboFilterList();
		boolean attached = true;
		for (int i = 0; i < destinations.size(); i++) {
			attached &= root(context).getAppender((i == 0) ? DESTINATION_NAME : SECOND_NAME) == destinations.get(i);
		}
		if (!attached || filters.isEmpty() || !"async-logging".equals(filters.get(0).getName())) {
			throw new IllegalStateException("the bridge does not capture in front of the root logger's appender");
		}
		return new StarterTarget(context, bridge, executor);
	}

	/**
	 * The starter's properties for a lossless run: {@code block} with a timeout no run reaches, no
	 * level shedding.
	 */
	static AsyncLoggingProperties losslessProperties() {
		AsyncLoggingProperties properties = new AsyncLoggingProperties();
		properties.setQueueCapacity(CAPACITY);
		properties.setDropPolicy(DropPolicy.BLOCK);
		properties.setBlockTimeout(Duration.ofSeconds(60));
		properties.getDiscard().setThreshold(1.0);
		properties.setDroppedWarningInterval(Duration.ZERO);
		return properties;
	}

	private static LoggerContext freshContext() {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		context.reset();
		root(context).setLevel(Level.INFO);
		return context;
	}

	private static Logger root(LoggerContext context) {
		return context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

	private static void start(LoggerContext context, Appender<ILoggingEvent> appender, String name) {
		appender.setContext(context);
		appender.setName(name);
		appender.start();
	}

	/**
	 * Logs through the SLF4J API, as an application does.
	 */
	static class Slf4jTarget implements LogTarget {

		private final org.slf4j.Logger logger;

		private final LoggerContext context;

		private final String name;

		Slf4jTarget(LoggerContext context, String name) {
			this.context = context;
			this.logger = context.getLogger(LOGGER_NAME);
			this.name = name;
		}

		@Override
		public final void info(String format, Object argument) {
			this.logger.info(format, argument);
		}

		@Override
		public final void info(String message) {
			this.logger.info(message);
		}

		@Override
		public final void error(String format, Object argument, Throwable thrown) {
			if (thrown != null) {
				this.logger.error(format, argument, thrown);
			}
			else {
				this.logger.error(format, argument);
			}
		}

		@Override
		public String stop() {
			// Stops every appender; AsyncAppender writes what is still queued first.
			this.context.stop();
			return this.name + " stopped";
		}

	}

	/**
	 * The starter: exposes the executor, whose exact counts prove that nothing was lost.
	 */
	static final class StarterTarget extends Slf4jTarget {

		private final LogbackBridge bridge;

		private final AsyncLogExecutor<ILoggingEvent> executor;

		StarterTarget(LoggerContext context, LogbackBridge bridge, AsyncLogExecutor<ILoggingEvent> executor) {
			super(context, "starter");
			this.bridge = bridge;
			this.executor = executor;
		}

		AsyncLogExecutor<ILoggingEvent> executor() {
			return this.executor;
		}

		@Override
		public String stop() {
			this.bridge.stop(Duration.ofSeconds(60));
			AsyncLogExecutor<ILoggingEvent> e = this.executor;
			StringBuilder line = new StringBuilder("starter stopped: submitted=").append(e.submitted())
				.append(" delivered=").append(e.delivered())
				.append(" failed=").append(e.failed())
				.append(" dropped=").append(e.dropped());
			for (DropReason reason : DropReason.values()) {
				long count = e.dropped(EventLevel.INFO, reason);
				if (count > 0) {
					line.append(' ').append(reason.tagValue()).append('=').append(count);
				}
			}
			super.stop();
			return line.toString();
		}

	}

}
