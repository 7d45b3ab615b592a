package io.github.asynclogging.benchmarks;

import java.nio.file.Path;

import io.github.asynclogging.benchmarks.SteadyRateTargets.Configuration;
import io.github.asynclogging.benchmarks.SteadyRateTargets.Delivered;
import io.github.asynclogging.benchmarks.SteadyRateTargets.Destination;
import io.github.asynclogging.benchmarks.SteadyRateTargets.RateTarget;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.async.AsyncLoggerContext;
import org.apache.logging.log4j.core.config.AbstractConfiguration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/** The steady-rate benchmark's Log4j2 configuration: Async Loggers, to a do-nothing appender or a file. */
final class SteadyRateLog4j2 {

	private SteadyRateLog4j2() {
	}

	/**
	 * Log4j2 Async Loggers as users switch them on: the {@code AsyncLoggerContextSelector} system
	 * property, nothing else (default ring buffer, wait strategy and queue-full policy); logged
	 * through the Log4j2 API.
	 */
	static RateTarget asyncLoggers(Destination destination, Path file) {
		// Read when the first Log4j2 class initialises; nothing in this JVM has touched Log4j2 yet.
		System.setProperty("log4j2.contextSelector", "org.apache.logging.log4j.core.async.AsyncLoggerContextSelector");
		AsyncLoggerContext context = new AsyncLoggerContext("steady-rate");
		Log4j2Configuration configuration = new Log4j2Configuration(context, destination, file);
		context.start(configuration);
		LogTarget target = new Log4j2Targets.Log4j2Target(context, "log4j2 async loggers");
		return new RateTarget(target, Configuration.LOG4J2_ASYNC_LOGGERS.threadPrefix, configuration, null);
	}

	/**
	 * The benchmark's logger at INFO, not additive, writing to the destination; the root logger off.
	 */
	private static final class Log4j2Configuration extends AbstractConfiguration implements Delivered {

		private final Destination destination;

		private final Path file;

		private CountingLog4jAppender counting;

		private final FileProgress progress;

		Log4j2Configuration(org.apache.logging.log4j.core.LoggerContext context, Destination destination, Path file) {
			super(context, ConfigurationSource.NULL_SOURCE);
			this.destination = destination;
			this.file = file;
			this.progress = new FileProgress(file);
			setName("steady-rate");
		}

		@Override
		protected void doConfigure() {
			getRootLogger().setLevel(Level.OFF);
			org.apache.logging.log4j.core.Appender appender;
			if (this.destination == Destination.NOOP) {
				this.counting = new CountingLog4jAppender("destination");
				appender = this.counting;
			}
			else {
				appender = org.apache.logging.log4j.core.appender.FileAppender.newBuilder()
					.setName("destination")
					.withFileName(this.file.toString())
					.setLayout(PatternLayout.newBuilder().withPattern(SteadyRateTargets.PATTERN).withConfiguration(this).build())
					.setConfiguration(this)
					.build();
			}
			addAppender(appender);
			LoggerConfig logger = LoggerConfig.newBuilder()
				.withLoggerName(SteadyRateTargets.LOGGER_NAME)
				.withLevel(Level.INFO)
				.withAdditivity(false)
				.withIncludeLocation("false")
				.withConfig(this)
				.build();
			logger.addAppender(appender, null, null);
			addLogger(SteadyRateTargets.LOGGER_NAME, logger);
		}

		@Override
		public long soFar() {
			return (this.counting != null) ? this.counting.received() : this.progress.soFar();
		}

		@Override
		public long inAll() {
			return (this.counting != null) ? this.counting.received() : this.progress.inAll();
		}

	}

}
