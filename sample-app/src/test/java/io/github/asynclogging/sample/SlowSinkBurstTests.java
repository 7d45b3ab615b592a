package io.github.asynclogging.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import static io.github.asynclogging.sample.SampleApplicationTests.CONSOLE;
import static io.github.asynclogging.sample.SampleApplicationTests.SINK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The quick start's burst, per destination: the sample's {@code LogSink} slowed to 5 ms an event
 * ({@code sink:slowSink}, about 200 events a second) and 20,000 INFO events logged at once from one
 * request thread. The sink's lane holds 8,192 events and sheds INFO above 80%, so most of the burst
 * is dropped for the sink, as {@code discarded}; the sink's slowness costs {@code CONSOLE} nothing:
 * it gets every event of the burst, written at the console's pace while the sink has written a few
 * hundred. With one queue for all destinations, the console got what the sink got.
 * <p>
 * The queue callers write to and {@code CONSOLE}'s lane get room for the whole burst here, so that
 * what {@code CONSOLE} gets does not depend on how fast this machine's console writes (20,000 events
 * from a loop arrive faster than a console writes them, so with the sample's 8,192 the console's own
 * lane sheds part of such a burst, for its own speed, not the sink's). The sink's lane keeps the
 * sample's 8,192, set by the key a properties file gives a sink, {@code sink-<bean name>}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "async-logging.queue-capacity=32768",
				"async-logging.destinations.sink-slowSink.queue-capacity=8192",
				// The WARN line that summarises the drops, said within the test rather than in 30 s, on the
				// console even after a test that turned the console's output off in this JVM.
				"async-logging.dropped-warning-interval=1s", "logging.threshold.console=trace" })
@AutoConfigureTestRestTemplate
@ExtendWith(OutputCaptureExtension.class)
class SlowSinkBurstTests {

	private static final int BURST = 20_000;

	private static final int SINK_CAPACITY = 8192;

	@Autowired
	private TestRestTemplate http;

	@Autowired
	private SlowSink sink;

	@AfterEach
	void sinkFastAgain() {
		this.http.put("/destination/delay?millis=0", null);
	}

	private double measurement(String meter, String... tags) {
		StringBuilder query = new StringBuilder();
		for (String tag : tags) {
			query.append(query.isEmpty() ? "?" : "&").append("tag=").append(tag);
		}
		ResponseEntity<Map> response = this.http.getForEntity("/actuator/metrics/" + meter + query, Map.class);
		assertThat(response.getStatusCode()).as("%s%s", meter, query).isEqualTo(HttpStatus.OK);
		List<Map<String, Object>> measurements = (List<Map<String, Object>>) response.getBody().get("measurements");
		return ((Number) measurements.get(0).get("value")).doubleValue();
	}

	@Test
	void theSlowSinksLaneShedsTheBurstAndConsoleGetsEveryEvent(CapturedOutput output) {
		double consoleDeliveredBefore = measurement("async.logging.events.delivered", "destination:" + CONSOLE);
		double consoleDroppedBefore = measurement("async.logging.events.dropped", "destination:" + CONSOLE);
		double sinkDroppedBefore = measurement("async.logging.events.dropped", "destination:" + SINK);
		double sinkDiscardedBefore = measurement("async.logging.events.dropped", "destination:" + SINK,
				"reason:discarded");
		long sinkWrittenBefore = this.sink.written();

		this.http.put("/destination/delay?millis=5", null);
		ResponseEntity<Map> logged = this.http.postForEntity("/log?count=" + BURST + "&tag=burst", null, Map.class);
		assertThat(logged.getStatusCode()).isEqualTo(HttpStatus.OK);

		// CONSOLE writes the whole burst at its own pace; the sink would take 100 s.
		await("CONSOLE delivered the burst").atMost(Duration.ofSeconds(30))
			.until(() -> measurement("async.logging.events.delivered", "destination:" + CONSOLE)
					- consoleDeliveredBefore >= BURST);
		long sinkWritten = this.sink.written() - sinkWrittenBefore;
		assertThat(sinkWritten).as("events the sink had written when CONSOLE had written all %d", BURST)
			.isLessThan(BURST / 2);
		assertThat(measurement("async.logging.events.dropped", "destination:" + CONSOLE) - consoleDroppedBefore)
			.as("events dropped for CONSOLE")
			.isZero();

		// What the sink's lane could not hold was shed: INFO goes above 80% no further.
		double sinkDropped = measurement("async.logging.events.dropped", "destination:" + SINK) - sinkDroppedBefore;
		double sinkDiscarded = measurement("async.logging.events.dropped", "destination:" + SINK, "reason:discarded")
				- sinkDiscardedBefore;
		assertThat(sinkDropped).as("events dropped for %s", SINK)
			.isGreaterThanOrEqualTo(BURST - SINK_CAPACITY - this.sink.written() + sinkWrittenBefore)
			.isEqualTo(sinkDiscarded);
		assertThat(measurement("async.logging.queue.size", "destination:" + SINK)).as("events waiting for %s", SINK)
			.isPositive()
			.isLessThanOrEqualTo(SINK_CAPACITY);
		assertThat(measurement("async.logging.queue.size", "destination:" + CONSOLE))
			.as("events waiting for CONSOLE")
			.isZero();

		// The summary names the sink and the key that gives its lane more room; CONSOLE dropped nothing to say.
		await("the drop summary of " + SINK).atMost(Duration.ofSeconds(10))
			.until(() -> output.getOut().contains("log events for " + SINK + " in the last 1s"));
		assertThat(output.getOut()).contains("Raise async-logging.destinations.sink-slowSink.queue-capacity")
			.doesNotContain("log events for " + CONSOLE);

		// Once the sink is fast again and its lane written, each destination's counters balance.
		this.http.put("/destination/delay?millis=0", null);
		for (String destination : List.of(CONSOLE, SINK)) {
			await(destination + " idle, routed = delivered + failed + dropped").atMost(Duration.ofSeconds(30))
				.until(() -> measurement("async.logging.queue.size", "destination:" + destination) == 0
						&& measurement("async.logging.events.routed", "destination:" + destination) == measurement(
								"async.logging.events.delivered", "destination:" + destination)
								+ measurement("async.logging.events.failed", "destination:" + destination)
								+ measurement("async.logging.events.dropped", "destination:" + destination));
		}
	}

}
