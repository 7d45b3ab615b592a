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
 * An excluded appender on a logger above is written on the caller's thread before the event is
 * queued for the rest of its route: it may fill in the event (its caller data, here) and no worker
 * reads the event meanwhile; the workers write the others, and the memory bound gives back exactly
 * what it took.
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
	void anExcludedAppenderAboveIsWrittenOnTheCallerBeforeTheEventIsQueued() {
		Logger app = this.context.getLogger("app");
		this.console.hold();
		app.info("without arguments");
		app.info("order {}", new StringBuilder("A-1"));
		app.info("order {}", "A-2");
		assertThat(this.audit.seen).hasSize(3).allSatisfy((event) -> assertThat(event.hasCallerData()).isTrue());
		assertThat(this.audit.writers).containsOnly(Thread.currentThread().getName());
		assertThat(this.console.events).isEmpty();
		this.console.release();
		await().until(() -> this.console.events.size() == 3);
		assertThat(this.console.messages()).containsExactly("without arguments", "order A-1", "order A-2");
		// CONSOLE is the one destination the workers write: its lane's worker writes it.
		assertThat(this.console.writers).containsOnly("excluded-worker-CONSOLE-1");
		assertThat(this.audit.seen).hasSize(3);
		await().until(() -> this.bridge.executor().queueSize() == 0);
		assertThat(this.bridge.executor().queueMemoryUsed()).isZero();
	}

	/** Written synchronously (excluded): reads caller data, as a pattern with {@code %line} does. */
	static final class CallerDataReader extends AppenderBase<ILoggingEvent> {

		final List<ILoggingEvent> seen = new CopyOnWriteArrayList<>();

		final List<String> writers = new CopyOnWriteArrayList<>();

		CallerDataReader() {
			setName("AUDIT");
		}

		@Override
		protected void append(ILoggingEvent event) {
			event.getCallerData();
			this.seen.add(event);
			this.writers.add(Thread.currentThread().getName());
		}

	}

}
