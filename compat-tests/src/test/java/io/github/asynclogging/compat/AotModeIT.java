package io.github.asynclogging.compat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.asynclogging.compat.app.CompatApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.json.JsonParserFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The application as {@code spring-boot:process-aot} left it in {@code target/classes}, started in a
 * JVM of its own with {@code -Dspring.aot.enabled=true} on its runtime class path: its bean
 * definitions are the generated code, not the auto-configuration evaluated at start-up. It must
 * have the same meters, health and validation as without AOT.
 */
class AotModeIT {

	private static final Pattern STARTED_ON_PORT = Pattern.compile("Tomcat started on port (\\d+)");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@TempDir
	private Path directory;

	private Process app;

	@AfterEach
	void killWhatIsLeft() {
		if (this.app != null && this.app.isAlive()) {
			this.app.destroyForcibly();
		}
	}

	@Test
	@Timeout(value = 120, unit = TimeUnit.SECONDS)
	void aotProcessedApplicationHasTheMetersHealthAndSinkOfTheStarter() throws Exception {
		Path output = this.directory.resolve("app.log");
		this.app = start(output);
		int port = awaitPort(output);
		assertThat(Files.readString(output)).as("start-up line in AOT mode")
			.contains("Starting AOT-processed " + CompatApplication.class.getSimpleName());

		assertThat(send(port, "POST", "/log?count=100").statusCode()).isEqualTo(200);
		await().until(() -> ((Number) json(port, "/sink").get("written")).longValue() >= 100);
		assertThat(measurement(port, "async.logging.events.submitted?tag=level:info"))
			.as("INFO events submitted").isGreaterThanOrEqualTo(100);
		assertThat(measurement(port, "async.logging.events.dropped?tag=reason:queue_full")).isZero();
		Map<String, Object> health = json(port, "/actuator/health/asyncLogging");
		assertThat(health).containsEntry("status", "UP");
		assertThat(RunningApp.object(health.get("details"))).containsKeys("queueSize", "queueCapacity", "dropped",
				"workersAlive");

		this.app.destroy();
		assertThat(this.app.waitFor(60, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
	}

	@Test
	@Timeout(value = 120, unit = TimeUnit.SECONDS)
	void aotProcessedApplicationRefusesABadValueWithTheFailureAnalysis() throws Exception {
		Path output = this.directory.resolve("bad.log");
		this.app = start(output, "--async-logging.queue-capacity=-1");
		assertThat(this.app.waitFor(90, TimeUnit.SECONDS)).as("exited at start-up").isTrue();
		assertThat(this.app.exitValue()).isNotZero();
		assertThat(Files.readString(output)).contains("APPLICATION FAILED TO START")
			.contains("Invalid value '-1' for async-logging.queue-capacity");
	}

	@Test
	void nativeImageMetadataGeneratedAtBuildTimeCoversThePropertiesBinding() throws IOException {
		Path resources = Path.of(System.getProperty("compat.aot-resources"), "META-INF", "native-image");
		String metadata;
		try (Stream<Path> files = Files.walk(resources)) {
			// reflect-config.json up to Spring Framework 6, reachability-metadata.json from 7.
			metadata = files.filter((file) -> file.getFileName().toString().matches("(reflect-config|reachability-metadata)\\.json"))
				.map(AotModeIT::read)
				.collect(Collectors.joining());
		}
		assertThat(metadata).contains("\"io.github.asynclogging.autoconfigure.AsyncLoggingProperties\"")
			.contains("\"io.github.asynclogging.autoconfigure.AsyncLoggingProperties$Discard\"");
	}

	private Process start(Path output, String... args) throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		String classpath = System.getProperty("compat.classes") + File.pathSeparator
				+ Files.readString(Path.of(System.getProperty("compat.runtime-classpath"))).trim();
		List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-Dspring.aot.enabled=true", "-cp", classpath,
				CompatApplication.class.getName(), "--server.port=0"));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.redirectErrorStream(true);
		builder.redirectOutput(output.toFile());
		return builder.start();
	}

	private int awaitPort(Path output) {
		int[] port = new int[1];
		await().atMost(Duration.ofSeconds(60)).until(() -> {
			String text = Files.readString(output);
			if (!this.app.isAlive()) {
				throw new IllegalStateException("the application exited at start-up:\n" + text);
			}
			Matcher started = STARTED_ON_PORT.matcher(text);
			if (started.find()) {
				port[0] = Integer.parseInt(started.group(1));
				return true;
			}
			return false;
		});
		return port[0];
	}

	private double measurement(int port, String meterAndQuery) throws Exception {
		List<Object> measurements = RunningApp.array(json(port, "/actuator/metrics/" + meterAndQuery).get("measurements"));
		return ((Number) RunningApp.object(measurements.get(0)).get("value")).doubleValue();
	}

	private Map<String, Object> json(int port, String path) throws Exception {
		HttpResponse<String> response = send(port, "GET", path);
		assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
		return JsonParserFactory.getJsonParser().parseMap(response.body());
	}

	private HttpResponse<String> send(int port, String method, String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.timeout(Duration.ofSeconds(30))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
