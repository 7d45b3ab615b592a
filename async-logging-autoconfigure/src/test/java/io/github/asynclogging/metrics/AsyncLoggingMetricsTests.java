package io.github.asynclogging.metrics;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.asynclogging.engine.AsyncLogExecutor;
import io.github.asynclogging.engine.DropPolicy;
import io.github.asynclogging.engine.DropReason;
import io.github.asynclogging.engine.EventLevel;
import io.github.asynclogging.engine.EventTraits;
import io.github.asynclogging.engine.ExecutorSettings;
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

	private final AtomicInteger calls = new AtomicInteger();

	private final AsyncLogExecutor<EventLevel> executor = new AsyncLogExecutor<>(
			new ExecutorSettings(2, 1, DropPolicy.DROP_NEWEST, Duration.ZERO, EventLevel.INFO, 1.0, Duration.ZERO,
					Duration.ZERO, 64 * 1024, "metrics-test-worker-"),
			(event) -> {
				if (this.calls.incrementAndGet() == 1) {
					this.gate.await(30, TimeUnit.SECONDS);
				}
				if (event == EventLevel.TRACE) {
					throw new IllegalStateException("fails on trace");
				}
			}, TRAITS, (line) -> {
			});

	@AfterEach
	void stop() {
		this.gate.countDown();
		this.executor.stop(Duration.ofSeconds(5));
	}

	private double count(String name, String... tags) {
		return this.registry.get(name).tags(tags).functionCounter().count();
	}

	@Test
	void everyMeterIsRegisteredAtZeroBeforeAnyEvent() {
		new AsyncLoggingMetrics(this.executor).bindTo(this.registry);
		for (EventLevel level : EventLevel.values()) {
			assertThat(count("async.logging.events.submitted", "level", level.tagValue())).isZero();
			for (DropReason reason : DropReason.values()) {
				assertThat(count("async.logging.events.dropped", "level", level.tagValue(), "reason",
						reason.tagValue())).isZero();
			}
		}
		assertThat(this.registry.get("async.logging.events.submitted").functionCounters()).hasSize(5);
		assertThat(this.registry.get("async.logging.events.dropped").functionCounters()).hasSize(30);
		assertThat(count("async.logging.events.delivered")).isZero();
		assertThat(count("async.logging.events.failed")).isZero();
		assertThat(this.registry.get("async.logging.queue.size").gauge().value()).isZero();
		assertThat(this.registry.get("async.logging.queue.capacity").gauge().value()).isEqualTo(2);
		assertThat(this.registry.get("async.logging.queue.memory.used").gauge().value()).isZero();
		assertThat(this.registry.get("async.logging.queue.memory.max").gauge().value()).isEqualTo(64 * 1024);
		assertThat(this.registry.get("async.logging.queue.memory.max").gauge().getId().getBaseUnit()).isEqualTo("bytes");
		assertThat(this.registry.get("async.logging.workers.alive").gauge().value()).isZero();
		assertThat(this.registry.get("async.logging.delivery.latency").timer().count()).isZero();
		assertThat(this.registry.getMeters()).allSatisfy((meter) -> assertThat(meter.getId().getDescription())
			.isNotBlank());
	}

	@Test
	void metersReadTheExecutorsExactCounts() {
		new AsyncLoggingMetrics(this.executor).bindTo(this.registry);
		this.executor.start();
		this.executor.submit(EventLevel.INFO);
		await().until(() -> this.calls.get() == 1);
		this.executor.submit(EventLevel.WARN);
		this.executor.submit(EventLevel.TRACE);
		this.executor.submit(EventLevel.ERROR);
		this.executor.submit(EventLevel.INFO);
		assertThat(this.registry.get("async.logging.queue.size").gauge().value()).isEqualTo(2);
		assertThat(this.registry.get("async.logging.queue.memory.used").gauge().value()).isEqualTo(2 * 128);
		assertThat(this.registry.get("async.logging.workers.alive").gauge().value()).isEqualTo(1);
		assertThat(count("async.logging.events.dropped", "level", "error", "reason", "queue_full")).isEqualTo(1);
		assertThat(count("async.logging.events.dropped", "level", "info", "reason", "queue_full")).isEqualTo(1);
		this.gate.countDown();
		await().until(() -> count("async.logging.events.delivered") == 2 && count("async.logging.events.failed") == 1);
		assertThat(count("async.logging.events.submitted", "level", "info")).isEqualTo(2);
		assertThat(count("async.logging.events.submitted", "level", "trace")).isEqualTo(1);
		Timer latency = this.registry.get("async.logging.delivery.latency").timer();
		assertThat(latency.count()).isEqualTo(3);
	}

}
