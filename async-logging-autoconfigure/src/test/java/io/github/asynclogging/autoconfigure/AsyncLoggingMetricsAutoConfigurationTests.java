package io.github.asynclogging.autoconfigure;

import io.github.asynclogging.metrics.AsyncLoggingMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The meters join in when the application has a Micrometer registry, whichever order the
 * auto-configurations are listed in. On Spring Boot 3.5 and 4.0 compat-tests shows the same.
 */
class AsyncLoggingMetricsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner();

	@Test
	void metersAreInTheRegistryThatSpringBootsMetricsAutoConfigurationCreates() {
		// Listed before the metrics auto-configurations: the sorter, not this order, must put ours last.
		this.runner
			.withConfiguration(AutoConfigurations.of(AsyncLoggingMetricsAutoConfiguration.class,
					AsyncLoggingAutoConfiguration.class, MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(AsyncLoggingMetrics.class);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.find("async.logging.events.dropped").tags("level", "error", "reason", "queue_full")
					.functionCounter()).as("dropped series registered at start-up").isNotNull();
				assertThat(registry.find("async.logging.queue.capacity").gauge().value()).isEqualTo(8192);
			});
	}

	@Test
	void userRegistryIsEnoughForTheBinder() {
		this.runner
			.withConfiguration(
					AutoConfigurations.of(AsyncLoggingAutoConfiguration.class, AsyncLoggingMetricsAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class)
			.run((context) -> assertThat(context).hasSingleBean(AsyncLoggingMetrics.class));
	}

	@Test
	void noRegistryNoMeters() {
		this.runner
			.withConfiguration(
					AutoConfigurations.of(AsyncLoggingAutoConfiguration.class, AsyncLoggingMetricsAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(AsyncLoggingMetrics.class));
	}

	@Test
	void withoutMicrometerTheStarterStillStarts() {
		this.runner
			.withConfiguration(
					AutoConfigurations.of(AsyncLoggingAutoConfiguration.class, AsyncLoggingMetricsAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("io.micrometer"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(AsyncLoggingLifecycle.class)
				.doesNotHaveBean(AsyncLoggingMetrics.class));
	}

	@Test
	void disabledStarterHasNoMeters() {
		this.runner
			.withConfiguration(
					AutoConfigurations.of(AsyncLoggingAutoConfiguration.class, AsyncLoggingMetricsAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("async-logging.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AsyncLoggingMetrics.class));
	}

}
