package io.github.asynclogging.autoconfigure;

import io.github.asynclogging.health.AsyncLoggingHealthIndicator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The health contributor on Spring Boot 4 (this module's tests run on 4.1 only; compat-tests shows
 * the Spring Boot 3 contributor on 3.5).
 */
class AsyncLoggingHealthAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(AsyncLoggingHealthAutoConfiguration.class, AsyncLoggingAutoConfiguration.class));

	@Test
	void contributorNamedAsyncLoggingIsUpWithDetails() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(AsyncLoggingHealthIndicator.class)
				.hasBean(AsyncLoggingHealthAutoConfiguration.BEAN_NAME);
			Health health = context.getBean(AsyncLoggingHealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsKeys("queueSize", "queueCapacity", "dropped", "workersAlive");
		});
	}

	// Break seen failing: the condition back on @ConditionalOnEnabledHealthIndicator("asyncLogging").
	@Test
	void switchedOffByTheKebabCaseKeyLikeAnyOtherHealthIndicator() {
		this.runner.withPropertyValues("management.health.async-logging.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(AsyncLoggingLifecycle.class)
				.doesNotHaveBean(AsyncLoggingHealthAutoConfiguration.BEAN_NAME));
	}

	@Test
	void switchedOffWithEveryOtherIndicatorByTheDefaultsKey() {
		this.runner.withPropertyValues("management.health.defaults.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AsyncLoggingHealthAutoConfiguration.BEAN_NAME));
	}

	@Test
	void theKebabCaseKeyAtTrueKeepsItWhenTheDefaultsAreOff() {
		this.runner
			.withPropertyValues("management.health.defaults.enabled=false", "management.health.async-logging.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(AsyncLoggingHealthIndicator.class));
	}

	@Test
	void withoutHealthContributorTypesTheStarterStillStarts() {
		// Neither line's HealthIndicator: the Spring Boot 3 configuration must back off quietly too.
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health.contributor"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(AsyncLoggingLifecycle.class)
				.doesNotHaveBean(AsyncLoggingHealthAutoConfiguration.BEAN_NAME));
	}

	@Test
	void userIndicatorOfThatNameReplacesOurs() {
		this.runner.withBean(AsyncLoggingHealthAutoConfiguration.BEAN_NAME, String.class, () -> "mine")
			.run((context) -> assertThat(context).doesNotHaveBean(AsyncLoggingHealthIndicator.class));
	}

	@Test
	void disabledStarterHasNoContributor() {
		this.runner.withPropertyValues("async-logging.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AsyncLoggingHealthAutoConfiguration.BEAN_NAME));
	}

}
