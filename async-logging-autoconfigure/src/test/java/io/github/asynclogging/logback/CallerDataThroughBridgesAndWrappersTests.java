package io.github.asynclogging.logback;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.LogRecord;

import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.bridge.SLF4JBridgeHandler;
import org.slf4j.spi.LocationAwareLogger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 22, point 3: caller data is printed as synchronous Logback prints it, with the starter
 * running and {@code include-caller-data} {@code auto}, for calls that come through a bridge with a
 * caller boundary of its own ({@code jul-to-slf4j}'s {@code SLF4JBridgeHandler}, a
 * {@code LocationAwareLogger.log} with its own fully qualified class name), also while Logback is
 * reconfigured, and for patterns behind Logback's wrapping appenders ({@code AsyncAppender} with
 * {@code includeCallerData}, {@code SiftingAppender}). Each test first logs one line before the
 * starter starts, so that what synchronous Logback prints is asserted too.
 * <p>
 * This class fails on the take-over design: {@code include-caller-data: auto} looks only at an
 * {@code OutputStreamAppender}'s own pattern, not through a wrapping appender, so the
 * {@code AsyncAppender}'s and the {@code SiftingAppender}'s files print {@code ?.?:?}; while a
 * reconfiguration runs, lines bridged from {@code java.util.logging} name
 * {@code SLF4JBridgeHandler.callLocationAwareLogger} as their caller. The two tests of a single call
 * through a bridge, outside a reconfiguration, pass on it.
 */
class CallerDataThroughBridgesAndWrappersTests {

	private static final String CALLER = "%m|%C{0}.%M:%L%n";

	private static final String FILE_CONFIGURATION = """
			<configuration>
			  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
			    <file>${dir}/app.log</file><encoder><pattern>%s</pattern></encoder>
			  </appender>
			  <logger name="io.github.asynclogging" level="WARN"/>
			  <root level="INFO"><appender-ref ref="FILE"/></root>
			</configuration>
			""".formatted(CALLER);

	private static final String ASYNC_APPENDER_CONFIGURATION = """
			<configuration>
			  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
			    <file>${dir}/app.log</file><encoder><pattern>%s</pattern></encoder>
			  </appender>
			  <appender name="ASYNC" class="ch.qos.logback.classic.AsyncAppender">
			    <includeCallerData>true</includeCallerData>
			    <appender-ref ref="FILE"/>
			  </appender>
			  <logger name="io.github.asynclogging" level="WARN"/>
			  <root level="INFO"><appender-ref ref="ASYNC"/></root>
			</configuration>
			""".formatted(CALLER);

	private static final String SIFTING_APPENDER_CONFIGURATION = """
			<configuration>
			  <appender name="SIFT" class="ch.qos.logback.classic.sift.SiftingAppender">
			    <discriminator><key>tenant</key><defaultValue>app</defaultValue></discriminator>
			    <sift>
			      <appender name="FILE-${tenant}" class="ch.qos.logback.core.FileAppender">
			        <file>${dir}/${tenant}.log</file><encoder><pattern>%s</pattern></encoder>
			      </appender>
			    </sift>
			  </appender>
			  <logger name="io.github.asynclogging" level="WARN"/>
			  <root level="INFO"><appender-ref ref="SIFT"/></root>
			</configuration>
			""".formatted(CALLER);

	private final LoggerContext context = new LoggerContext();

	private LogbackBridge bridge;

	private java.util.logging.Logger jul;

	private SLF4JBridgeHandler julHandler;

	@TempDir
	Path dir;

	@BeforeEach
	void configure() {
		Bridges.start(this.context);
		this.bridge = Bridges.bridge(this.context, "caller-worker-", List.of(), BridgeOptions.DEFAULTS);
	}

	@AfterEach
	void close() {
		if (this.jul != null) {
			this.jul.removeHandler(this.julHandler);
		}
		Bridges.stop(this.bridge, this.context);
	}

	private void configure(String xml) {
		this.context.putProperty("dir", this.dir.toString());
		Joran.configure(this.context, xml);
	}

