package io.github.asynclogging.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import io.github.asynclogging.autoconfigure.AsyncLoggingProperties;
import org.slf4j.LoggerFactory;

/**
 * The configurations of the steady-rate benchmark, each set up as its users set it up: defaults,
 * except what the user names (a destination, {@code neverBlock}). The queues keep their own default
 * sizes and policies here (Logback {@code AsyncAppender} 256 events, discarding INFO above 80 %;
 * Log4j2's ring buffer 262,144; the starter 8,192, shedding INFO above 80 %), because the defaults
 * are what an application runs with; a run reports every event a configuration did not deliver.
 */
final class SteadyRateTargets {

	/**
	 * A typical file pattern (ISO time stamp, level, thread, logger, message), written the same by
	 * Logback and Log4j2.
	 */
	static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %5level [%thread] %logger{36} : %msg%n";

	/** The logger every configuration logs with, as in the JMH benchmarks. */
	static final String LOGGER_NAME = "bench.Orders";

	/** What every event's text contains, to count the events a file received. */
	static final String WRITTEN_TEXT = "Order A-10042 shipped";

	private SteadyRateTargets() {
	}

	/**
	 * Where the events go.
	 */
	enum Destination {

		/** An appender that writes nothing and only counts. */
		NOOP,

		/** Logback's or Log4j2's own file appender, with {@link #PATTERN}, defaults otherwise. */
		FILE

	}

	/**
	 * What the application logs with.
	 */
	enum Configuration {

		/** No logging and no producer activity at all: the idle JVM, the floor of everything. */
		IDLE("idle JVM", null),

		/** The producer ticks at the rate but logs nothing: the floor at that rate. */
		NO_LOGGING("no logging (producer only)", null),

		/** Synchronous Logback: the producer writes to the destination itself. */
		LOGBACK_SYNC("Logback, synchronous", null),

		/** Logback's {@code AsyncAppender}, every setting at its default. */
		ASYNC_APPENDER("Logback AsyncAppender", "AsyncAppender-W"),

		/** Logback's {@code AsyncAppender} with {@code neverBlock=true}, as users set it to never wait. */
		ASYNC_APPENDER_NEVER_BLOCK("Logback AsyncAppender, neverBlock", "AsyncAppender-W"),

		/** Log4j2 with every logger asynchronous (LMAX Disruptor, default wait strategy). */
		LOG4J2_ASYNC_LOGGERS("Log4j2 Async Loggers", "Log4j2-"),

		/** This starter, built as its auto-configuration builds it, default properties. */
		STARTER("this starter", null),

		/**
		 * Two destinations, each behind a Logback {@code AsyncAppender} of its own with every setting at
		 * its default: the destination run (do-nothing or file) and a second do-nothing appender, as
		 * Spring Boot's console beside a file.
		 */
		ASYNC_APPENDER_TWO("Logback AsyncAppender x2, two destinations", "AsyncAppender-W"),

		/**
		 * This starter, default properties, with the same two destinations on the root logger: a lane
		 * each where the starter has lanes.
		 */
		STARTER_TWO("this starter, two destinations", null);

		final String label;

		/** How the kernel names the configuration's own threads ({@code comm}, 15 characters). */
		final String threadPrefix;

		Configuration(String label, String threadPrefix) {
			this.label = label;
			this.threadPrefix = threadPrefix;
		}

		boolean logs() {
			return this != IDLE && this != NO_LOGGING;
		}

		/** Whether it writes to the destination and to a second, do-nothing one. */
		boolean twoDestinations() {
			return this == ASYNC_APPENDER_TWO || this == STARTER_TWO;
		}

	}

	/**
	 * A configuration ready to log: the log call, its own threads, and what it delivered.
	 */
	static final class RateTarget {

		private final LogTarget target;

		private final String threadPrefix;

		private final Delivered delivered;

		private final LatencySource latency;

		RateTarget(LogTarget target, String threadPrefix, Delivered delivered, LatencySource latency) {
			this.target = target;
			this.threadPrefix = threadPrefix;
			this.delivered = delivered;
			this.latency = latency;
		}

