package io.github.asynclogging.logback;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * CONTRACT.md: "An {@code Error} anywhere in the starter's own path (a listener, a meter registry, a
 * destination) neither loses an event uncounted". An excluded appender (written on the calling
 * thread) that throws an {@code Error} out of {@code doAppend} ({@code AppenderBase} catches only
 * {@code Exception}: a {@code NoClassDefFoundError} of a layout's optional dependency, a
 * {@code StackOverflowError}) is written before the event is queued, so the {@code Error} leaves the
 * caller's path before the submit: the event never reaches the appenders the workers write, and is
 * counted nowhere (not submitted, not dropped, not failed). Here the appender that throws is on the
 * root and the worker-written one on the event's own logger, which synchronous Logback writes first.
 */
class ExcludedAppenderErrorTests {

	private final LoggerContext context = new LoggerContext();

	private final WrittenAppender console = new WrittenAppender("CONSOLE");

	private LogbackBridge bridge;

	@BeforeEach
	void configure() {
		Bridges.start(this.context);
		Bridges.started(this.context, this.console, "app");
		Bridges.started(this.context, new ErrorAppender(), org.slf4j.Logger.ROOT_LOGGER_NAME);
		this.bridge = Bridges.bridge(this.context, "error-worker-", List.of(),
				new BridgeOptions(IncludeCallerData.FALSE, Set.of("AUDIT")));
	}

	@AfterEach
	void close() {
		Bridges.stop(this.bridge, this.context);
	}

	@Test
	void anErrorFromAnExcludedAppenderNeitherKeepsTheEventFromTheOtherAppendersNorLosesItUncounted() {
		Logger app = this.context.getLogger("app");
		Throwable withoutStarter = catchThrowable(() -> app.info("without the starter"));
		assertThat(withoutStarter).as("synchronous Logback: the Error reaches the caller").isInstanceOf(LinkageError.class);
		assertThat(this.console.messages()).as("synchronous Logback writes the event's own logger's appender first")
			.containsExactly("without the starter");
		this.bridge.start();
		catchThrowable(() -> app.info("with the starter"));
		app.info("marker");
		// "marker" passes the excluded appender and is queued after the line before it.
		await().atMost(Duration.ofSeconds(5)).until(() -> this.console.messages().contains("marker"));
		assertThat(this.bridge.executor().submitted())
			.as("events the starter took charge of (written, failed or dropped, and counted)")
			.isEqualTo(2);
		assertThat(this.console.messages()).containsExactly("without the starter", "with the starter", "marker");
	}

	/** Throws an Error for every event but "marker", as an appender whose layout misses a class does. */
	private static final class ErrorAppender extends AppenderBase<ILoggingEvent> {

		ErrorAppender() {
			setName("AUDIT");
		}

		@Override
		protected void append(ILoggingEvent event) {
			if (!event.getFormattedMessage().equals("marker")) {
				throw new NoClassDefFoundError("com/example/MissingLayoutDependency");
			}
		}

	}

}