	private String file() {
		Path file = this.dir.resolve("app.log");
		try {
			return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The number of the line that calls this. */
	private static int line() {
		return StackWalker.getInstance().walk((frames) -> frames.skip(1).findFirst()).orElseThrow().getLineNumber();
	}

	private static String method() {
		return StackWalker.getInstance().walk((frames) -> frames.skip(1).findFirst()).orElseThrow().getMethodName();
	}

	/** What the caller pattern prints for a line logged at that line of that method of this class. */
	private static String printed(String message, String method, int line) {
		return message + "|" + CallerDataThroughBridgesAndWrappersTests.class.getSimpleName() + "." + method + ":" + line;
	}

	private void awaitLine(String expected) {
		await().untilAsserted(() -> assertThat(file().lines()).contains(expected));
	}

	/**
	 * A {@code java.util.logging} logger bridged to this test's Logback context by {@code jul-to-slf4j}'s
	 * handler, as {@code SLF4JBridgeHandler.install()} bridges the JVM's to the JVM's.
	 */
	private java.util.logging.Logger julLogger() {
		this.julHandler = new SLF4JBridgeHandler() {
			@Override
			protected org.slf4j.Logger getSLF4JLogger(LogRecord record) {
				return CallerDataThroughBridgesAndWrappersTests.this.context.getLogger(record.getLoggerName());
			}
		};
		this.jul = java.util.logging.Logger.getLogger("caller-data.jul");
		this.jul.setUseParentHandlers(false);
		this.jul.addHandler(this.julHandler);
		return this.jul;
	}

	@Test
	void aCallThroughJulToSlf4jNamesTheApplicationsMethod() {
		configure(FILE_CONFIGURATION);
		java.util.logging.Logger jul = julLogger();
		jul.info("before the start"); int before = line();
		awaitLine(printed("before the start", method(), before));
		this.bridge.start();
		jul.info("through jul"); int line = line();
		awaitLine(printed("through jul", method(), line));
	}

	@Test
	void aLocationAwareLoggerCallWithItsOwnCallerBoundaryNamesTheApplicationsMethod() {
		configure(FILE_CONFIGURATION);
		Facade facade = new Facade(this.context.getLogger("caller-data.facade"));
		facade.info("before the start"); int before = line();
		awaitLine(printed("before the start", method(), before));
		this.bridge.start();
		facade.info("through a facade"); int line = line();
		awaitLine(printed("through a facade", method(), line));
	}

	/**
	 * A thread logs through {@code jul-to-slf4j} while Logback is configured again ten times, as a
	 * scan does: every line written names the application's method, whichever configuration wrote it.
	 */
	@Test
	@Timeout(value = 120, unit = TimeUnit.SECONDS)
	void linesThroughJulToSlf4jNameTheApplicationsMethodWhileLogbackIsReconfigured() throws Exception {
		configure(FILE_CONFIGURATION);
		java.util.logging.Logger jul = julLogger();
		this.bridge.start();
		AtomicBoolean logging = new AtomicBoolean(true);
		AtomicInteger logged = new AtomicInteger();
		AtomicInteger callLine = new AtomicInteger();
		Thread caller = new Thread(() -> julLoop(jul, logging, logged, callLine), "jul-caller");
		caller.start();
		for (int i = 0; i < 10; i++) {
			int before = logged.get();
			await().until(() -> logged.get() > before + 200);
			this.context.reset();
			configure(FILE_CONFIGURATION);
		}
		int before = logged.get();
		await().until(() -> logged.get() > before + 200);
		logging.set(false);
		caller.join();
		this.bridge.stop(Duration.ofSeconds(30));
		this.bridge = null;
		List<String> lines = file().lines().toList();
		assertThat(lines).hasSizeGreaterThan(1000);
		String expected = "|" + getClass().getSimpleName() + ".julLoop:" + callLine.get();
		assertThat(lines.stream().filter((written) -> !written.endsWith(expected)).toList())
			.as("lines of %d that do not name %s", lines.size(), expected)
			.isEmpty();
	}

	private static void julLoop(java.util.logging.Logger jul, AtomicBoolean logging, AtomicInteger logged,
			AtomicInteger callLine) {
		while (logging.get()) {
			jul.info("jul " + logged.get()); callLine.set(line());
			logged.incrementAndGet();
		}
	}

	@Test
	void aPatternBehindAnAsyncAppenderWithCallerDataPrintsTheApplicationsMethod() {
		configure(ASYNC_APPENDER_CONFIGURATION);
		org.slf4j.Logger app = this.context.getLogger("app");
		app.info("before the start"); int before = line();
		awaitLine(printed("before the start", method(), before));
		this.bridge.start();
		app.info("behind an AsyncAppender"); int line = line();
		awaitLine(printed("behind an AsyncAppender", method(), line));
	}

	@Test
	void aPatternInsideASiftingAppenderPrintsTheApplicationsMethod() {
		configure(SIFTING_APPENDER_CONFIGURATION);
		org.slf4j.Logger app = this.context.getLogger("app");
		app.info("before the start"); int before = line();
		awaitLine(printed("before the start", method(), before));
		this.bridge.start();
		app.info("inside a SiftingAppender"); int line = line();
		awaitLine(printed("inside a SiftingAppender", method(), line));
	}

	/** A logging facade over SLF4J that names itself as the caller boundary, as bridges do. */
	private static final class Facade {

		private final LocationAwareLogger logger;

		Facade(org.slf4j.Logger logger) {
			this.logger = (LocationAwareLogger) logger;
		}

		void info(String message) {
			this.logger.log(null, Facade.class.getName(), LocationAwareLogger.INFO_INT, message, null, null);
		}

	}

}
