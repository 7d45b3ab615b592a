package io.github.asynclogging.compat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import io.github.asynclogging.autoconfigure.AsyncLoggingAutoConfiguration;
import io.github.asynclogging.compat.app.RecordingSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringBootVersion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a user of this Spring Boot line sees at the actuator endpoints of an application with the
 * starter: the meters (registered after the line's metrics auto-configuration created the
 * registry) and the {@code asyncLogging} health contributor (built on the line's health types).
 */
class StarterOnThisLineTests {

	private static final String LINE = System.getProperty("compat.expected-line");

	private static RunningApp app;

	@BeforeAll
	static void start() {
		app = RunningApp.start();
	}

	@AfterAll
	static void stop() {
		app.close();
	}

	@Test
	void runsOnTheExpectedLineWithTheStarterJarFromItsOwnModule() {
		assertThat(SpringBootVersion.getVersion()).as("Spring Boot on the class path").startsWith(LINE + ".");
		// The starter is not recompiled here: it comes from its own module's build, against 4.1.
		String location = AsyncLoggingAutoConfiguration.class.getProtectionDomain().getCodeSource().getLocation()
			.toString();
		assertThat(location).as("where AsyncLoggingAutoConfiguration is loaded from")
			.contains("async-logging-autoconfigure")
			.doesNotContain("compat-tests");
	}

	@Test
	void everyMeterIsListedAtActuatorMetrics() {
		List<Object> names = RunningApp.array(app.json("/actuator/metrics").get("names"));
		assertThat(names).as("meter names at /actuator/metrics")
			.contains("async.logging.events.submitted", "async.logging.events.routed", "async.logging.events.delivered",
					"async.logging.events.dropped", "async.logging.events.failed", "async.logging.queue.size",
					"async.logging.queue.capacity", "async.logging.workers.alive", "async.logging.delivery.latency");
	}

	@Test
	void metersCountWhatIsLoggedAndTheDroppedSeriesExistsBeforeAnyDrop() {
		RecordingSink sink = app.bean(RecordingSink.class);
		double submittedBefore = app.measurement("async.logging.events.submitted", "level:warn");
		for (int i = 0; i < 50; i++) {
			LoggerFactory.getLogger("compat.meters").warn("event {}", i);
		}
		assertThat(app.measurement("async.logging.events.submitted", "level:warn") - submittedBefore)
			.as("WARN events submitted").isGreaterThanOrEqualTo(50);
		await().until(() -> sink.written("compat.meters") == 50);
		await().until(() -> app.measurement("async.logging.events.delivered") >= 50);
		assertThat(app.measurement("async.logging.events.dropped", "level:error", "reason:queue_full")).isZero();
		assertThat(app.measurement("async.logging.queue.capacity")).isEqualTo(8192);
		// One thread per destination: each lane's worker writes it, and they take turns to route.
		io.github.asynclogging.engine.AsyncLogExecutor<?> executor = app
			.bean(io.github.asynclogging.engine.AsyncLogExecutor.class);
		assertThat(app.measurement("async.logging.workers.alive")).isEqualTo(executor.workers())
			.isEqualTo(executor.destinations().size());
	}

	@Test
	void healthContributorAsyncLoggingIsUpWithDetails() {
		Map<String, Object> health = app.json("/actuator/health/asyncLogging");
		assertThat(health).containsEntry("status", "UP");
		assertThat(RunningApp.object(health.get("details"))).containsKeys("queueSize", "queueCapacity", "dropped",
				"workersAlive");
		Map<String, Object> components = RunningApp.object(app.json("/actuator/health").get("components"));
		assertThat(components).as("components of /actuator/health").containsKey("asyncLogging");
	}

	@Test
	void healthAnswers404ForAContributorThatDoesNotExist() {
		// The check above means something only if a missing contributor is told apart on this line.
		HttpResponse<String> response = app.get("/actuator/health/noSuchContributor");
		assertThat(response.statusCode()).isEqualTo(404);
	}

}
