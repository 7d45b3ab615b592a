package io.github.asynclogging.autoconfigure;

import io.github.asynclogging.engine.AsyncLogExecutor;
import io.github.asynclogging.health.AsyncLoggingActuatorHealthIndicator;
import io.github.asynclogging.health.AsyncLoggingHealthIndicator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code asyncLogging} health contributor. Spring Boot 4 keeps health contributors in
 * {@code spring-boot-health}, Spring Boot 3 in {@code spring-boot-actuator}, under other package
 * names: one nested configuration per place, each chosen by the presence of its classes (never by
 * a version number), so one jar serves both. Class names in conditions are strings: the
 * configuration for the other line is skipped before anything of it is loaded. On both lines
 * {@code management.health.async-logging.enabled=false} switches it off, as Spring Boot's own
 * indicators are switched off.
 */
@AutoConfiguration(after = AsyncLoggingAutoConfiguration.class)
@ConditionalOnBean(AsyncLogExecutor.class)
public final class AsyncLoggingHealthAutoConfiguration {

	/** The bean name gives the contributor its name on both lines: {@code asyncLogging}. */
	static final String BEAN_NAME = "asyncLoggingHealthIndicator";

	/**
	 * The segment of {@code management.health.<segment>.enabled} that switches the contributor off, in
	 * the kebab case in which Spring Boot's keys are written.
	 */
	static final String ENABLED_KEY_SEGMENT = "async-logging";

	/**
	 * Spring Boot 4: {@code org.springframework.boot.health.contributor}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.boot.health.contributor.HealthIndicator",
			"org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator" })
	@ConditionalOnEnabledHealthIndicator(ENABLED_KEY_SEGMENT)
	static final class HealthContributorConfiguration {

		@Bean(BEAN_NAME)
		@ConditionalOnMissingBean(name = BEAN_NAME)
		AsyncLoggingHealthIndicator asyncLoggingHealthIndicator(AsyncLogExecutor<?> executor) {
			return new AsyncLoggingHealthIndicator(executor);
		}

	}

	/**
	 * Spring Boot 3: {@code org.springframework.boot.actuate.health}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.boot.actuate.health.HealthIndicator",
			"org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator" })
	@org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator(ENABLED_KEY_SEGMENT)
	static final class ActuatorHealthConfiguration {

		@Bean(BEAN_NAME)
		@ConditionalOnMissingBean(name = BEAN_NAME)
		AsyncLoggingActuatorHealthIndicator asyncLoggingHealthIndicator(AsyncLogExecutor<?> executor) {
			return new AsyncLoggingActuatorHealthIndicator(executor);
		}

	}

}
