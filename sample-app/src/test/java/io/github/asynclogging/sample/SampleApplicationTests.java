package io.github.asynclogging.sample;

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
 * {@code /actuator/metrics}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
class SampleApplicationTests {

	@Autowired
	private TestRestTemplate http;

	@Autowired
	private SlowSink sink;

	private double measurement(String meter, String query) {
		ResponseEntity<Map> response = this.http.getForEntity("/actuator/metrics/" + meter + query, Map.class);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		List<Map<String, Object>> measurements = (List<Map<String, Object>>) response.getBody().get("measurements");
		return ((Number) measurements.get(0).get("value")).doubleValue();
	}

	@Test
	void eventsLoggedThroughHttpAreCountedAndWrittenByTheWorkers() {
		double infoBefore = measurement("async.logging.events.submitted", "?tag=level:info");
		double errorBefore = measurement("async.logging.events.submitted", "?tag=level:error");
		long sunkBefore = this.sink.written();
		ResponseEntity<Map> logged = this.http.postForEntity("/log?count=200&level=info&tag=t1", null, Map.class);
		assertThat(logged.getStatusCode()).isEqualTo(HttpStatus.OK);
		this.http.postForEntity("/log?count=5&level=error", null, Map.class);
		assertThat(measurement("async.logging.events.submitted", "?tag=level:info") - infoBefore)
			.isGreaterThanOrEqualTo(200);
		assertThat(measurement("async.logging.events.submitted", "?tag=level:error") - errorBefore).isEqualTo(5);
		await().until(() -> this.sink.written() - sunkBefore >= 205);
		await().until(() -> measurement("async.logging.events.delivered", "") >= 205);
		assertThat(measurement("async.logging.events.dropped", "")).isZero();
		assertThat(measurement("async.logging.queue.capacity", "")).isEqualTo(8192);
		assertThat(measurement("async.logging.workers.alive", "")).isEqualTo(1);
	}

	@Test
	void healthShowsTheAsyncLoggingContributorUp() {
		ResponseEntity<Map> health = this.http.getForEntity("/actuator/health/asyncLogging", Map.class);
		assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(health.getBody()).containsEntry("status", "UP");
		assertThat((Map<String, Object>) health.getBody().get("details")).containsKeys("queueSize", "queueCapacity",
				"dropped", "workersAlive");
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
	void prometheusExposesTheDroppedSeriesBeforeAnyDrop() {
		String scrape = this.http.getForObject("/actuator/prometheus", String.class);
		assertThat(scrape.lines()
			.filter((line) -> line.startsWith("async_logging_events_dropped_total{"))
			.filter((line) -> line.contains("level=\"error\"") && line.contains("reason=\"queue_full\""))).singleElement()
			.asString()
			.endsWith(" 0.0");
		assertThat(scrape).contains("async_logging_queue_capacity");
	}

}