		/** One log call, or nothing when the configuration does not log. */
		void log() {
			if (this.target != null) {
				this.target.info(CallerCostBenchmark.FORMAT, CallerCostBenchmark.ARGUMENT);
			}
		}

		/** The kernel's name prefix of the configuration's own threads, or {@code null}: none. */
		String threadPrefix() {
			return this.threadPrefix;
		}

		/** Whether the configuration reports each event's delivery latency (the starter). */
		boolean reportsLatency() {
			return this.latency != null;
		}

		/** Sends each written event's delivery latency, in ns, to the listener (from a worker). */
		void onLatency(LongConsumer listener) {
			this.latency.addLatencyListener(listener);
		}

		/**
		 * Stops the configuration, writing what is still queued.
		 * @return one line on what became of the events
		 */
		String stop() {
			return (this.target != null) ? this.target.stop() : "nothing to stop";
		}

		/** Events that reached the destination so far, read at once (at the window's edges). */
		long deliveredSoFar() {
			return this.delivered.soFar();
		}

		/** Every event that reached the destination, counted exactly; after {@link #stop()}. */
		long deliveredInAll() {
			return this.delivered.inAll();
		}

	}

	/** How many events a destination received. */
	interface Delivered {

		/** Now, cheaply, within a line or two. */
		long soFar();

		/** Exactly, once nothing is written any more. */
		long inAll();

		/** Events both destinations received: the fewer of the two counts. */
		static Delivered both(Delivered first, Delivered second) {
			return new Delivered() {
				@Override
				public long soFar() {
					return Math.min(first.soFar(), second.soFar());
				}

				@Override
				public long inAll() {
					return Math.min(first.inAll(), second.inAll());
				}
			};
		}

		static Delivered counted(LongSupplier count) {
			return new Delivered() {
				@Override
				public long soFar() {
					return count.getAsLong();
				}

				@Override
				public long inAll() {
					return count.getAsLong();
				}
			};
		}

	}

	/** Where the starter's latency comes from; an interface so that only the starter needs one. */
	interface LatencySource {

		void addLatencyListener(LongConsumer listener);

	}

	/**
	 * Sets a configuration up.
	 * @param configuration what logs
	 * @param destination where to
	 * @param directory a directory for the log file
	 * @param linger the starter's {@code async-logging.linger}, or {@code null} for its default
	 * @return the configuration, started
	 */
	static RateTarget open(Configuration configuration, Destination destination, Path directory, Duration linger) {
		if (!configuration.logs()) {
			return new RateTarget(null, null, Delivered.counted(() -> 0), null);
		}
		if (configuration == Configuration.LOG4J2_ASYNC_LOGGERS) {
			return SteadyRateLog4j2.asyncLoggers(destination, directory.resolve("log4j2.log"));
		}
		Path file = directory.resolve("logback.log");
		LogbackDestination written = logbackDestination(destination, file);
		if (configuration.twoDestinations()) {
			LogbackDestination second = logbackDestination(Destination.NOOP, file);
			return (configuration == Configuration.STARTER_TWO) ? starterTwo(written, second)
					: logbackAsyncAppenders(written, second, configuration.threadPrefix);
		}
		return switch (configuration) {
			case LOGBACK_SYNC -> new RateTarget(LogbackTargets.sync(written.appender()), null, written.delivered(),
					null);
			case ASYNC_APPENDER, ASYNC_APPENDER_NEVER_BLOCK -> logbackAsyncAppender(written,
					configuration == Configuration.ASYNC_APPENDER_NEVER_BLOCK, configuration.threadPrefix);
			case STARTER -> starter(written, linger);
			default -> throw new IllegalArgumentException(configuration.name());
		};
	}

	/**
	 * The starter exactly as {@code AsyncLoggingAutoConfiguration} wires it, with the properties a
	 * user who sets nothing gets, but for {@code linger} when one is given; its workers are named by
	 * its own settings.
	 */
	private static RateTarget starter(LogbackDestination written, Duration linger) {
		AsyncLoggingProperties properties = new AsyncLoggingProperties();
		if (linger != null) {
			properties.setLinger(linger);
		}
		LogbackTargets.StarterTarget target = LogbackTargets.starter(written.appender(), properties);
		String prefix = comm(target.executor().settings().threadNamePrefix());
		return new RateTarget(target, prefix, written.delivered(), target.executor()::addLatencyListener);
	}

