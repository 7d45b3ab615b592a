package io.github.asynclogging.sample.ops;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.asynclogging.sample.SampleApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sample application started as a user runs it (its own {@code application.yml}, the real
 * {@code /actuator/prometheus}), on a free loopback port, its console quiet.
 */
final class RunningSampleApp implements AutoCloseable {

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private final ConfigurableApplicationContext context;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final int port;

	private RunningSampleApp(ConfigurableApplicationContext context) {
		this.context = context;
		this.port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
	}

	/**
	 * Starts the app.
	 * @param arguments more command-line arguments, e.g. {@code --async-logging.queue-capacity=512}
	 * @return the running app
	 */
	static RunningSampleApp start(String... arguments) {
		List<String> args = new ArrayList<>(List.of("--server.address=127.0.0.1", "--server.port=0",
				// The traffic of the tests would fill the build's output; the events still go to every appender.
				"--logging.threshold.console=off", "--spring.main.banner-mode=off"));
		args.addAll(List.of(arguments));
		return new RunningSampleApp(new SpringApplicationBuilder(SampleApplication.class).run(args.toArray(String[]::new)));
	}

	/**
	 * The address Prometheus scrapes, as its {@code instance} label shows it.
	 * @return host and port
	 */
	String target() {
		return "127.0.0.1:" + this.port;
	}

	String applicationName() {
		return this.context.getEnvironment().getRequiredProperty("spring.application.name");
	}

	String get(String pathAndQuery) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET());
	}

	String post(String pathAndQuery) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(pathAndQuery)).POST(HttpRequest.BodyPublishers.noBody()));
	}

	String put(String pathAndQuery) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(pathAndQuery)).PUT(HttpRequest.BodyPublishers.noBody()));
	}

	private URI uri(String pathAndQuery) {
		return URI.create("http://" + target() + pathAndQuery);
	}

	private String send(HttpRequest.Builder request) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(request.timeout(REQUEST_TIMEOUT).build(),
				HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new AssertionError(response.request() + " answered " + response.statusCode() + ": " + response.body());
		}
		return response.body();
	}

	@Override
	public void close() {
		this.context.close();
	}

}
