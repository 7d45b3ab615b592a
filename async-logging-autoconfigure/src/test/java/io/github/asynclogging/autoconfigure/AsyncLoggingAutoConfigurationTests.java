package io.github.asynclogging.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import io.github.asynclogging.LogSink;
import io.github.asynclogging.engine.AsyncLogExecutor;
import io.github.asynclogging.engine.DropPolicy;
import io.github.asynclogging.engine.EventLevel;
import io.github.asynclogging.engine.ExecutorSettings;
import io.github.asynclogging.logback.IncludeCallerData;
import io.github.asynclogging.logback.LogbackBridge;
import io.github.asynclogging.logback.LogbackDestination;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the auto-configuration creates, binds and backs off from.
 */
@ExtendWith(OutputCaptureExtension.class)
class AsyncLoggingAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(AsyncLoggingAutoConfiguration.class, OtherLoggingSystemAutoConfiguration.class));

	@Test
	void defaultsAreThoseOfTheContract() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(AsyncLogExecutor.class)
				.hasSingleBean(LogbackDestination.class)
				.hasSingleBean(AsyncLoggingLifecycle.class)
				.doesNotHaveBean(OtherLoggingSystemAutoConfiguration.class);
			ExecutorSettings settings = context.getBean(AsyncLogExecutor.class).settings();
			assertThat(settings).isEqualTo(ExecutorSettings.DEFAULTS);
			AsyncLoggingProperties properties = context.getBean(AsyncLoggingProperties.class);
			assertThat(properties.getShutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
			assertThat(properties.getIncludeCallerData()).isEqualTo(IncludeCallerData.AUTO);
			assertThat(properties.getExcludeAppenders()).isEmpty();
			assertThat(properties.getQueueMemory()).isNull();
			assertThat(context.getBean(AsyncLoggingLifecycle.class).isRunning()).isTrue();
		});
	}

	@Test
	void everyKeyIsBound() {
		this.runner
			.withPropertyValues("async-logging.queue-capacity=1000", "async-logging.workers=3",
					"async-logging.drop-policy=drop-oldest", "async-logging.block-timeout=250ms",
					"async-logging.discard.level=warn", "async-logging.discard.threshold=0.5",
					"async-logging.shutdown-timeout=3s", "async-logging.include-caller-data=true",
					"async-logging.dropped-warning-interval=0", "async-logging.linger=5ms",
					"async-logging.queue-memory=16MB")
			.run((context) -> {
				ExecutorSettings settings = context.getBean(AsyncLogExecutor.class).settings();
				assertThat(settings.queueCapacity()).isEqualTo(1000);
				assertThat(settings.workers()).isEqualTo(3);
				assertThat(settings.dropPolicy()).isEqualTo(DropPolicy.DROP_OLDEST);
				assertThat(settings.blockTimeout()).isEqualTo(Duration.ofMillis(250));
				assertThat(settings.discardLevel()).isEqualTo(EventLevel.WARN);
				assertThat(settings.discardThreshold()).isEqualTo(0.5);
				assertThat(settings.droppedWarningInterval()).isZero();
				assertThat(settings.linger()).isEqualTo(Duration.ofMillis(5));
				assertThat(settings.queueMemory()).isEqualTo(16 * 1024 * 1024);
				AsyncLoggingProperties properties = context.getBean(AsyncLoggingProperties.class);
				assertThat(properties.getShutdownTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(properties.getIncludeCallerData()).isEqualTo(IncludeCallerData.TRUE);
				// One worker routes; each destination's lane has the three.
				assertThat(((AsyncLogExecutor<?>) context.getBean(AsyncLogExecutor.class)).destinations()).isNotEmpty()
					.allSatisfy((lane) -> assertThat(lane.settings().workers()).isEqualTo(3));
				assertThat(RootLogger.liveWorkers()).isEqualTo(RootLogger.workersOf(context));
			});
	}

	@Test
	void blockPolicyBindsFromItsDashedName() {
		this.runner.withPropertyValues("async-logging.drop-policy=block")
			.run((context) -> assertThat(context.getBean(AsyncLogExecutor.class).settings().dropPolicy())
				.isEqualTo(DropPolicy.BLOCK));
	}

	@Test
	void rootAppendersStayOnTheRootWhileRunningAndAfterClose() {
		List<Appender<ILoggingEvent>> before = RootLogger.appenders();
		this.runner.run((context) -> {
			assertThat(RootLogger.isCaptured()).isTrue();
			assertThat(RootLogger.liveWorkers()).isEqualTo(RootLogger.workersOf(context));
		});
		assertThat(RootLogger.appenders()).isEqualTo(before);
		await().until(() -> RootLogger.liveWorkers() == 0);
	}

	@Test
	void disabledLeavesLoggingSynchronousAndStartsNoThread() {
		List<Appender<ILoggingEvent>> before = RootLogger.appenders();
		this.runner.withPropertyValues("async-logging.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(AsyncLogExecutor.class).doesNotHaveBean(AsyncLoggingLifecycle.class);
			assertThat(RootLogger.appenders()).isEqualTo(before);
			assertThat(RootLogger.liveWorkers()).isZero();
		});
	}

	@Test
	void backsOffAndSaysSoOnceWhenLogbackIsNotTheLoggingSystem(CapturedOutput output) {
		this.runner.withClassLoader(new FilteredClassLoader(LoggerContext.class)).run((context) -> {
			assertThat(context).doesNotHaveBean(AsyncLogExecutor.class)
				.hasSingleBean(OtherLoggingSystemAutoConfiguration.class);
			assertThat(RootLogger.liveWorkers()).isZero();
		});
		assertThat(output.getOut().split("async-logging is off", -1)).hasSize(2);
		assertThat(output).contains("Logback (ch.qos.logback.classic.LoggerContext) is not on the class path");
	}

	@Test
	void userExecutorReplacesOurs() {
		this.runner.withUserConfiguration(UserExecutorConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(AsyncLogExecutor.class);
			assertThat(context.getBean(AsyncLogExecutor.class).settings().queueCapacity()).isEqualTo(16);
		});
	}

	@Test
	void logSinkBeansReceiveEveryEventOnAWorker() {
		this.runner.withUserConfiguration(SinkConfiguration.class).run((context) -> {
			RecordingSink sink = context.getBean(RecordingSink.class);
			LoggerFactory.getLogger("sink-test").info("to the sink");
			await().until(() -> sink.messages.contains("to the sink"));
			int index = sink.messages.indexOf("to the sink");
			assertThat(sink.threads.get(index)).startsWith("async-logging-worker-");
		});
	}

	@Test
	void logSinkBeansSeeTheCallersOpenTelemetryContext(CapturedOutput output) {
		this.runner.withUserConfiguration(ContextSinkConfiguration.class).run((context) -> {
			ContextRecordingSink sink = context.getBean(ContextRecordingSink.class);
			try (Scope scope = Context.root().with(ContextRecordingSink.REQUEST, "r-1").makeCurrent()) {
				LoggerFactory.getLogger("sink-test").info("in a context");
			}
			await().until(() -> sink.requests.containsKey("in a context"));
			assertThat(sink.requests).containsEntry("in a context", "r-1");
		});
		assertThat(output).contains("caller data not captured; trace context carried; synchronous: none");
	}

	@Test
	void withoutOpenTelemetryOnTheClassPathNothingIsCarried(CapturedOutput output) {
		this.runner.withClassLoader(new FilteredClassLoader(Context.class))
			.withUserConfiguration(ContextSinkConfiguration.class)
			.run((context) -> {
				ContextRecordingSink sink = context.getBean(ContextRecordingSink.class);
				try (Scope scope = Context.root().with(ContextRecordingSink.REQUEST, "r-1").makeCurrent()) {
					LoggerFactory.getLogger("sink-test").info("in a context");
				}
				await().until(() -> sink.requests.containsKey("in a context"));
				assertThat(sink.requests).containsEntry("in a context", "none");
			});
		assertThat(output).contains("caller data not captured; synchronous: none")
			.doesNotContain("trace context carried");
	}

	@Configuration(proxyBeanMethods = false)
	static class UserExecutorConfiguration {

		@Bean
		AsyncLogExecutor<ILoggingEvent> userExecutor(LogbackDestination destination) {
			ExecutorSettings settings = new ExecutorSettings(16, 1, DropPolicy.DROP_NEWEST, Duration.ZERO,
					EventLevel.INFO, 1.0, Duration.ZERO, Duration.ZERO, ExecutorSettings.DEFAULTS.queueMemory(), "user-worker-");
			return LogbackBridge.newExecutor((LoggerContext) LoggerFactory.getILoggerFactory(), settings,
					destination);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ContextSinkConfiguration {

		@Bean
		ContextRecordingSink contextRecordingSink() {
			return new ContextRecordingSink();
		}

	}

	/** Records, by message, the request key of the OpenTelemetry context current where it writes. */
	static class ContextRecordingSink implements LogSink {

		static final ContextKey<String> REQUEST = ContextKey.named("request");

		final Map<String, String> requests = new ConcurrentHashMap<>();

		@Override
		public void write(ILoggingEvent event) {
			String request = Context.current().get(REQUEST);
			this.requests.put(event.getFormattedMessage(), (request != null) ? request : "none");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SinkConfiguration {

		@Bean
		RecordingSink recordingSink() {
			return new RecordingSink();
		}

	}

}