	/**
	 * The starter as {@link #starter}, default properties, with two destinations on the root logger.
	 * Its delivery latency is not reported: with lanes, the executor's own worker hands events to the
	 * lanes rather than writing them, so its latency would not be the destinations'.
	 */
	private static RateTarget starterTwo(LogbackDestination first, LogbackDestination second) {
		LogbackTargets.StarterTarget target = LogbackTargets.starter(first.appender(), second.appender(),
				new AsyncLoggingProperties());
		String prefix = comm(target.executor().settings().threadNamePrefix());
		return new RateTarget(target, prefix, Delivered.both(first.delivered(), second.delivered()), null);
	}

	/**
	 * Two destinations, each behind a Logback {@code AsyncAppender} of its own as a user declares them
	 * in {@code logback.xml} (two appender-refs on the root logger), every setting at its default.
	 */
	private static RateTarget logbackAsyncAppenders(LogbackDestination first, LogbackDestination second,
			String prefix) {
		LoggerContext context = logbackContext();
		int n = 0;
		for (LogbackDestination written : java.util.List.of(first, second)) {
			n++;
			Appender<ILoggingEvent> destination = written.appender();
			destination.setContext(context);
			destination.setName((n == 1) ? "DESTINATION" : "SECOND");
			destination.start();
			AsyncAppender async = new AsyncAppender();
			async.setContext(context);
			async.setName("ASYNC-" + n);
			async.addAppender(destination);
			async.start();
			context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(async);
		}
		LogTarget target = new LogbackTargets.Slf4jTarget(context, "logback AsyncAppender x2");
		return new RateTarget(target, prefix, Delivered.both(first.delivered(), second.delivered()), null);
	}

	/**
	 * Logback's {@code AsyncAppender} as a user declares it in {@code logback.xml}: an appender-ref,
	 * and at most {@code neverBlock}; queue size, discarding threshold and the rest are its defaults.
	 */
	private static RateTarget logbackAsyncAppender(LogbackDestination written, boolean neverBlock, String prefix) {
		LoggerContext context = logbackContext();
		Appender<ILoggingEvent> destination = written.appender();
		destination.setContext(context);
		destination.setName("DESTINATION");
		destination.start();
		AsyncAppender async = new AsyncAppender();
		async.setContext(context);
		async.setName("ASYNC");
		if (neverBlock) {
			async.setNeverBlock(true);
		}
		async.addAppender(destination);
		async.start();
		context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(async);
		LogTarget target = new LogbackTargets.Slf4jTarget(context, "logback AsyncAppender");
		return new RateTarget(target, prefix, written.delivered(), null);
	}

	private static LoggerContext logbackContext() {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		context.reset();
		context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.INFO);
		return context;
	}

	/**
	 * A Logback destination, not yet started (each configuration starts it in its own context), and
	 * how to count what it received once the configuration has stopped.
	 */
	private record LogbackDestination(Appender<ILoggingEvent> appender, Delivered delivered) {
	}

	private static LogbackDestination logbackDestination(Destination destination, Path file) {
		if (destination == Destination.NOOP) {
			CountingAppender counting = new CountingAppender();
			return new LogbackDestination(counting, Delivered.counted(counting::received));
		}
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		PatternLayoutEncoder encoder = new PatternLayoutEncoder();
		encoder.setContext(context);
		encoder.setPattern(PATTERN);
		encoder.start();
		FileAppender<ILoggingEvent> appender = new FileAppender<>();
		appender.setFile(file.toString());
		appender.setEncoder(encoder);
		return new LogbackDestination(appender, new FileProgress(file));
	}

	/** A thread name as the kernel keeps it: the first 15 characters. */
	static String comm(String threadName) {
		return (threadName.length() > 15) ? threadName.substring(0, 15) : threadName;
	}

}
