package io.github.asynclogging.logback;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import io.github.asynclogging.engine.DestinationLane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Issue 12: the appenders of every logger are written by the workers, each event reaching exactly
 * the appenders synchronous Logback gives it, formatted exactly as synchronous Logback formats it,
 * caller data included. Each test writes the same calls through a real Joran configuration of file
 * appenders twice, without the starter and with it, and compares the files byte for byte.
 */
class EveryLoggerTests {

	/** Prints caller data: with include-caller-data auto, captured for it alone. */
	private static final String CALLER_PATTERN = "%-5level [%thread] %logger{20} %C{1}.%M:%L %X{tag} - %msg%n%ex{1}";

	private static final String PATTERN = "%-5level [%thread] %logger %X{tag} - %msg%n%ex{1}";

	/**
	 * An audit logger that does not pass events up, a payments logger that does and has an appender of
	 * its own, the SHARED appender attached to two loggers of one route and to the root.
	 */
	private static final String CONFIGURATION = """
			<configuration>
			  <appender name="MAIN" class="ch.qos.logback.core.FileAppender">
			    <file>${dir}/main.log</file><encoder><pattern>%s</pattern></encoder>
			  </appender>
			  <appender name="AUDIT" class="ch.qos.logback.core.FileAppender">
			    <file>${dir}/audit.log</file><encoder><pattern>%s</pattern></encoder>
			  </appender>
			  <appender name="SHARED" class="ch.qos.logback.core.FileAppender">
			    <file>${dir}/shared.log</file><encoder><pattern>%s</pattern></encoder>
			  </appender>
			  <appender name="NOTICES" class="ch.qos.logback.core.read.ListAppender"/>
			  <logger name="io.github.asynclogging" level="INFO" additivity="false"><appender-ref ref="NOTICES"/></logger>
			  <logger name="audit" level="INFO" additivity="false"><appender-ref ref="AUDIT"/></logger>
			  <logger name="app.payments" level="DEBUG"><appender-ref ref="SHARED"/></logger>
			  <logger name="app.payments.card"><appender-ref ref="SHARED"/></logger>
			  <root level="INFO"><appender-ref ref="MAIN"/><appender-ref ref="SHARED"/></root>
			</configuration>
			""".formatted(PATTERN, PATTERN, CALLER_PATTERN);

	@TempDir
	Path dir;

	private LoggerContext context;

	private LogbackBridge bridge;

	@AfterEach
	void stop() {
		if (this.bridge != null) {
			this.bridge.stop(Duration.ofSeconds(10));
		}
		if (this.context != null) {
			this.context.stop();
		}
	}

	private LoggerContext configured(Path into) {
		LoggerContext context = new LoggerContext();
		context.setMDCAdapter(new LogbackMDCAdapter());
		context.putProperty("dir", into.toString());
		Joran.configure(context, CONFIGURATION);
		return context;
	}

	/** The calls of every test: several loggers, levels, arguments, an exception, the MDC. */
	private static void logTheCalls(LoggerContext context) {
		Logger app = context.getLogger("app");
		Logger payments = context.getLogger("app.payments");
		Logger card = context.getLogger("app.payments.card");
		Logger audit = context.getLogger("audit");
		context.getMDCAdapter().put("tag", "t-1");
		for (int i = 0; i < 50; i++) {
			app.info("order {} shipped to {}", i, "Paris");
			payments.debug("payment {} authorised", i);
			card.info("card {} charged {} EUR", "**** 4242", i * 10);
			audit.info("user {} read record {}", "alice", i);
			app.debug("not written: app is at INFO");
		}
		context.getMDCAdapter().remove("tag");
		app.warn("failed to ship", new IllegalStateException("warehouse closed"));
		audit.error("audit failure {}", 7, new IllegalArgumentException("bad record"));
	}

	private static String read(Path file) throws IOException {
		return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
	}

