package io.github.asynclogging.benchmarks;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AsyncAppender;
import org.apache.logging.log4j.core.async.AsyncLoggerContext;
import org.apache.logging.log4j.core.config.AbstractConfiguration;
import org.apache.logging.log4j.core.config.AppenderRef;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.LoggerConfig;

/**
 * The Log4j2 configurations, through the Log4j2 API with {@code log4j-core} and kept off SLF4J (which
 * is bound to Logback in this class path): each builds its own {@code log4j-core}
 * {@link LoggerContext} and configures it programmatically.
 */
final class Log4j2Targets {

	private static final String LOGGER_NAME = "bench.Orders";

	private Log4j2Targets() {
	}

	/**
	 * Async Loggers: every logger asynchronous, on an LMAX Disruptor ring buffer of
	 * {@link LogbackTargets#CAPACITY} slots; a caller finding it full waits (Log4j2's default
	 * queue-full policy).
	 */
	static LogTarget asyncLoggers() {
		// Read when the context and its ring buffer are created; set before any Log4j2 class reads them.
		System.setProperty("log4j2.contextSelector", "org.apache.logging.log4j.core.async.AsyncLoggerContextSelector");
		System.setProperty("log4j2.asyncLoggerRingBufferSize", Integer.toString(LogbackTargets.CAPACITY));
		System.setProperty("log4j2.asyncQueueFullPolicy", "Default");
		AsyncLoggerContext context = new AsyncLoggerContext("bench-async-loggers");
		context.start(new BenchConfiguration(context, false));
		long ringBuffer = context.createRingBufferAdmin().getBufferSize();
		if (ringBuffer != LogbackTargets.CAPACITY) {
			throw new IllegalStateException("ring buffer of " + ringBuffer + " slots, not " + LogbackTargets.CAPACITY);
		}
		return new Log4j2Target(context, "log4j2 async loggers (ring buffer " + ringBuffer + ")");
	}

	/**
	 * Log4j2's {@link AsyncAppender}, blocking, with a queue of {@link LogbackTargets#CAPACITY}
	 * events, in front of the destination; the loggers themselves are synchronous.
	 */
	static LogTarget asyncAppender() {
		LoggerContext context = new LoggerContext("bench-async-appender");
		context.start(new BenchConfiguration(context, true));
		return new Log4j2Target(context, "log4j2 AsyncAppender");
	}

	/**
	 * A configuration built in code: the benchmark's logger at INFO, without location, writing to
	 * the do-nothing appender, directly or through a blocking {@link AsyncAppender}; everything
	 * else off. The configuration starts the appenders.
	 */
	static final class BenchConfiguration extends AbstractConfiguration {

		private final boolean asyncAppender;

		BenchConfiguration(LoggerContext context, boolean asyncAppender) {
			super(context, ConfigurationSource.NULL_SOURCE);
			this.asyncAppender = asyncAppender;
			setName("bench");
		}

		@Override
		protected void doConfigure() {
			getRootLogger().setLevel(Level.OFF);
			Appender destination = new NoOpLog4jAppender("destination");
			addAppender(destination);
			Appender written = destination;
			if (this.asyncAppender) {
				written = AsyncAppender.newBuilder()
					.setName("async")
					.setAppenderRefs(new AppenderRef[] { AppenderRef.createAppenderRef("destination", null, null) })
					.setBlocking(true)
					.setBufferSize(LogbackTargets.CAPACITY)
					.setIncludeLocation(false)
					.setConfiguration(this)
					.build();
				addAppender(written);
			}
			LoggerConfig logger = LoggerConfig.newBuilder()
				.withLoggerName(LOGGER_NAME)
				.withLevel(Level.INFO)
				.withAdditivity(false)
				.withIncludeLocation("false")
				.withConfig(this)
				.build();
			logger.addAppender(written, null, null);
			addLogger(LOGGER_NAME, logger);
		}

	}

	static final class Log4j2Target implements LogTarget {

		private final LoggerContext context;

		private final Logger logger;

		private final String name;

		Log4j2Target(LoggerContext context, String name) {
			this.context = context;
			this.logger = context.getLogger(LOGGER_NAME);
			this.name = name;
		}

		@Override
		public void info(String format, Object argument) {
			this.logger.info(format, argument);
		}

		@Override
		public void info(String message) {
			this.logger.info(message);
		}

		@Override
		public void error(String format, Object argument, Throwable thrown) {
			if (thrown != null) {
				this.logger.error(format, argument, thrown);
			}
			else {
				this.logger.error(format, argument);
			}
		}

		@Override
		public String stop() {
			// Writes what is still queued before it returns.
			this.context.stop();
			return this.name + " stopped";
		}

	}

}
