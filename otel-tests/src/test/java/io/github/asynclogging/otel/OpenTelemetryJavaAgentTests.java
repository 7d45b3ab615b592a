package io.github.asynclogging.otel;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Issue 22, point 4: with the OpenTelemetry Java agent, which exports Logback's records from an advice
 * on {@code Logger.callAppenders} and reads the OpenTelemetry context of the thread that calls it,
 * every line the application logs is exported exactly once, with the trace and span ids of the span
 * that was current when the application logged it (three spans at once, on three threads, whose
 * lines the worker writes interleaved). The application ({@link JavaAgentApplication})
 * runs in a JVM of its own started with {@code -javaagent}, exporting to standard output (the agent's
 * {@code logging} exporters), offline.
 */
class OpenTelemetryJavaAgentTests {

	private static final int SPANS = 3;

	private static final int LINES = 100;

	/** What the application says of each span: {@code SPAN <n> <trace id> <span id>}. */
	private static final Pattern SPAN = Pattern.compile("^SPAN (\\d+) ([0-9a-f]{32}) ([0-9a-f]{16})$");

	/**
	 * A log record as the agent's logging exporter prints it:
	 * {@code <time> INFO 'agent line 0-1' : <trace id> <span id> [scopeInfo: ...] {...}}.
	 */
	private static final Pattern RECORD = Pattern
		.compile("'(agent line [^']+)' : ([0-9a-f]{32}) ([0-9a-f]{16}) \\[scopeInfo");

	@TempDir
	Path dir;

	@Test
	@Timeout(value = 5, unit = TimeUnit.MINUTES)
	void everyLineIsExportedOnceWithTheIdsOfTheSpanCurrentWhenItWasLogged() throws Exception {
		List<String> out = runWithTheAgent();
		Map<Integer, String[]> spans = new HashMap<>();
		Map<String, List<String[]>> records = new HashMap<>();
		for (String line : out) {
			Matcher span = SPAN.matcher(line);
			if (span.matches()) {
				spans.put(Integer.valueOf(span.group(1)), new String[] { span.group(2), span.group(3) });
			}
			Matcher record = RECORD.matcher(line);
			if (record.find()) {
				records.computeIfAbsent(record.group(1), (message) -> new ArrayList<>())
					.add(new String[] { record.group(2), record.group(3) });
			}
		}
		assertThat(spans).as("spans the application opened").hasSize(SPANS);
		for (int n = 0; n < SPANS; n++) {
			String[] ids = spans.get(n);
			for (int i = 0; i < LINES; i++) {
				String message = "agent line " + n + "-" + i;
				assertThat(records.get(message)).as("records exported for '%s'", message)
					.isNotNull()
					.singleElement()
					.satisfies((exported) -> assertThat(exported).as("trace id and span id of '%s'", message)
						.containsExactly(ids));
			}
		}
		assertThat(records.get("agent line outside any span")).as("records exported for the line outside any span")
			.isNotNull()
			.singleElement()
			.satisfies((exported) -> assertThat(exported).as("trace id and span id of the line outside any span")
				.containsExactly("00000000000000000000000000000000", "0000000000000000"));
		assertThat(records).as("records exported").hasSize(SPANS * LINES + 1);
	}

	private List<String> runWithTheAgent() throws IOException, InterruptedException {
		String agent = System.getProperty("opentelemetry-javaagent.jar");
		assertThat(agent).as("the agent jar (maven-dependency-plugin copies it)").isNotNull();
		assertThat(Paths.get(agent)).exists();
		String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java, "-javaagent:" + agent,
				"-Dotel.logs.exporter=logging", "-Dotel.traces.exporter=logging", "-Dotel.metrics.exporter=none",
				"-Dotel.service.name=async-logging-agent-test",
				// Offline and quiet: no exporter reaches out, no resource detector asks a cloud.
				"-Dotel.exporter.otlp.endpoint=http://127.0.0.1:9", "-Dotel.resource.providers.aws.enabled=false",
				"-Dotel.resource.providers.gcp.enabled=false", "-Dotel.resource.providers.azure.enabled=false",
				"-cp", System.getProperty("java.class.path"), JavaAgentApplication.class.getName(),
				String.valueOf(SPANS), String.valueOf(LINES)));
		Path stdout = this.dir.resolve("stdout.txt");
		Path stderr = this.dir.resolve("stderr.txt");
		Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile())
			.redirectError(stderr.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.start();
		try {
			if (!process.waitFor(3, TimeUnit.MINUTES)) {
				fail("the application with the agent did not exit within 3 minutes%n%s", output(stdout, stderr));
			}
		}
		finally {
			process.destroyForcibly();
		}
		// Kept for whoever reads a failure: the child's output beside the surefire reports.
		Path kept = Paths.get("target", "agent-child-output.txt");
		Files.writeString(kept, output(stdout, stderr), StandardCharsets.UTF_8);
		List<String> out = Files.readAllLines(stdout, StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as("exit value of the application with the agent (output in %s)",
				kept.toAbsolutePath())
			.isZero();
		assertThat(out).as("the application closed its context (output in %s)", kept.toAbsolutePath())
			.contains("CLOSED");
		return out;
	}

	private static String output(Path stdout, Path stderr) throws IOException {
		return "--- stdout ---%n%s%n--- stderr ---%n%s".formatted(Files.readString(stdout, StandardCharsets.UTF_8),
				Files.readString(stderr, StandardCharsets.UTF_8));
	}

}
