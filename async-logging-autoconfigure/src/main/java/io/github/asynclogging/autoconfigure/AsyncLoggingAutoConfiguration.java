package io.github.asynclogging.autoconfigure;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.asynclogging.LogSink;
import io.github.asynclogging.engine.AsyncLogExecutor;
import io.github.asynclogging.engine.ExecutorSettings;
import io.github.asynclogging.logback.LogbackBridge;
import io.github.asynclogging.logback.LogbackDestination;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * Asynchronous logging for an application whose logging system is Logback: the loggers' appenders
 * and every {@link LogSink} bean are written by a bounded pool of worker threads, with the caller's
 * OpenTelemetry context current when OpenTelemetry's API is on the class path.
 * Metrics and health are auto-configurations of their own ({@link AsyncLoggingMetricsAutoConfiguration},
 * {@link AsyncLoggingHealthAutoConfiguration}), ordered after this one.
 */
@AutoConfiguration
@ConditionalOnClass(name = OnLogbackCondition.LOGGER_CONTEXT)
@Conditional({ OnAsyncLoggingEnabledCondition.class, OnLogbackCondition.class })
@EnableConfigurationProperties(AsyncLoggingProperties.class)
public class AsyncLoggingAutoConfiguration {

	/** OpenTelemetry's context class: when present, the caller's context is current on the workers. */
	static final String OPEN_TELEMETRY_CONTEXT = "io.opentelemetry.context.Context";

	/**
	 * Checks the names under {@code async-logging} before any bean is created: a bean factory post
	 * processor, not a bind handler advisor, so that the binding of the application's own
	 * {@code @ConfigurationProperties} beans is left as it is without the starter.
	 * @param environment the application's environment
	 * @return the check
	 */
	@Bean
	static UnknownKeysCheck asyncLoggingUnknownKeysCheck(Environment environment) {
		return new UnknownKeysCheck(environment);
	}

	@Bean
	@ConditionalOnMissingBean
	LogbackDestination asyncLoggingDestination(ObjectProvider<LogSink> sinks, ListableBeanFactory beans) {
		Map<String, LogSink> byName = BeanFactoryUtils.beansOfTypeIncludingAncestors(beans, LogSink.class);
		Map<String, LogSink> ordered = new LinkedHashMap<>();
		sinks.orderedStream().forEach((sink) -> ordered.put(beanNameOf(sink, byName), sink));
		return LogbackBridge.newDestination(loggerContext(), ordered);
	}

	/** A sink's bean name, which names its destination: {@code sink:<bean name>}. */
	private static String beanNameOf(LogSink sink, Map<String, LogSink> byName) {
		for (Map.Entry<String, LogSink> named : byName.entrySet()) {
			if (named.getValue() == sink) {
				return named.getKey();
			}
		}
		return sink.getClass().getName();
	}

	@Bean
	@ConditionalOnMissingBean
	AsyncLogExecutor<ILoggingEvent> asyncLogExecutor(AsyncLoggingProperties properties,
			LogbackDestination destination) {
		// A destination named under async-logging.destinations must be one: checked against the
		// appenders Logback's configuration attached and the sinks.
		ExecutorSettings settings = properties.toSettings();
		ExecutorSettings eachQueue = LogbackBridge.shareMemory(settings,
				LogbackBridge.destinations(loggerContext(), java.util.Set.of(), destination).size(),
				!properties.getDestinations().isEmpty());
		Map<String, ExecutorSettings> overrides = properties.toDestinationSettings(
				LogbackBridge.destinations(loggerContext(), properties.getExcludeAppenders(), destination), eachQueue);
		AsyncLogExecutor<ILoggingEvent> executor = LogbackBridge.newExecutor(loggerContext(), settings, overrides,
				destination);
		if (properties.queueCapacitySet()) {
			CapacityUnderMemory.warnIfUnreachable(executor, LogbackBridge.sampleEventBytes(),
					LoggerFactory.getLogger(LogbackBridge.NOTICE_LOGGER)::warn);
		}
		return executor;
	}

	@Bean
	@ConditionalOnMissingBean
	AsyncLoggingLifecycle asyncLoggingLifecycle(AsyncLogExecutor<ILoggingEvent> executor,
			LogbackDestination destination, AsyncLoggingProperties properties, ResourceLoader resourceLoader) {
		// The application's class loader decides, as a class condition would: the trace context is
		// carried when OpenTelemetry's API is there, and nothing of it is loaded otherwise.
		boolean openTelemetry = ClassUtils.isPresent(OPEN_TELEMETRY_CONTEXT, resourceLoader.getClassLoader());
		LogbackBridge bridge = new LogbackBridge(loggerContext(), executor, destination,
				properties.toBridgeOptions(openTelemetry));
		return new AsyncLoggingLifecycle(bridge, properties.getShutdownTimeout());
	}

	private static LoggerContext loggerContext() {
		return (LoggerContext) LoggerFactory.getILoggerFactory();
	}

}