	/** What synchronous Logback writes to a file for the same calls, written once per test. */
	private String synchronousOutput(String file) throws IOException {
		Path sync = this.dir.resolve("sync");
		if (!Files.exists(sync)) {
			Files.createDirectories(sync);
			LoggerContext context = configured(sync);
			logTheCalls(context);
			context.stop();
		}
		return read(sync.resolve(file));
	}

	private Path withTheStarter(BridgeOptions options, Consumer<LoggerContext> afterStart) {
		Path async = this.dir.resolve("async");
		try {
			Files.createDirectories(async);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.context = configured(async);
		this.bridge = Bridges.bridge(this.context, "every-logger-worker-", List.of(), options);
		// The start-up line is wanted here: it goes to NOTICES alone.
		this.context.getLogger(LogbackBridge.NOTICE_LOGGER).setLevel(null);
		this.bridge.start();
		afterStart.accept(this.context);
		logTheCalls(this.context);
		return async;
	}

	@Test
	void everyAppenderOfEveryLoggerIsWrittenByTheWorkersExactlyAsSynchronousLogbackWritesIt() throws IOException {
		Path async = withTheStarter(BridgeOptions.DEFAULTS, (context) -> {
		});
		Map<String, List<String>> configured = Map.of("ROOT", List.of("MAIN", "SHARED"), "audit", List.of("AUDIT"),
				"app.payments", List.of("SHARED"), "app.payments.card", List.of("SHARED"));
		// The appenders stay where the configuration put them, while the starter runs and after.
		configured.forEach((logger, appenders) -> assertThat(Bridges.appendersOf(this.context.getLogger(logger)))
			.as("appenders of %s", logger)
			.extracting(Appender::getName)
			.containsExactlyElementsOf(appenders));
		this.bridge.stop(Duration.ofSeconds(10));
		for (String file : List.of("main.log", "audit.log", "shared.log")) {
			assertThat(read(async.resolve(file))).as(file).isEqualTo(synchronousOutput(file)).isNotEmpty();
		}
		// Card events reach SHARED three times (its logger, payments, the root), payments twice: as Logback does.
		assertThat(read(async.resolve("shared.log")).lines().filter((line) -> line.contains("charged 10 EUR"))).hasSize(3);
		assertThat(read(async.resolve("shared.log"))).contains("EveryLoggerTests.logTheCalls:");
		// Each destination's lane wrote every event routed to it: SHARED once per logger it is attached to.
		assertThat(this.bridge.executor().destinations()).extracting(DestinationLane::name)
			.containsExactlyInAnyOrder("MAIN", "SHARED", "AUDIT", "NOTICES");
		assertThat(this.bridge.executor().destinations())
			.allSatisfy((lane) -> assertThat(lane.delivered()).as(lane.name()).isEqualTo(lane.routed()).isPositive());
		assertThat(this.bridge.executor().dropped() + this.bridge.executor().failed()).isZero();
		configured.forEach((logger, appenders) -> assertThat(Bridges.appendersOf(this.context.getLogger(logger)))
			.as("appenders of %s after the stop", logger)
			.extracting(Appender::getName)
			.containsExactlyElementsOf(appenders));
	}

	@Test
	void theStartUpLineSaysWhatTheWorkersWrite() {
		withTheStarter(BridgeOptions.DEFAULTS, (context) -> {
		});
		this.bridge.stop(Duration.ofSeconds(10));
		@SuppressWarnings("unchecked")
		ListAppender<ILoggingEvent> notices = (ListAppender<ILoggingEvent>) this.context
			.getLogger(LogbackBridge.NOTICE_LOGGER)
			.getAppender("NOTICES");
		assertThat(notices.list).first()
			.extracting(ILoggingEvent::getFormattedMessage)
			.asString()
			.startsWith("async-logging: ")
			.isEqualTo(String.format("async-logging: AUDIT (%1$s), MAIN (%1$s), NOTICES (%1$s), SHARED (%1$s), each a lane of its own "
					+ "written by 1 worker; caller data captured; trace context carried; synchronous: none",
					"1024 events / " + Bridges.lane(this.bridge.executor(), "MAIN").settings().queueMemory() / (1024 * 1024)
							+ " MB, drop-newest"));
	}

	@Test
	void anExcludedAppenderStaysOnItsLoggerAndIsWrittenBeforeTheCallReturns() throws IOException {
		Path async = withTheStarter(new BridgeOptions(IncludeCallerData.AUTO, Set.of("AUDIT")), (context) -> {
			assertThat(Bridges.appendersOf(context.getLogger("audit"))).extracting(Appender::getName)
				.containsExactly("AUDIT");
			context.getLogger("audit").info("on disk when the call returns");
			try {
				assertThat(read(async().resolve("audit.log"))).contains("on disk when the call returns");
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		this.bridge.stop(Duration.ofSeconds(10));
		assertThat(read(async.resolve("main.log"))).isEqualTo(synchronousOutput("main.log"));
		assertThat(read(async.resolve("audit.log"))).contains("user alice read record 49");
	}

	private Path async() {
		return this.dir.resolve("async");
	}

	@Test
	void anExcludedNameNoLoggerHasIsRefusedNamingTheAppendersThatExist() {
		this.context = configured(this.dir);
		this.bridge = Bridges.bridge(this.context, "every-logger-worker-", List.of(),
				new BridgeOptions(IncludeCallerData.AUTO, Set.of("AUDTI")));
		assertThatExceptionOfType(UnknownAppenderException.class).isThrownBy(this.bridge::start)
			.satisfies((ex) -> assertThat(ex.getUnknown()).containsExactly("AUDTI"))
			.satisfies((ex) -> assertThat(ex.getAttached()).contains("AUDIT", "MAIN", "SHARED", "NOTICES"));
		assertThat(Bridges.appendersOf(this.context.getLogger("audit"))).extracting(Appender::getName)
			.containsExactly("AUDIT");
		this.bridge = null;
	}

	@Test
	void callerDataOffWhenAPatternPrintsItIsSaidOnceAndPrintsQuestionMarks() {
		withTheStarter(new BridgeOptions(IncludeCallerData.FALSE, Set.of()), (context) -> {
		});
		this.bridge.stop(Duration.ofSeconds(10));
		@SuppressWarnings("unchecked")
		ListAppender<ILoggingEvent> notices = (ListAppender<ILoggingEvent>) this.context
			.getLogger(LogbackBridge.NOTICE_LOGGER)
			.getAppender("NOTICES");
		assertThat(notices.list).filteredOn((event) -> event.getFormattedMessage().contains("print caller data"))
			.singleElement()
			.extracting(ILoggingEvent::getFormattedMessage)
			.asString()
			.contains("SHARED", "async-logging.include-caller-data is false");
	}

	@Test
	void appendersAReconfigurationAttachesToANamedLoggerAreTakenOverToo() throws IOException {
		Path async = withTheStarter(BridgeOptions.DEFAULTS, (context) -> {
			// As a scan does: reset (which forgets the properties), then configure again.
			context.reset();
			context.putProperty("dir", async().toString());
			Joran.configure(context, CONFIGURATION.replace("<logger name=\"app.payments.card\">",
					"<logger name=\"app.payments.card\" additivity=\"false\">"));
		});
		assertThat(Bridges.appendersOf(this.context.getLogger("app.payments.card"))).extracting(Appender::getName)
			.containsExactly("SHARED");
		this.bridge.stop(Duration.ofSeconds(10));
		assertThat(read(async.resolve("shared.log")).lines().filter((line) -> line.contains("charged 10 EUR"))).hasSize(1);
		assertThat(read(async.resolve("main.log"))).doesNotContain("charged 10 EUR").contains("order 49 shipped");
	}

}
