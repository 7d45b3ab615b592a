package io.github.asynclogging.logback;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An excluded appender on a logger above is written on the caller's thread after the event was
 * queued by a logger below, and may fill in the event (its caller data, here): the event queued is
 * the bridge's own copy, so what the workers read, and what the memory bound counts when the event
 * leaves the queue, is what it was when it entered (found by an attack: the estimate grew between
 * the two readings, giving back more memory than was taken, and the worker read the caller data the
 * caller was writing).
 */
class ExcludedAppenderTests {

	private final LoggerContext context = new LoggerContext();

	private final RecordingAppender console = new RecordingAppender("CONSOLE");

	private final CallerDataReader audit = new CallerDataReader();

	private LogbackBridge bridge;

	@BeforeEach
	void configure() {
		Bridges.start(this.context);
		Bridges.started(this.context, this.console, "app");
		Bridges.started(this.context, this.audit, org.slf4j.Logger.ROOT_LOGGER_NAME);
		this.bridge = Bridges.bridge(this.context, "excluded-worker-", List.of(),
				new BridgeOptions(IncludeCallerData.FALSE, Set.of("AUDIT")));
		this.bridge.start();
	}

	@AfterEach
	void close() {
		this.console.release();
		this.bridge.stop(Duration.ofSeconds(10));
		this.context.stop();
	}

	@Test
	void whatAnExcludedAppenderAboveFillsInAfterTheEventWasQueuedIsNotWhatTheWorkersRead() {
		Logger app = this.context.getLogger("app");
		this.console.hold();
		app.info("without arguments");
		app.info("order {}", new StringBuilder("A-1"));
		app.info("order {}", "A-2");
		assertThat(this.audit.seen).hasSize(3).allSatisfy((event) -> assertThat(event.hasCallerData()).isTrue());
		this.console.release();
		await().until(() -> this.console.events.size() == 3);
		assertThat(this.console.messages()).containsExactly("without arguments", "order A-1", "order A-2");
		for (int i = 0; i < 3; i++) {
			ILoggingEvent written = this.console.events.get(i);
			assertThat(written).isNotSameAs(this.audit.seen.get(i));
			assertThat(written.hasCallerData()).as("caller data the caller filled in later").isFalse();
		}
		assertThat(this.bridge.executor().queueMemoryUsed()).isZero();
	}

	/** Written synchronously (excluded): reads caller data, as a pattern with {@code %line} does. */
	static final class CallerDataReader extends AppenderBase<ILoggingEvent> {

		final List<ILoggingEvent> seen = new CopyOnWriteArrayList<>();

		CallerDataReader() {
			setName("AUDIT");
		}

		@Override
		protected void append(ILoggingEvent event) {
			event.getCallerData();
			this.seen.add(event);
		}

	}

}
