package io.github.asynclogging.autoconfigure;


import ch.qos.logback.core.Appender;
import io.github.asynclogging.engine.AsyncLogExecutor;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spring Boot re-initialises Logback (a reset, then a new configuration) at every
 * {@code SpringApplication.run}, also while another application runs in the JVM: the new root
 * appenders are written by the workers too, and nothing is left behind.
 */
class LoggingSystemReinitializationTests {

	private static ConfigurableApplicationContext run() {
		SpringApplication application = new SpringApplication(App.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		return application.run("--spring.main.banner-mode=off");
	}

	@Test
	void aSecondApplicationRunReconfiguresLogbackAndBothKeepLoggingAsynchronously() {
		ConfigurableApplicationContext first = run();
		try {
			RecordingSink firstSink = first.getBean(RecordingSink.class);
			assertThat(RootLogger.isCaptured()).isTrue();
			ConfigurableApplicationContext second = run();
			try {
				// Logback was reset by the second run: the first application's bridge took the new appenders over.
				assertThat(RootLogger.isCaptured()).isTrue();
				assertThat(RootLogger.liveWorkers()).isEqualTo(RootLogger.workersOf(first, second));
				LoggerFactory.getLogger("reinit").info("after the second run");
				await().until(() -> firstSink.messages.contains("after the second run"));
				assertThat(firstSink.threads).allMatch((name) -> name.startsWith("async-logging-worker-"));
			}
			finally {
				first.close();
			}
			// The first stopped: the second application writes the root now.
			AsyncLogExecutor<?> secondExecutor = second.getBean(AsyncLogExecutor.class);
			RecordingSink secondSink = second.getBean(RecordingSink.class);
			assertThat(RootLogger.isCaptured()).isTrue();
			LoggerFactory.getLogger("reinit").info("after the first closed");
			await().until(() -> secondSink.messages.contains("after the first closed"));
			assertThat(secondExecutor.dropped()).isZero();
			second.close();
			assertThat(RootLogger.isCaptured()).isFalse();
			assertThat(RootLogger.appenders()).isNotEmpty();
			await().until(() -> RootLogger.liveWorkers() == 0);
		}
		finally {
			first.close();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(AsyncLoggingAutoConfiguration.class)
	static class App {

		@Bean
		RecordingSink recordingSink() {
			return new RecordingSink();
		}

	}

}
