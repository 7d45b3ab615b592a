package io.github.asynclogging.compat;

import java.time.Duration;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.asynclogging.compat.app.RecordingSink;
import io.github.asynclogging.engine.AsyncLogExecutor;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A full queue and a shutdown with work queued, on this Spring Boot line.
 */
class QueueBehaviourTests {

	@Test
	@SuppressWarnings("unchecked")
	void dropIsCountedByLevelAndReasonAndTheAccountsBalanceOnceIdle() {
		try (RunningApp app = RunningApp.start("async-logging.queue-capacity=16",
				"async-logging.drop-policy=drop-newest", "async-logging.discard.threshold=1.0")) {
			RecordingSink sink = app.bean(RecordingSink.class);
			AsyncLogExecutor<ILoggingEvent> executor = app.bean(AsyncLogExecutor.class);
			Logger logger = LoggerFactory.getLogger("compat.drop");
			sink.hold();
			for (int i = 0; i < 200; i++) {
				logger.info("event {}", i);
			}
			assertThat(app.measurement("async.logging.events.dropped", "level:info", "reason:queue_full"))
				.as("INFO events dropped as queue_full while the sink is held").isPositive();
			sink.open();
			// Each destination balances: routed = delivered + dropped + failed, once idle.
			await().until(() -> executor.queueSize() == 0 && executor.destinations().stream()
				.allMatch((lane) -> lane.routed() == lane.delivered() + lane.dropped() + lane.failed()));
			// Idle now: what /actuator/metrics says must balance exactly too, summed over the destinations.
			assertThat(app.measurement("async.logging.events.routed"))
				.isEqualTo(app.measurement("async.logging.events.delivered") + app.measurement("async.logging.events.dropped")
						+ app.measurement("async.logging.events.failed"));
			double dropped = app.measurement("async.logging.events.dropped", "level:info", "reason:queue_full");
			assertThat(sink.written("compat.drop") + dropped).as("written + dropped of the 200 (nothing else dropped)")
				.isGreaterThanOrEqualTo(200);
			assertThat(sink.written("compat.drop")).as("written of the 200").isLessThan(200);
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void closingTheApplicationWritesEveryQueuedEventFirst() {
		int events = 500;
		// About a second of writing left at close(), so that the drain has work to do even on a busy machine.
		// The resource closes the application only if an assertion fails before close() (a second close is a no-op).
		try (RunningApp app = RunningApp.start("compat.sink-delay=2ms", "async-logging.shutdown-timeout=60s")) {
			RecordingSink sink = app.bean(RecordingSink.class);
			AsyncLogExecutor<ILoggingEvent> executor = app.bean(AsyncLogExecutor.class);
			Logger logger = LoggerFactory.getLogger("compat.drain");
			for (int i = 0; i < events; i++) {
				logger.info("event {}", i);
			}
			assertThat(executor.queueSize()).as("events still queued when the application is closed").isPositive();
			long closing = System.nanoTime();
			app.close();
			Duration took = Duration.ofNanos(System.nanoTime() - closing);
			assertThat(sink.written("compat.drain")).as("events written by the time close() returned").isEqualTo(events);
			assertThat(executor.dropped()).as("events dropped").isZero();
			assertThat(executor.destinations()).as("each destination wrote what was routed to it, nothing left behind")
				.isNotEmpty()
				.allSatisfy((lane) -> assertThat(lane.delivered() + lane.failed()).as(lane.name()).isEqualTo(lane.routed()));
			assertThat(took).as("close() with a backlog of about a second").isLessThan(Duration.ofSeconds(30));
		}
	}

}
