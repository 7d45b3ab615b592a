package io.github.asynclogging.autoconfigure;

import io.github.asynclogging.engine.AsyncLogExecutor;
import io.github.asynclogging.metrics.AsyncLoggingMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code async.logging.*} meters, when the application has a Micrometer registry. Ordered after
 * the auto-configurations that create the registry, so that the condition on it sees it: Spring
 * Boot 4 keeps them in {@code spring-boot-micrometer-metrics}, Spring Boot 3 in
 * {@code spring-boot-actuator-autoconfigure}. Both lines' names are given; the absent ones are
 * ignored.
 */
@AutoConfiguration(after = AsyncLoggingAutoConfiguration.class, afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
		"org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean({ AsyncLogExecutor.class, MeterRegistry.class })
public final class AsyncLoggingMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AsyncLoggingMetrics asyncLoggingMetrics(AsyncLogExecutor<?> executor) {
		return new AsyncLoggingMetrics(executor);
	}

}
