package io.github.asynclogging.autoconfigure;

import java.util.List;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many application contexts started and closed in one JVM: nothing of ours survives a close, the
 * root logger is as it was before each start, and the last line before each close is written.
 */
class ContextRestartTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AsyncLoggingAutoConfiguration.class));

	private final ListAppender<ILoggingEvent> written = new ListAppender<>();

	@BeforeEach
	void attach() {
		this.written.setContext(RootLogger.context());
		this.written.start();
		RootLogger.root().addAppender(this.written);
	}

	@AfterEach
	void detach() {
		RootLogger.root().detachAppender(this.written);
	}

	@Test
	void twoHundredStartsAndClosesLeaveNoThreadAndTheRootAsItWas() {
		List<Appender<ILoggingEvent>> before = RootLogger.appenders();
		for (int cycle = 0; cycle < 200; cycle++) {
			int current = cycle;
			this.runner.run((context) -> {
				assertThat(RootLogger.isCaptured()).isTrue();
				assertThat(RootLogger.liveWorkers()).isEqualTo(RootLogger.workersOf(context));
				LoggerFactory.getLogger("restart").info("last line of cycle {}", current);
			});
			assertThat(RootLogger.appenders()).as("root appenders after cycle %d", cycle).isEqualTo(before);
			assertThat(RootLogger.isCaptured()).as("captured after cycle %d", cycle).isFalse();
			assertThat(this.written.list).as("written by cycle %d", cycle)
				.extracting(ILoggingEvent::getFormattedMessage)
				.contains("last line of cycle " + cycle);
			// stop() joined the workers: none may be alive once the context is closed.
			assertThat(RootLogger.liveWorkers()).as("workers alive after cycle %d", cycle).isZero();
		}
		assertThat(this.written.list).extracting(ILoggingEvent::getThreadName).containsOnly("main");
	}

}
