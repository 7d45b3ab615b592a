package io.github.asynclogging.health;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.asynclogging.engine.AsyncLogExecutor;

/**
 * What the health contributor says about an executor, in plain Java: Spring Boot 3 and 4 keep
 * their health types in different packages, so each line's indicator only translates this.
 *
 * @param up whether the executor runs with all its workers
 * @param details the details to show, in the order to show them
 */
record HealthReport(boolean up, Map<String, Object> details) {

	static HealthReport of(AsyncLogExecutor<?> executor) {
		int workers = executor.settings().workers();
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
		return new HealthReport(up, details);
	}

}
