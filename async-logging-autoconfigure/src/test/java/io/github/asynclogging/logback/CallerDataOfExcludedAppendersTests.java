package io.github.asynclogging.logback;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.logging.LogRecord;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.bridge.SLF4JBridgeHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A line logged through jul-to-slf4j and written by an appender that stays synchronous
 * ({@code exclude-appenders}) and prints {@code %M}, when the starter had not captured caller data:
 * Logback would read it past its own {@code Logger} class and name jul-to-slf4j's
 * {@code callLocationAwareLogger}. Both tests fail with the caller's write of such appenders left to
 * Logback's own reading.
 */
class CallerDataOfExcludedAppendersTests {

	private final LoggerContext context = new LoggerContext();

	private LogbackBridge bridge;

	private java.util.logging.Logger jul;

	private SLF4JBridgeHandler julHandler;

	@BeforeEach
	void configure() {
		Bridges.start(this.context);
		this.jul = java.util.logging.Logger.getLogger("excluded.jul");
		this.jul.setUseParentHandlers(false);
		this.julHandler = new SLF4JBridgeHandler() {
			@Override
			protected org.slf4j.Logger getSLF4JLogger(LogRecord record) {
				return CallerDataOfExcludedAppendersTests.this.context.getLogger(record.getLoggerName());
			}
		};
		this.jul.addHandler(this.julHandler);
	}

	@AfterEach
	void close() {
		this.jul.removeHandler(this.julHandler);
		Bridges.stop(this.bridge, this.context);
	}

	private OutputStreamAppender<ILoggingEvent> printer(String name, String pattern, ByteArrayOutputStream out) {
		PatternLayoutEncoder encoder = new PatternLayoutEncoder();
		encoder.setContext(this.context);
		encoder.setPattern(pattern);
		encoder.start();
		OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
		appender.setName(name);
		appender.setContext(this.context);
		appender.setEncoder(encoder);
		appender.setOutputStream(out);
		appender.start();
		return appender;
	}

	private static List<String> lines(ByteArrayOutputStream out) {
		synchronized (out) {
			// The starter's own lines aside.
			return out.toString(StandardCharsets.UTF_8).lines().filter((l) -> !l.startsWith("async-logging")).toList();
		}
	}

	private static String method() {
		return StackWalker.getInstance().walk((frames) -> frames.skip(1).findFirst()).orElseThrow().getMethodName();
	}

	/**
	 * The excluded AUDIT is replaced at run time by one of the same name whose pattern prints %M; the
	 * caller writes it before any worker has met it.
	 */
	@Test
	void anExcludedAppenderReplacedAtRunTimeByOneThatPrintsTheMethodNamesTheApplicationsMethodForAJulCall() {
		ByteArrayOutputStream plain = new ByteArrayOutputStream();
		this.context.getLogger("ROOT").addAppender(printer("PLAIN", "%m%n", plain));
		this.context.getLogger("ROOT").addAppender(printer("AUDIT", "%m%n", new ByteArrayOutputStream()));
		this.bridge = Bridges.bridge(this.context, "excluded-caller-data-", List.of(),
				new BridgeOptions(IncludeCallerData.AUTO, Set.of("AUDIT")));
		this.bridge.start();
		ByteArrayOutputStream audit = new ByteArrayOutputStream();
		this.context.getLogger("ROOT").detachAppender("AUDIT");
		this.context.getLogger("ROOT").addAppender(printer("AUDIT", "%m|%M%n", audit));
		this.jul.info("through jul");
		String expected = "through jul|" + method();
		await().atMost(Duration.ofSeconds(5)).until(() -> lines(plain).size() == 1);
		assertThat(lines(audit)).containsExactly(expected);
	}

	/**
	 * With {@code include-caller-data: false} no caller data is read, for the appenders the caller
	 * writes either: both print '?', neither names jul-to-slf4j's own method, and start-up names both.
	 */
	@Test
	void withIncludeCallerDataFalseNoAppenderNamesTheBridgesMethodForAJulCall() {
		ByteArrayOutputStream async = new ByteArrayOutputStream();
		ByteArrayOutputStream audit = new ByteArrayOutputStream();
		this.context.getLogger("ROOT").addAppender(printer("ASYNC_M", "%m|%M%n", async));
		this.context.getLogger("ROOT").addAppender(printer("AUDIT", "%m|%M%n", audit));
		this.bridge = Bridges.bridge(this.context, "excluded-caller-data-", List.of(),
				new BridgeOptions(IncludeCallerData.FALSE, Set.of("AUDIT")));
		this.bridge.start();
		this.jul.info("through jul");
		await().atMost(Duration.ofSeconds(5)).until(() -> lines(async).size() == 1);
		assertThat(lines(audit)).as("AUDIT (synchronous)").containsExactly("through jul|?");
		assertThat(lines(async)).as("ASYNC_M (include-caller-data false)").containsExactly("through jul|?");
		// Start-up says so of both, the one the caller writes included.
		assertThat(audit.toString(StandardCharsets.UTF_8))
			.contains("async-logging: ASYNC_M, AUDIT print caller data (%line, %method, %class, %file or %caller), "
					+ "but async-logging.include-caller-data is false");
	}

}
