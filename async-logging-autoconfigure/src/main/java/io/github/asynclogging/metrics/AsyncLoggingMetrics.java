package io.github.asynclogging.metrics;

import java.util.concurrent.TimeUnit;

import io.github.asynclogging.engine.AsyncLogExecutor;
import io.github.asynclogging.engine.DropReason;
import io.github.asynclogging.engine.EventLevel;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The {@code async.logging.*} meters of an executor. Every level and reason combination is
 * registered at once, so that a dashboard sees a dropped count of 0 before the first drop. Counts of
 * events have no base unit: Prometheus would append it to the names
 * ({@code async_logging_events_dropped_events_total}); the memory gauges are in bytes.
 */
public final class AsyncLoggingMetrics implements MeterBinder {

	private final AsyncLogExecutor<?> executor;

	/**
	 * Creates the binder.
	 * @param executor the executor to measure
	 */
	public AsyncLoggingMetrics(AsyncLogExecutor<?> executor) {
		this.executor = executor;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (EventLevel level : EventLevel.values()) {
			FunctionCounter.builder("async.logging.events.submitted", this.executor, (e) -> e.submitted(level))
				.description("Log events offered to the queue")
				.tag("level", level.tagValue())
				.register(registry);
			for (DropReason reason : DropReason.values()) {
				FunctionCounter
					.builder("async.logging.events.dropped", this.executor, (e) -> e.dropped(level, reason))
					.description("Log events that will never be written")
					.tag("level", level.tagValue())
					.tag("reason", reason.tagValue())
					.register(registry);
			}
		}
		FunctionCounter.builder("async.logging.events.delivered", this.executor, AsyncLogExecutor::delivered)
			.description("Log events written by a worker to every destination")
			.register(registry);
		FunctionCounter.builder("async.logging.events.failed", this.executor, AsyncLogExecutor::failed)
			.description("Log events a destination threw on")
			.register(registry);
		Gauge.builder("async.logging.queue.size", this.executor, AsyncLogExecutor::queueSize)
			.description("Log events waiting in the queue now")
			.register(registry);
		Gauge.builder("async.logging.queue.capacity", this.executor, AsyncLogExecutor::queueCapacity)
			.description("Log events the queue can hold")
			.register(registry);
		Gauge.builder("async.logging.queue.memory.used", this.executor, AsyncLogExecutor::queueMemoryUsed)
			.description("Estimated memory held by the queued log events now")
			.baseUnit(BaseUnits.BYTES)
			.register(registry);
		Gauge.builder("async.logging.queue.memory.max", this.executor, AsyncLogExecutor::queueMemoryMax)
			.description("The most memory the queued log events may hold (async-logging.queue-memory)")
			.baseUnit(BaseUnits.BYTES)
			.register(registry);
		Gauge.builder("async.logging.workers.alive", this.executor, AsyncLogExecutor::workersAlive)
			.description("Worker threads running now")
			.register(registry);
		Timer latency = Timer.builder("async.logging.delivery.latency")
			.description("Time from a log event's creation to its being written")
			.register(registry);
		this.executor.addLatencyListener((nanos) -> latency.record(nanos, TimeUnit.NANOSECONDS));
	}

}
