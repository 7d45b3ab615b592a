package io.github.asynclogging.autoconfigure;

import java.util.List;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import io.github.asynclogging.engine.AsyncLogExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several application contexts with the starter in one JVM, as Spring's test context cache or a
 * parent and child context make them: the root is never wrapped twice, closing one does not
 * break the other's logging, and the last close restores the original appenders.
 */
class SeveralContextsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AsyncLoggingAutoConfiguration.class));

	private final ListAppender<ILoggingEvent> written = new ListAppender<>();

	private List<Appender<ILoggingEvent>> before;

	@BeforeEach
	void attach() {
		this.written.setContext(RootLogger.context());
		this.written.start();
		RootLogger.root().addAppender(this.written);
		this.before = RootLogger.appenders();
	}

	@AfterEach
	void detach() {
		RootLogger.root().detachAppender(this.written);
	}

	private List<String> messages() {
		return this.written.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
	}

	private static AnnotationConfigApplicationContext start() {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		context.register(AsyncLoggingAutoConfiguration.class);
		context.refresh();
		return context;
	}

	@Test
	void aContextClosingWhileAnotherRunsLeavesTheOtherWritingTheRoot() {
		this.runner.run((first) -> {
			this.runner.run((second) -> {
				assertThat(RootLogger.isCaptured()).isTrue();
				LoggerFactory.getLogger("several").info("while both run");
				await().until(() -> messages().contains("while both run"));
			});
			assertThat(RootLogger.isCaptured()).isTrue();
			LoggerFactory.getLogger("several").info("after the second closed");
			await().until(() -> messages().contains("after the second closed"));
		});
		assertThat(RootLogger.appenders()).isEqualTo(this.before);
		await().until(() -> RootLogger.liveWorkers() == 0);
	}

	@Test
	void whenTheContextWritingTheRootClosesTheOtherTakesItOverAndTheLastCloseRestoresIt() {
		AnnotationConfigApplicationContext first = start();
		AnnotationConfigApplicationContext second = start();
		AsyncLogExecutor<?> secondExecutor = second.getBean(AsyncLogExecutor.class);
		assertThat(RootLogger.isCaptured()).isTrue();
		assertThat(RootLogger.liveWorkers()).isEqualTo(RootLogger.workersOf(first, second)).isGreaterThanOrEqualTo(4);
		first.close();
		assertThat(RootLogger.isCaptured()).isTrue();
		long submittedBefore = secondExecutor.submitted();
		LoggerFactory.getLogger("several").info("written by the second");
		assertThat(secondExecutor.submitted()).isEqualTo(submittedBefore + 1);
		await().until(() -> messages().contains("written by the second"));
		second.close();
		assertThat(RootLogger.appenders()).isEqualTo(this.before);
		await().until(() -> RootLogger.liveWorkers() == 0);
	}

	@Test
	void aChildContextUsesItsParentsExecutorAndClosingItKeepsTheParentsLogging() {
		this.runner.run((parent) -> {
			this.runner.withParent(parent).run((child) -> {
				assertThat(child.getBean(AsyncLogExecutor.class)).isSameAs(parent.getBean(AsyncLogExecutor.class));
				assertThat(child.getBeanNamesForType(AsyncLoggingLifecycle.class)).isEmpty();
				assertThat(RootLogger.liveWorkers()).isEqualTo(RootLogger.workersOf(parent));
			});
			assertThat(RootLogger.isCaptured()).isTrue();
			LoggerFactory.getLogger("several").info("parent still logs");
			await().until(() -> messages().contains("parent still logs"));
		});
		assertThat(RootLogger.appenders()).isEqualTo(this.before);
	}

}
