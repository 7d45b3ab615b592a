package io.github.asynclogging.health;

import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.asynclogging.engine.AsyncLogExecutor;
import io.github.asynclogging.engine.DestinationLane;

/**
 * What the health contributor says about an executor, in plain Java: Spring Boot 3 and 4 keep
 * their health types in different packages, so each line's indicator only translates this.
 *
 * @param up whether the executor runs with all its workers
 * @param details the details to show, in the order to show them
 */
record HealthReport(boolean up, Map<String, Object> details) {

	static HealthReport of(AsyncLogExecutor<?> executor) {
		int workers = executor.workers();
		int alive = executor.workersAlive();
		Map<String, Object> details = new LinkedHashMap<>();
		boolean up = false;
		if (!executor.isRunning()) {
			details.put("reason", "the executor is stopped: logging is synchronous");
		}
		else if (alive < workers) {
			details.put("reason", (workers - alive) + " of " + workers + " worker threads have died");
		}
		else {
			up = true;
		}
		details.put("queueSize", executor.queueSize());
		details.put("queueCapacity", executor.queueCapacity());
		details.put("queueMemoryUsed", executor.queueMemoryUsed());
		details.put("queueMemoryMax", executor.queueMemoryMax());
		details.put("workersAlive", alive);
		details.put("workers", workers);
		details.put("workersReplaced", executor.workersReplaced());
		details.put("submitted", executor.submitted());
		details.put("delivered", executor.delivered());
		details.put("dropped", executor.dropped());
		details.put("failed", executor.failed());
		Throwable failure = executor.lastFailure();
		if (failure != null) {
			details.put("lastFailure", failure.toString());
		}
		// A destination that hangs is named, and health stays UP: a stuck log collector must not take the
		// instance out of its load balancer.
		List<String> stalled = new ArrayList<>();
		Map<String, Object> destinations = new java.util.TreeMap<>();
		for (DestinationLane lane : executor.destinations()) {
			Map<String, Object> one = new LinkedHashMap<>();
			one.put("queueSize", lane.queueSize());
			one.put("queueCapacity", lane.settings().queueCapacity());
			one.put("routed", lane.routed());
			one.put("delivered", lane.delivered());
			one.put("dropped", lane.dropped());
			one.put("failed", lane.failed());
			if (lane.stalled()) {
				one.put("stalled", true);
				stalled.add(lane.name());
			}
			Throwable last = lane.lastFailure();
			if (last != null) {
				one.put("lastFailure", last.toString());
			}
			destinations.put(lane.name(), one);
		}
		if (!destinations.isEmpty()) {
			details.put("destinations", destinations);
			details.put("stalled", stalled);
		}
		return new HealthReport(up, details);
	}

}
