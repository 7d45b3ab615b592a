package io.github.asynclogging.metrics;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.asynclogging.engine.AsyncLogExecutor;
import io.github.asynclogging.engine.DestinationLane;
import io.github.asynclogging.engine.DropReason;
import io.github.asynclogging.engine.EventLevel;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
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
				.description("Log events captured, once per event")
				.tag("level", level.tagValue())
				.register(registry);
		}
		Gauge.builder("async.logging.queue.capacity", this.executor, AsyncLogExecutor::queueCapacity)
			.description("Log events a destination's lane can hold (async-logging.queue-capacity)")
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
		this.executor.forEachDestination((lane) -> bindDestination(registry, lane));
	}

	/** The meters of one destination, tagged with its name; registered as its lane is made. */
	private static void bindDestination(MeterRegistry registry, DestinationLane lane) {
		Tag destination = Tag.of("destination", lane.name());
		FunctionCounter.builder("async.logging.events.routed", lane, DestinationLane::routed)
			.description("Log events handed to this destination's lane")
			.tags(List.of(destination))
			.register(registry);
		FunctionCounter.builder("async.logging.events.delivered", lane, DestinationLane::delivered)
			.description("Log events written to this destination")
			.tags(List.of(destination))
			.register(registry);
		FunctionCounter.builder("async.logging.events.failed", lane, DestinationLane::failed)
			.description("Log events this destination threw on")
			.tags(List.of(destination))
			.register(registry);
		for (EventLevel level : EventLevel.values()) {
			for (DropReason reason : DropReason.values()) {
				FunctionCounter.builder("async.logging.events.dropped", lane, (l) -> l.dropped(level, reason))
					.description("Log events that will never be written to this destination")
					.tags(List.of(destination, Tag.of("level", level.tagValue()), Tag.of("reason", reason.tagValue())))
					.register(registry);
			}
		}
		Gauge.builder("async.logging.queue.size", lane, DestinationLane::queueSize)
			.description("Log events waiting for this destination now")
			.tags(List.of(destination))
			.register(registry);
		Timer latency = Timer.builder("async.logging.delivery.latency")
			.description("Time from a log event's creation to its being written to this destination")
			.tags(List.of(destination))
			.register(registry);
		lane.addLatencyListener((nanos) -> latency.record(nanos, TimeUnit.NANOSECONDS));
	}

}
