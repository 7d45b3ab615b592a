package io.github.asynclogging.sample.ops;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;

import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus server, run as a process on a loopback port of 19090-19099, scraping one target
 * every second with the rule file loaded. {@link #close} stops it; a JVM shutdown hook kills it if
 * the tests never get that far.
 */
final class PrometheusServer implements AutoCloseable {

	static final int FIRST_PORT = 19090;

	static final int LAST_PORT = 19099;

	static final String JOB = "async-logging-sample";

	private final Process process;

	private final int port;

	private final Path log;

	private final Thread killer;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private PrometheusServer(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
		this.killer = new Thread(process::destroyForcibly, "kill-prometheus");
		Runtime.getRuntime().addShutdownHook(this.killer);
	}

	/**
	 * Starts Prometheus and waits until it is ready.
	 * @param binary the {@code prometheus} executable
	 * @param dir where its configuration, data and log go
	 * @param target {@code host:port} of the application to scrape
	 * @param application the {@code application} label Prometheus puts on the target's series
	 * @param ruleFile the rule file to load
	 * @return the running server
	 */
	static PrometheusServer start(Path binary, Path dir, String target, String application, Path ruleFile) throws IOException {
		Path config = dir.resolve("prometheus.yml");
		Files.writeString(config, """
				global:
				  scrape_interval: 1s
				  scrape_timeout: 1s
				  evaluation_interval: 1s
				rule_files:
				  - '%s'
				scrape_configs:
				  - job_name: '%s'
				    metrics_path: /actuator/prometheus
				    static_configs:
				      - targets: ['%s']
				        labels:
				          application: '%s'
				""".formatted(ruleFile.toAbsolutePath(), JOB, target, application));
		StringBuilder failures = new StringBuilder();
		for (int port = FIRST_PORT; port <= LAST_PORT; port++) {
			if (!isFree(port)) {
				continue;
			}
			Path log = dir.resolve("prometheus-" + port + ".log");
			Process process = new ProcessBuilder(List.of(binary.toString(), "--config.file=" + config,
					"--storage.tsdb.path=" + dir.resolve("data-" + port), "--web.listen-address=127.0.0.1:" + port,
					"--log.level=info"))
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			PrometheusServer server = new PrometheusServer(process, port, log);
			await("Prometheus ready on port " + port).atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> !process.isAlive() || server.ready());
			if (process.isAlive()) {
				return server;
			}
			String output = server.log();
			server.close();
			if (!output.contains("address already in use")) {
				throw new IllegalStateException("Prometheus exited at start-up:\n" + output);
			}
			// Taken between the check and Prometheus' bind: try the next one.
			failures.append(port).append(": address already in use\n");
		}
		throw new IllegalStateException("No free loopback port in " + FIRST_PORT + "-" + LAST_PORT + "\n" + failures);
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private boolean ready() {
		try {
			return this.http
				.send(HttpRequest.newBuilder(uri("/-/ready")).timeout(Duration.ofSeconds(2)).build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Calls the HTTP API.
	 * @param pathAndQuery e.g. {@code /api/v1/rules}
	 * @return the {@code data} of a successful answer
	 */
	JsonNode api(String pathAndQuery) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
		JsonNode body = OpsFiles.JSON.readTree(response.body());
		if (response.statusCode() != 200 || !"success".equals(body.path("status").asString())) {
			throw new AssertionError(pathAndQuery + " answered " + response.statusCode() + ": " + response.body());
		}
		return body.path("data");
	}

	/**
	 * An instant query, now.
	 * @param promql the expression
	 * @return the result vector (an array of {@code {metric, value}})
	 */
	JsonNode query(String promql) throws IOException, InterruptedException {
		JsonNode data = api("/api/v1/query?query=" + encode(promql));
		return data.path("result");
	}

	/**
	 * Label values, as Grafana's {@code label_values(selector, label)} reads them.
	 */
	JsonNode labelValues(String label, String selector) throws IOException, InterruptedException {
		return api("/api/v1/label/" + label + "/values?match[]=" + encode(selector));
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private URI uri(String pathAndQuery) {
		return URI.create("http://127.0.0.1:" + this.port + pathAndQuery);
	}

	String log() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		try {
			Runtime.getRuntime().removeShutdownHook(this.killer);
		}
		catch (IllegalStateException ex) {
			// The JVM is shutting down already; the hook runs anyway.
		}
	}

}
