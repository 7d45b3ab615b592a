package io.github.asynclogging.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample application in a JVM of its own, stopped by SIGTERM while its queue holds most of
 * 100,000 events: every one of them reaches the log file with its MDC tag and the name of the
 * thread that logged it, and a line logged by a destroy method after the starter stopped follows
 * them.
 */
class SigtermShutdownTests {

	private static final int EVENTS = 100_000;

	private static final String TAG = "sigterm";

	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(60);

	private static final Pattern STARTED_ON_PORT = Pattern.compile("Tomcat started on port (\\d+)");

	private static final Pattern EVENT = Pattern.compile(" : event (\\d+) of " + EVENTS + "$");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@TempDir
	private Path directory;

	private Process app;

	@AfterEach
	void killWhatIsLeft() {
		if (this.app != null && this.app.isAlive()) {
			this.app.destroyForcibly();
			await().atMost(Duration.ofSeconds(30)).until(() -> !this.app.isAlive());
		}
	}

	@Test
	@Timeout(value = 150, unit = TimeUnit.SECONDS)
	void sigtermWritesEveryQueuedEventAndThenWhatDestroyMethodsLog() throws Exception {
		Path logFile = this.directory.resolve("sample.log");
		this.app = start(logFile);
		int port = awaitPort(logFile);

		String answer = post(port, "/log?count=" + EVENTS + "&tag=" + TAG);
		String caller = jsonString(answer, "thread");
		double queued = queueSize(port);
		assertThat(queued).as("events queued when SIGTERM is sent (the drain must have work to do)").isPositive();

		long signalled = System.nanoTime();
		this.app.destroy();
		await().atMost(SHUTDOWN_TIMEOUT.plusSeconds(30)).until(() -> !this.app.isAlive());
		Duration exitTook = Duration.ofNanos(System.nanoTime() - signalled);
		assertThat(this.app.exitValue()).as("exit status after SIGTERM").isEqualTo(128 + 15);
		assertThat(exitTook).as("SIGTERM to exit").isLessThan(SHUTDOWN_TIMEOUT);

		List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
		BitSet written = new BitSet(EVENTS);
		int eventLines = 0;
		int lastEventLine = -1;
		int stoppedLine = -1;
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			Matcher event = EVENT.matcher(line);
			if (event.find()) {
				eventLines++;
				lastEventLine = i;
				assertThat(line).as("line %d", i).contains("INFO [" + TAG + "]").contains("[" + caller + "]");
				written.set(Integer.parseInt(event.group(1)));
			}
			else if (line.endsWith(": sample-app: stopped")) {
				stoppedLine = i;
			}
		}
		String summary = eventLines + " event lines of " + lines.size() + ", " + queued + " queued at SIGTERM, exit "
				+ exitTook.toMillis() + " ms after it";
		assertThat(written.cardinality()).as("distinct events written (%s)", summary).isEqualTo(EVENTS);
		assertThat(eventLines).as("event lines (%s)", summary).isEqualTo(EVENTS);
		assertThat(lines).as("lines saying events were not written").noneMatch((line) -> line.contains("could not be written"));
		assertThat(stoppedLine).as("line of the destroy method, after the last event (%s)", summary)
			.isGreaterThan(lastEventLine);
	}

	/**
	 * Issue 10, defect 1: an appender whose stream never returns, and SIGTERM. The application exits
	 * within async-logging.shutdown-timeout and a margin for the rest of its shutdown; the final line
	 * says what could not be written and that the hung appender was left detached, and what is logged
	 * after the starter stopped (a destroy method) is still written to the other appenders.
	 */
	@Test
	@Timeout(value = 150, unit = TimeUnit.SECONDS)
	void sigtermExitsWithinTheShutdownTimeoutWhenAnAppenderHangs() throws Exception {
		Path logFile = this.directory.resolve("sample.log");
		Path configuration = this.directory.resolve("logback-hang.xml");
		Files.writeString(configuration, """
				<configuration>
				  <include resource="org/springframework/boot/logging/logback/base.xml"/>
				  <appender name="HANG" class="%s"><encoder><pattern>%%msg%%n</pattern></encoder></appender>
				  <root level="INFO"><appender-ref ref="HANG"/></root>
				</configuration>
				""".formatted(HangingAppender.class.getName()));
		Duration shutdownTimeout = Duration.ofSeconds(2);
		this.app = start(logFile, "--logging.config=" + configuration,
				"--async-logging.shutdown-timeout=" + shutdownTimeout.toSeconds() + "s");
		int port = awaitPort(logFile);
		post(port, "/log?count=100&tag=hang");

		long signalled = System.nanoTime();
		this.app.destroy();
		await().atMost(Duration.ofSeconds(60)).until(() -> !this.app.isAlive());
		Duration exitTook = Duration.ofNanos(System.nanoTime() - signalled);
		assertThat(this.app.exitValue()).as("exit status after SIGTERM").isEqualTo(128 + 15);
		// The rest of the shutdown (the web server's graceful stop, the JVM's hooks) takes its own time.
		assertThat(exitTook).as("SIGTERM to exit").isLessThan(shutdownTimeout.plusSeconds(10));
		String log = Files.readString(logFile, StandardCharsets.UTF_8);
		assertThat(log).contains("could not be written within async-logging.shutdown-timeout=2s")
			.contains("1 inside a destination that had not returned")
			.contains("HANG did not return from a write before async-logging.shutdown-timeout ran out")
			.contains("sample-app: stopped");
	}

	private Process start(Path logFile) throws IOException {
		return start(logFile,
				// Room for every event, nothing shed: what is queued at SIGTERM must all be written.
				"--async-logging.queue-capacity=120000", "--async-logging.drop-policy=block",
				"--async-logging.block-timeout=10s", "--async-logging.discard.threshold=1.0",
				"--async-logging.shutdown-timeout=" + SHUTDOWN_TIMEOUT.toSeconds() + "s",
				// Slower than the request thread logs, so that most of the events are still queued at SIGTERM.
				"--sample.sink-delay=50us");
	}

	private Process start(Path logFile, String... arguments) throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
				SampleApplication.class.getName(), "--server.port=0", "--logging.file.name=" + logFile,
				// One file for all of it: Spring Boot's default rolls over at 10 MB.
				"--logging.logback.rollingpolicy.max-file-size=1GB"));
		command.addAll(List.of(arguments));
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.redirectErrorStream(true);
		builder.redirectOutput(this.directory.resolve("console.log").toFile());
		return builder.start();
	}

	private int awaitPort(Path logFile) {
		int[] port = new int[1];
		await().atMost(Duration.ofSeconds(60)).until(() -> {
			if (!this.app.isAlive()) {
				throw new IllegalStateException("the sample app exited at start-up: see "
						+ this.directory.resolve("console.log"));
			}
			if (!Files.exists(logFile)) {
				return false;
			}
			Matcher started = STARTED_ON_PORT.matcher(Files.readString(logFile, StandardCharsets.UTF_8));
			if (started.find()) {
				port[0] = Integer.parseInt(started.group(1));
				return true;
			}
			return false;
		});
		return port[0];
	}

	private String post(int port, String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.POST(HttpRequest.BodyPublishers.noBody())
			.timeout(Duration.ofSeconds(60))
			.build();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("POST %s: %s", path, response.body()).isEqualTo(200);
		return response.body();
	}

	private double queueSize(int port) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + port + "/actuator/metrics/async.logging.queue.size"))
			.timeout(Duration.ofSeconds(30))
			.build();
		String body = this.http.send(request, HttpResponse.BodyHandlers.ofString()).body();
		Matcher value = Pattern.compile("\"value\":([0-9.E+-]+)").matcher(body);
		assertThat(value.find()).as("a value in %s", body).isTrue();
		return Double.parseDouble(value.group(1));
	}

	private static String jsonString(String json, String name) {
		Matcher value = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
		assertThat(value.find()).as("%s in %s", name, json).isTrue();
		return value.group(1);
	}

}
