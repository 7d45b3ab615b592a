package io.github.asynclogging.otel;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An application as a user of the starter and of Spring Boot's OpenTelemetry support writes it:
 * {@code spring-boot-starter-opentelemetry}, OpenTelemetry's Logback appender in the Logback
 * configuration, and one of the two ways to install it.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
class OtelTestApplication {

	/**
	 * Runs the application with the given install and properties; logs are exported over OTLP/HTTP
	 * every 100 ms, spans are all sampled, and nothing else is exported.
	 */
	static ConfigurableApplicationContext run(Class<?> install, String logbackConfiguration, String... properties) {
		List<String> all = new ArrayList<>(List.of("logging.config=classpath:" + logbackConfiguration,
				"management.opentelemetry.logging.export.schedule-delay=100ms",
				"management.tracing.sampling.probability=1.0", "management.otlp.metrics.export.enabled=false",
				"spring.application.name=otel-tests"));
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(OtelTestApplication.class, install).web(WebApplicationType.NONE)
			.properties(all.toArray(String[]::new))
			.run();
	}

	/** The names of the root logger's appenders now. */
	static List<String> rootAppenders() {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		List<String> names = new ArrayList<>();
		for (Iterator<Appender<ILoggingEvent>> it = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
			.iteratorForAppenders(); it.hasNext();) {
			names.add(it.next().getName());
		}
		return names;
	}

	/**
	 * The install Spring Boot's reference documentation shows: when the bean is initialised, before
	 * the application context starts, so before the starter takes the appenders over.
	 */
	static class EarlyInstall implements InitializingBean {

		private final OpenTelemetry openTelemetry;

		EarlyInstall(OpenTelemetry openTelemetry) {
			this.openTelemetry = openTelemetry;
		}

		@Override
		public void afterPropertiesSet() {
			OpenTelemetryAppender.install(this.openTelemetry);
		}

	}

	/** An install once the application has started, after the starter took the appenders over. */
	static class LateInstall implements ApplicationRunner {

		private final OpenTelemetry openTelemetry;

		LateInstall(OpenTelemetry openTelemetry) {
			this.openTelemetry = openTelemetry;
		}

		@Override
		public void run(ApplicationArguments args) {
			OpenTelemetryAppender.install(this.openTelemetry);
		}

	}

}
