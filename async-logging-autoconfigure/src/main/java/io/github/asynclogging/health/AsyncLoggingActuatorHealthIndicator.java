package io.github.asynclogging.health;

import io.github.asynclogging.engine.AsyncLogExecutor;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The same health as {@link AsyncLoggingHealthIndicator}, built on the types Spring Boot 3 keeps in
 * {@code spring-boot-actuator} ({@code org.springframework.boot.actuate.health}). Only a Spring
 * Boot 3 application loads this class: the auto-configuration picks it when those types are on
 * the class path.
 */
public final class AsyncLoggingActuatorHealthIndicator extends AbstractHealthIndicator {

	private final AsyncLogExecutor<?> executor;

	/**
	 * Creates the indicator.
	 * @param executor the executor to report on
	 */
	public AsyncLoggingActuatorHealthIndicator(AsyncLogExecutor<?> executor) {
		super("async-logging health check failed");
		this.executor = executor;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		HealthReport report = HealthReport.of(this.executor);
		(report.up() ? builder.up() : builder.down()).withDetails(report.details());
	}

}
