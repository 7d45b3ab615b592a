package io.github.asynclogging.health;

import io.github.asynclogging.engine.AsyncLogExecutor;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * {@code UP} while the executor runs with all its workers; {@code DOWN} when a worker has died or
 * the executor is stopped while the application runs.
 */
public final class AsyncLoggingHealthIndicator extends AbstractHealthIndicator {

	private final AsyncLogExecutor<?> executor;

	/**
	 * Creates the indicator.
	 * @param executor the executor to report on
	 */
	public AsyncLoggingHealthIndicator(AsyncLogExecutor<?> executor) {
		super("async-logging health check failed");
		this.executor = executor;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		int workers = this.executor.settings().workers();
		int alive = this.executor.workersAlive();
		if (!this.executor.isRunning()) {
			builder.down().withDetail("reason", "the executor is stopped: logging is synchronous");
		}
		else if (alive < workers) {
			builder.down().withDetail("reason", (workers - alive) + " of " + workers + " worker threads have died");
		}
		else {
			builder.up();
		}
		builder.withDetail("queueSize", this.executor.queueSize())
			.withDetail("queueCapacity", this.executor.queueCapacity())
			.withDetail("queueMemoryUsed", this.executor.queueMemoryUsed())
			.withDetail("queueMemoryMax", this.executor.queueMemoryMax())
			.withDetail("workersAlive", alive)
			.withDetail("workers", workers)
			.withDetail("workersReplaced", this.executor.workersReplaced())
			.withDetail("submitted", this.executor.submitted())
			.withDetail("delivered", this.executor.delivered())
			.withDetail("dropped", this.executor.dropped())
			.withDetail("failed", this.executor.failed());
		Throwable failure = this.executor.lastFailure();
		if (failure != null) {
			builder.withDetail("lastFailure", failure.toString());
		}
	}

}
