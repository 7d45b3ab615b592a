package io.github.asynclogging.metrics;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.asynclogging.engine.AsyncLogExecutor;
import io.github.asynclogging.engine.DestinationLanes;
import io.github.asynclogging.engine.DropPolicy;
import io.github.asynclogging.engine.DropReason;
import io.github.asynclogging.engine.EventLevel;
import io.github.asynclogging.engine.EventTraits;
import io.github.asynclogging.engine.ExecutorSettings;
import io.github.asynclogging.engine.Router;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The meters of CONTRACT.md: names, tags, and that they read the executor's exact counts.
 */
class AsyncLoggingMetricsTests {

	private static final EventTraits<EventLevel> TRAITS = new EventTraits<>() {

		@Override
		public EventLevel levelOf(EventLevel event) {
			return event;
		}

		@Override
		public long createdEpochNanos(EventLevel event) {
			return System.currentTimeMillis() * 1_000_000L;
		}

		@Override
		public long estimatedBytes(EventLevel event) {
			return 100;
		}

	};

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final CountDownLatch gate = new CountDownLatch(1);

	private final AtomicInteger slowCalls = new AtomicInteger();

	private final ExecutorSettings settings = new ExecutorSettings(2, 1, DropPolicy.DROP_NEWEST, Duration.ZERO,
			EventLevel.INFO, 1.0, Duration.ZERO, Duration.ZERO, 64 * 1024, "metrics-test-worker-");

	/** Every event goes to two destinations: "slow" waits on the gate at its first event and throws on trace. */
	private final Router<EventLevel, String> router = new Router<>() {

		@Override
		public boolean route(EventLevel event, Hand<EventLevel, String> hand) {
			hand.to("fast", "fast", event);
			hand.to("slow", "slow", event);
			return true;
		}

		@Override
		public void write(EventLevel event, String target) throws Exception {
			if (target.equals("slow")) {
				if (AsyncLoggingMetricsTests.this.slowCalls.incrementAndGet() == 1) {
					AsyncLoggingMetricsTests.this.gate.await(30, TimeUnit.SECONDS);
				}
				if (event == EventLevel.TRACE) {
					throw new IllegalStateException("fails on trace");
				}
			}
		}

	};

	/** The queue callers write to, and the fast lane, hold every event of the test: the slow lane's bound is tested. */
	private final ExecutorSettings routing = new ExecutorSettings(16, 1, DropPolicy.DROP_NEWEST, Duration.ZERO,
			EventLevel.INFO, 1.0, Duration.ZERO, Duration.ZERO, 64 * 1024, "metrics-test-worker-");

	private final AsyncLogExecutor<EventLevel> executor = new AsyncLogExecutor<>(this.routing,
			new DestinationLanes<>(this.router,
					(name) -> name.equals("slow") ? this.settings : this.routing, TRAITS, (line) -> {
			}, false), TRAITS, (line) -> {
			});

	@AfterEach
	void stop() {
		this.gate.countDown();
		this.executor.stop(Duration.ofSeconds(5));
	}

	private double count(String name, String... tags) {
		return this.registry.get(name).tags(tags).functionCounter().count();
	}

	private double gauge(String name, String... tags) {
		return this.registry.get(name).tags(tags).gauge().value();
	}

