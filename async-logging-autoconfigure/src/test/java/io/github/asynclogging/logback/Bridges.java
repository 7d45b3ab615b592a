package io.github.asynclogging.logback;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import io.github.asynclogging.LogSink;
import io.github.asynclogging.engine.AsyncLogExecutor;
import io.github.asynclogging.engine.DestinationLane;
import io.github.asynclogging.engine.DropPolicy;
import io.github.asynclogging.engine.EventLevel;
import io.github.asynclogging.engine.ExecutorSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bridges for tests, built as the auto-configuration builds them, with exact sizes: no level
 * shedding, no drop summary, no linger. The executor is the bridge's {@code executor()}.
 */
final class Bridges {

	private Bridges() {
	}

	static ExecutorSettings settings(int capacity, DropPolicy policy, Duration blockTimeout, String threadNamePrefix) {
		return new ExecutorSettings(capacity, 1, policy, blockTimeout, EventLevel.INFO, 1.0, Duration.ZERO,
				Duration.ZERO, ExecutorSettings.DEFAULTS.queueMemory(), threadNamePrefix);
	}

	/** Settings as {@link #settings}'s, dropping the newest, with a memory bound of {@code bytes}. */
	static ExecutorSettings memoryBound(long bytes, String threadNamePrefix) {
		return new ExecutorSettings(1024, 1, DropPolicy.DROP_NEWEST, Duration.ofMillis(100), EventLevel.INFO, 1.0,
				Duration.ZERO, Duration.ZERO, bytes, threadNamePrefix);
	}

	/** Starts a context with an MDC adapter, as Spring Boot leaves Logback's. */
	static void start(LoggerContext context) {
		context.setMDCAdapter(new LogbackMDCAdapter());
		context.start();
	}

	/** Starts an appender in a context, and attaches it to a logger when one is named. */
	static <A extends Appender<ILoggingEvent>> A started(LoggerContext context, A appender, String loggerName) {
		appender.setContext(context);
		appender.start();
		if (loggerName != null) {
			context.getLogger(loggerName).addAppender(appender);
		}
		return appender;
	}

	static LogbackBridge bridge(LoggerContext context, String threadNamePrefix, List<LogSink> sinks,
			BridgeOptions options) {
		return bridge(context, settings(1024, DropPolicy.DROP_NEWEST, Duration.ofMillis(100), threadNamePrefix), sinks,
				options);
	}

	static LogbackBridge bridge(LoggerContext context, ExecutorSettings settings, List<LogSink> sinks,
			BridgeOptions options) {
		// The start-up line is an event too: tests that count events exactly count only their own.
		context.getLogger(LogbackBridge.NOTICE_LOGGER).setLevel(Level.WARN);
		LogbackDestination destination = LogbackBridge.newDestination(context, sinks);
		return new LogbackBridge(context, LogbackBridge.newExecutor(context, settings, destination), destination,
				options);
	}

	/** After a test: stops its bridge, if it started one, then its context. */
	static void stop(LogbackBridge bridge, LoggerContext context) {
		if (bridge != null) {
			bridge.stop(Duration.ofSeconds(10));
		}
		context.stop();
	}

	/**
	 * Every destination wrote every event routed to it: none dropped, none failed.
	 */
	static void assertEveryRoutedEventWritten(AsyncLogExecutor<?> executor) {
		assertThat(executor.destinations()).isNotEmpty()
			.allSatisfy((lane) -> assertThat(lane.delivered())
				.as("%s: routed %d, delivered %d, failed %d, dropped %d (shutdown %d), waiting %d", lane.name(),
						lane.routed(), lane.delivered(), lane.failed(), lane.dropped(),
						lane.dropped(EventLevel.INFO, io.github.asynclogging.engine.DropReason.SHUTDOWN), lane.queueSize())
				.isEqualTo(lane.routed()));
		assertThat(executor.dropped() + executor.failed()).isZero();
	}

	/**
	 * The lane of a destination.
	 */
	static DestinationLane lane(AsyncLogExecutor<?> executor, String name) {
		return executor.destinations().stream().filter((lane) -> lane.name().equals(name)).findFirst().orElseThrow();
	}

	static List<Appender<ILoggingEvent>> appendersOf(Logger logger) {
		List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
		for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext();) {
			appenders.add(it.next());
		}
		return appenders;
	}

}
