package io.github.asynclogging.health;

import io.github.asynclogging.engine.AsyncLogExecutor;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * {@code UP} while the executor runs with all its workers; {@code DOWN} when a worker has died or
 * the executor is stopped while the application runs. Built on Spring Boot 4's
 * {@code spring-boot-health}; {@link AsyncLoggingActuatorHealthIndicator} says the same on Spring
 * Boot 3.
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
		HealthReport report = HealthReport.of(this.executor);
		(report.up() ? builder.up() : builder.down()).withDetails(report.details());
	}

}
