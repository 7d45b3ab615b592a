package io.github.asynclogging.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.asynclogging.compat.app.CompatApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The compat application started in this JVM on a free port, and read over plain HTTP. Only what
 * every supported Spring Boot line has: {@code SpringApplicationBuilder}, the
 * {@code local.server.port} property, Spring Boot's own JSON parser and the JDK's HTTP client
 * (test HTTP clients moved between the lines).
 */
final class RunningApp implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final ConfigurableApplicationContext context;

	private final int port;

	private RunningApp(ConfigurableApplicationContext context) {
		this.context = context;
		this.port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	/**
	 * Starts the application.
	 * @param properties {@code key=value} pairs, as on a command line
	 * @return the running application
	 */
	static RunningApp start(String... properties) {
		List<String> args = new ArrayList<>();
		args.add("--server.port=0");
		for (String property : properties) {
			args.add("--" + property);
		}
		return new RunningApp(new SpringApplicationBuilder(CompatApplication.class).main(CompatApplication.class)
			.run(args.toArray(new String[0])));
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	<T> T bean(String name, Class<T> type) {
		return this.context.getBean(name, type);
	}

	HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).GET());
	}

	Map<String, Object> json(String path) {
		HttpResponse<String> response = get(path);
		if (response.statusCode() != 200) {
			throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
		}
		return JsonParserFactory.getJsonParser().parseMap(response.body());
	}

	/**
	 * The first measurement of a meter at {@code /actuator/metrics}.
	 * @param meter the meter's name
	 * @param tags {@code key:value} tags to select by
	 * @return its value
	 */
	double measurement(String meter, String... tags) {
		StringBuilder path = new StringBuilder("/actuator/metrics/").append(meter);
		for (int i = 0; i < tags.length; i++) {
			path.append((i == 0) ? '?' : '&').append("tag=").append(tags[i]);
		}
		List<Object> measurements = array(json(path.toString()).get("measurements"));
		return ((Number) object(measurements.get(0)).get("value")).doubleValue();
	}

	/**
	 * A JSON object inside what {@link #json(String)} answered.
	 */
	@SuppressWarnings("unchecked")
	static Map<String, Object> object(Object json) {
		return (Map<String, Object>) json;
	}

	/**
	 * A JSON array inside what {@link #json(String)} answered.
	 */
	@SuppressWarnings("unchecked")
	static List<Object> array(Object json) {
		return (List<Object>) json;
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
