package io.github.asynclogging.sample.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.github.asynclogging.logback.LogbackBridge;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, black box: a user's {@code logback-spring.xml} with a logger that is not additive and
 * has its own file, loggers with appenders of their own beside the root's, one appender on three
 * loggers, a filter, MDC, caller data in the patterns ({@code %file:%line %method}, {@code %caller})
 * and an exception. The files the application writes with the starter are byte for byte those it
 * writes with {@code async-logging.enabled=false}, also with an appender kept synchronous, and the
 * start-up line names what the workers write, each appender with a lane of its own. Three runs, each
 * in a JVM of its own (Logback is one per JVM).
 */
class SameOutputTests {

	private static final List<String> FILES = List.of("main.log", "audit.log", "shared.log");

	private static final Pattern LANE = Pattern
		.compile("(?:: |, )(\\S+) \\(\\d+ events / \\d+ [KM]B, (?:drop-newest|drop-oldest|block)[^)]*\\)");

	@TempDir
	private Path directory;

	private Path configuration;

	@BeforeEach
	void writeConfiguration() throws IOException {
		this.configuration = this.directory.resolve("logback-spring.xml");
		Files.writeString(this.configuration, """
				<configuration>
				  <springProperty name="DIR" source="output.dir"/>
				  <appender name="MAIN" class="ch.qos.logback.core.FileAppender">
				    <file>${DIR}/main.log</file>
				    <encoder><pattern>%%level %%logger [%%X{order:-}] %%msg %%file:%%line %%method%%n%%ex</pattern></encoder>
				  </appender>
				  <appender name="AUDIT" class="ch.qos.logback.core.FileAppender">
				    <file>${DIR}/audit.log</file>
				    <encoder><pattern>%%level %%msg %%caller{1}</pattern></encoder>
				  </appender>
				  <appender name="SHARED" class="ch.qos.logback.core.FileAppender">
				    <file>${DIR}/shared.log</file>
				    <filter class="ch.qos.logback.classic.filter.ThresholdFilter"><level>INFO</level></filter>
				    <encoder><pattern>%%level %%logger %%msg%%n</pattern></encoder>
				  </appender>
				  <appender name="NOTICES" class="ch.qos.logback.core.FileAppender">
				    <file>${DIR}/notices.log</file>
				    <encoder><pattern>%%msg%%n</pattern></encoder>
				  </appender>
				  <logger name="audit" level="INFO" additivity="false"><appender-ref ref="AUDIT"/></logger>
				  <logger name="app.payments" level="DEBUG"><appender-ref ref="SHARED"/></logger>
				  <logger name="app.payments.card"><appender-ref ref="SHARED"/></logger>
				  <logger name="%s" level="INFO" additivity="false"><appender-ref ref="NOTICES"/></logger>
				  <root level="WARN"><appender-ref ref="MAIN"/><appender-ref ref="SHARED"/></root>
				  <logger name="app" level="INFO"/>
				</configuration>
				""".formatted(LogbackBridge.NOTICE_LOGGER));
	}

	@Test
	@Timeout(value = 240, unit = TimeUnit.SECONDS)
	void everyLoggersAppendersWriteWhatSynchronousLogbackWritesByteForByte() throws Exception {
		Path synchronous = run("sync", "--async-logging.enabled=false");
		Path async = run("async");
		Path auditSynchronous = run("async-audit-synchronous", "--async-logging.exclude-appenders=AUDIT");
		for (String file : FILES) {
			assertThat(read(async, file)).as(file).isEqualTo(read(synchronous, file)).isNotEmpty();
			assertThat(read(auditSynchronous, file)).as("%s, AUDIT excluded", file).isEqualTo(read(synchronous, file));
		}
		assertThat(read(synchronous, "main.log")).as("caller data, printed by the pattern")
			.contains("OutputApp.java:")
			.contains(" logTheCalls\n")
			.contains("INFO app.orders [] x y z ")
			.contains("java.lang.IllegalStateException: boom");
		assertThat(read(synchronous, "shared.log").lines().filter((line) -> line.endsWith("charged 10 EUR")))
			.as("a card event on SHARED: its logger's, payments' and the root's").hasSize(3 * 12);
		assertThat(startUpLine(synchronous)).isEmpty();
		assertThat(startUpLine(async)).hasValueSatisfying((line) -> {
			assertThat(lanes(line)).as("destinations with a lane of their own in: %s", line)
				.containsExactlyInAnyOrder("MAIN", "SHARED", "AUDIT", "NOTICES");
			assertThat(line).startsWith("async-logging: ")
				.contains(", each a lane of its own written by ")
				.contains("caller data captured")
				.endsWith("synchronous: none");
		});
		assertThat(startUpLine(auditSynchronous)).hasValueSatisfying((line) -> {
			assertThat(lanes(line)).as("destinations with a lane of their own in: %s", line)
				.containsExactlyInAnyOrder("MAIN", "SHARED", "NOTICES");
			assertThat(line).startsWith("async-logging: ").endsWith("synchronous: AUDIT");
		});
	}

	private static Optional<String> startUpLine(Path dir) throws IOException {
		return read(dir, "notices.log").lines().filter((line) -> line.contains(" written by ")).findFirst();
	}

	/** The destinations the start-up line names with their lane, e.g. {@code MAIN (8192 events / 12 MB, ...)}. */
	private static List<String> lanes(String line) {
		return LANE.matcher(line).results().map((lane) -> lane.group(1)).toList();
	}

	private Path run(String name, String... arguments) throws Exception {
		Path dir = Files.createDirectories(this.directory.resolve(name));
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
				OutputApp.class.getName(), "--logging.config=" + this.configuration, "--output.dir=" + dir,
				// Not the sample application's application.yml, which is on this class path too.
				"--spring.config.name=output-app"));
		command.addAll(List.of(arguments));
		Process app = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(dir.resolve("console.out").toFile())
			.start();
		assertThat(app.waitFor(90, TimeUnit.SECONDS)).as("%s exits", name).isTrue();
		assertThat(app.exitValue()).as("%s exit status, see %s", name, dir.resolve("console.out")).isZero();
		return dir;
	}

	private static String read(Path dir, String file) throws IOException {
		Path path = dir.resolve(file);
		return Files.exists(path) ? Files.readString(path, StandardCharsets.UTF_8) : "";
	}

}
