package io.github.asynclogging.sample;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample application over real HTTP: log through an endpoint, read the counters back from
 * {@code /actuator/metrics}, each destination's apart: the console ({@code CONSOLE}, Spring Boot's
 * console appender) and the sample's {@code LogSink} bean {@code slowSink} ({@code sink:slowSink}).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
class SampleApplicationTests {

	@Autowired
	private TestRestTemplate http;

	static final String CONSOLE = "CONSOLE";

	static final String SINK = "sink:slowSink";

	@Autowired
	private SlowSink sink;

	private double measurement(String meter, String query) {
		ResponseEntity<Map> response = this.http.getForEntity("/actuator/metrics/" + meter + query, Map.class);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		List<Map<String, Object>> measurements = (List<Map<String, Object>>) response.getBody().get("measurements");
		return ((Number) measurements.get(0).get("value")).doubleValue();
	}

	private static String destination(String name) {
		return "?tag=destination:" + name;
	}

	@Test
	void eventsLoggedThroughHttpAreCountedAndWrittenToEachDestination() {
		double infoBefore = measurement("async.logging.events.submitted", "?tag=level:info");
		double errorBefore = measurement("async.logging.events.submitted", "?tag=level:error");
		Map<String, Double> routedBefore = new LinkedHashMap<>();
		Map<String, Double> deliveredBefore = new LinkedHashMap<>();
		for (String destination : List.of(CONSOLE, SINK)) {
			routedBefore.put(destination, measurement("async.logging.events.routed", destination(destination)));
			deliveredBefore.put(destination, measurement("async.logging.events.delivered", destination(destination)));
		}
		long sunkBefore = this.sink.written();
		ResponseEntity<Map> logged = this.http.postForEntity("/log?count=200&level=info&tag=t1", null, Map.class);
		assertThat(logged.getStatusCode()).isEqualTo(HttpStatus.OK);
		this.http.postForEntity("/log?count=5&level=error", null, Map.class);
		// Submitted once per event, whatever its destinations.
		assertThat(measurement("async.logging.events.submitted", "?tag=level:info") - infoBefore)
			.isGreaterThanOrEqualTo(200);
		assertThat(measurement("async.logging.events.submitted", "?tag=level:error") - errorBefore).isEqualTo(5);
		await().until(() -> this.sink.written() - sunkBefore >= 205);
		// Routed to and written by each destination: the root logger's appender and the LogSink.
		for (String destination : List.of(CONSOLE, SINK)) {
			await(destination + " delivered").until(() -> measurement("async.logging.events.delivered",
					destination(destination)) - deliveredBefore.get(destination) >= 205);
			double routed = measurement("async.logging.events.routed", destination(destination));
			assertThat(routed - routedBefore.get(destination)).as("events routed to %s", destination)
				.isGreaterThanOrEqualTo(205);
			assertThat(measurement("async.logging.events.dropped", destination(destination)))
				.as("events dropped for %s", destination)
				.isZero();
			assertThat(measurement("async.logging.events.failed", destination(destination)))
				.as("events %s threw on", destination)
				.isZero();
		}
		assertThat(measurement("async.logging.queue.capacity", "")).isEqualTo(8192);
		// Two destinations, two threads: each lane's worker writes its destination and routes in turn.
		assertThat(measurement("async.logging.workers.alive", "")).isEqualTo(2);
	}

	@Test
	void eachDestinationsCountersBalanceOnceIdle() {
		Map<String, Double> routedBefore = new LinkedHashMap<>();
		for (String destination : List.of(CONSOLE, SINK)) {
			routedBefore.put(destination, measurement("async.logging.events.routed", destination(destination)));
		}
		this.http.postForEntity("/log?count=100&level=warn", null, Map.class);
		for (String destination : List.of(CONSOLE, SINK)) {
			await(destination + " idle, routed = delivered + failed + dropped").until(() -> {
				double routed = measurement("async.logging.events.routed", destination(destination));
				double accounted = measurement("async.logging.events.delivered", destination(destination))
						+ measurement("async.logging.events.failed", destination(destination))
						+ measurement("async.logging.events.dropped", destination(destination));
				return routed - routedBefore.get(destination) >= 100
						&& measurement("async.logging.queue.size", destination(destination)) == 0
						&& routed == accounted;
			});
		}
	}

	@Test
	void healthShowsTheAsyncLoggingContributorUpWithEachDestination() {
		ResponseEntity<Map> health = this.http.getForEntity("/actuator/health/asyncLogging", Map.class);
		assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(health.getBody()).containsEntry("status", "UP");
		Map<String, Object> details = (Map<String, Object>) health.getBody().get("details");
		assertThat(details).containsKeys("queueSize", "queueCapacity", "dropped", "workersAlive", "destinations",
				"stalled");
		assertThat((List<String>) details.get("stalled")).as("stalled destinations").isEmpty();
		Map<String, Map<String, Object>> destinations = (Map<String, Map<String, Object>>) details.get("destinations");
		assertThat(destinations).containsOnlyKeys(CONSOLE, SINK);
		assertThat(destinations.values()).allSatisfy((destination) -> assertThat(destination)
			.containsKeys("queueSize", "queueCapacity", "routed", "delivered", "dropped", "failed")
			.containsEntry("queueCapacity", 8192)
			.doesNotContainKey("stalled"));
	}

	// Break seen failing: env back in management.endpoints.web.exposure.include.
	@Test
	void exposesOnlyTheEndpointsTheQuickStartReadsAndNoConfigurationValues() {
		ResponseEntity<Map> actuator = this.http.getForEntity("/actuator", Map.class);
		assertThat(actuator.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(((Map<String, Object>) actuator.getBody().get("_links")).keySet())
			.allMatch((link) -> link.equals("self") || link.startsWith("health") || link.startsWith("metrics")
					|| link.equals("prometheus"), "health, metrics or prometheus");
		assertThat(this.http.getForEntity("/actuator/env", String.class).getStatusCode())
			.isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(this.http.getForEntity("/actuator/configprops", String.class).getStatusCode())
			.isEqualTo(HttpStatus.NOT_FOUND);
	}

	@Test
	void prometheusExposesEachDestinationsDroppedSeriesBeforeAnyDrop() {
		String scrape = this.http.getForObject("/actuator/prometheus", String.class);
		for (String destination : List.of(CONSOLE, SINK)) {
			assertThat(scrape.lines()
				.filter((line) -> line.startsWith("async_logging_events_dropped_total{"))
				.filter((line) -> line.contains("destination=\"" + destination + "\"")
						&& line.contains("level=\"error\"") && line.contains("reason=\"queue_full\"")))
				.as("ERROR queue_full drops of %s", destination)
				.singleElement()
				.asString()
				.endsWith(" 0.0");
		}
		assertThat(scrape).contains("async_logging_queue_capacity ");
	}

}
