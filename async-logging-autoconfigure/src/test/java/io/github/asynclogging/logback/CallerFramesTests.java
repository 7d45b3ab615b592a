package io.github.asynclogging.logback;

import java.util.concurrent.atomic.AtomicReference;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.bridge.SLF4JBridgeHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Caller data read in a turbo filter, where Logback does not say which logging API's class a call came
 * through: a call through {@code java.util.logging} and jul-to-slf4j names the application's method,
 * as synchronous Logback does, where an event built with Logback's {@code Logger} as its boundary
 * names the bridge.
 */
class CallerFramesTests {

	private static final String LOGGER = "caller-frames-test";

	private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

	private final AtomicReference<StackTraceElement[]> read = new AtomicReference<>();

	private final AtomicReference<StackTraceElement[]> withLogbacksBoundary = new AtomicReference<>();

	private final TurboFilter recorder = new TurboFilter() {
		@Override
		public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
			if (LOGGER.equals(logger.getName()) && format != null) {
				CallerFramesTests.this.read.set(CallerFrames.ofCall(getClass(), 8, CallerFramesTests.this.context.getFrameworkPackages()));
				CallerFramesTests.this.withLogbacksBoundary
					.set(new LoggingEvent(Logger.class.getName(), logger, level, format, t, params).getCallerData());
			}
			return FilterReply.NEUTRAL;
		}
	};

	private final java.util.logging.Logger jul = java.util.logging.Logger.getLogger(LOGGER);

	private final SLF4JBridgeHandler handler = new SLF4JBridgeHandler();

	@AfterEach
	void close() {
		this.context.getTurboFilterList().remove(this.recorder);
		this.jul.removeHandler(this.handler);
	}

	@Test
	void aCallThroughJavaUtilLoggingNamesTheApplicationsMethod() {
		this.recorder.start();
		this.context.addTurboFilter(this.recorder);
		this.jul.setUseParentHandlers(false);
		this.jul.addHandler(this.handler);
		this.jul.info("through jul-to-slf4j");
		assertThat(this.withLogbacksBoundary.get()[0].getClassName()).isEqualTo(SLF4JBridgeHandler.class.getName());
		assertThat(this.read.get()[0].getClassName()).isEqualTo(CallerFramesTests.class.getName());
		assertThat(this.read.get()[0].getMethodName()).isEqualTo("aCallThroughJavaUtilLoggingNamesTheApplicationsMethod");
	}

	@Test
	void aCallThroughSlf4jNamesTheApplicationsMethod() {
		this.recorder.start();
		this.context.addTurboFilter(this.recorder);
		LoggerFactory.getLogger(LOGGER).info("through SLF4J");
		assertThat(this.read.get()[0].getMethodName()).isEqualTo("aCallThroughSlf4jNamesTheApplicationsMethod");
		assertThat(this.read.get()).hasSize(8);
	}

}