	@Test
	void everyMeterIsRegisteredAtZeroBeforeAnyEvent() {
		this.executor.declareDestinations(List.of("fast", "slow"));
		new AsyncLoggingMetrics(this.executor).bindTo(this.registry);
		for (EventLevel level : EventLevel.values()) {
			assertThat(count("async.logging.events.submitted", "level", level.tagValue())).isZero();
			for (String destination : List.of("fast", "slow")) {
				for (DropReason reason : DropReason.values()) {
					assertThat(count("async.logging.events.dropped", "destination", destination, "level",
							level.tagValue(), "reason", reason.tagValue())).isZero();
				}
			}
		}
		assertThat(this.registry.get("async.logging.events.submitted").functionCounters()).hasSize(5);
		assertThat(this.registry.get("async.logging.events.dropped").functionCounters()).hasSize(60);
		for (String destination : List.of("fast", "slow")) {
			assertThat(count("async.logging.events.routed", "destination", destination)).isZero();
			assertThat(count("async.logging.events.delivered", "destination", destination)).isZero();
			assertThat(count("async.logging.events.failed", "destination", destination)).isZero();
			assertThat(gauge("async.logging.queue.size", "destination", destination)).isZero();
			assertThat(this.registry.get("async.logging.delivery.latency").tags("destination", destination).timer().count())
				.isZero();
		}
		assertThat(gauge("async.logging.queue.capacity")).isEqualTo(16);
		assertThat(gauge("async.logging.queue.memory.used")).isZero();
		// The callers' queue's bound and each lane's: this test gives each the whole 64 KB.
		assertThat(gauge("async.logging.queue.memory.max")).isEqualTo(3 * 64 * 1024);
		assertThat(this.registry.get("async.logging.queue.memory.max").gauge().getId().getBaseUnit()).isEqualTo("bytes");
		assertThat(gauge("async.logging.workers.alive")).isZero();
		assertThat(this.registry.getMeters()).allSatisfy((meter) -> assertThat(meter.getId().getDescription())
			.isNotBlank());
	}

	/**
	 * Per destination, exactly: routed = delivered + failed + dropped once idle (CONTRACT.md), read from
	 * the meters alone; the slow destination's drops are its own, the fast one receives every event.
	 */
	@Test
	void metersReadEachDestinationsExactCounts() {
		new AsyncLoggingMetrics(this.executor).bindTo(this.registry);
		this.executor.start();
		this.executor.submit(EventLevel.INFO);
		await().until(() -> this.slowCalls.get() == 1);
		this.executor.submit(EventLevel.WARN);
		this.executor.submit(EventLevel.TRACE);
		this.executor.submit(EventLevel.ERROR);
		this.executor.submit(EventLevel.INFO);
		await().until(() -> count("async.logging.events.routed", "destination", "slow") == 5
				&& count("async.logging.events.delivered", "destination", "fast") == 5);
		assertThat(gauge("async.logging.queue.size", "destination", "slow")).isEqualTo(2);
		assertThat(gauge("async.logging.queue.size", "destination", "fast")).isZero();
		assertThat(gauge("async.logging.queue.memory.used")).isEqualTo(2 * 128);
		assertThat(gauge("async.logging.workers.alive")).isEqualTo(2);
		assertThat(count("async.logging.events.dropped", "destination", "slow", "level", "error", "reason", "queue_full"))
			.isEqualTo(1);
		assertThat(count("async.logging.events.dropped", "destination", "slow", "level", "info", "reason", "queue_full"))
			.isEqualTo(1);
		assertThat(this.registry.get("async.logging.events.dropped").tags("destination", "fast").functionCounters())
			.allSatisfy((counter) -> assertThat(counter.count()).isZero());
		this.gate.countDown();
		await().until(() -> count("async.logging.events.delivered", "destination", "slow") == 2
				&& count("async.logging.events.failed", "destination", "slow") == 1);
		for (String destination : List.of("fast", "slow")) {
			double dropped = this.registry.get("async.logging.events.dropped").tags("destination", destination)
				.functionCounters().stream().mapToDouble(FunctionCounter::count).sum();
			assertThat(count("async.logging.events.routed", "destination", destination)).as(destination)
				.isEqualTo(count("async.logging.events.delivered", "destination", destination)
						+ count("async.logging.events.failed", "destination", destination) + dropped);
		}
		assertThat(count("async.logging.events.submitted", "level", "info")).isEqualTo(2);
		assertThat(count("async.logging.events.submitted", "level", "trace")).isEqualTo(1);
		assertThat(this.registry.get("async.logging.delivery.latency").tags("destination", "slow").timer().count())
			.isEqualTo(3);
		Timer fast = this.registry.get("async.logging.delivery.latency").tags("destination", "fast").timer();
		assertThat(fast.count()).isEqualTo(5);
	}

}
