package io.github.asynclogging.logback;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import io.github.asynclogging.engine.DropPolicy;
import io.github.asynclogging.engine.EventLevel;
import io.github.asynclogging.engine.ExecutorSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * As {@link ExcludedAppenderTests}, for an event of a {@code LoggingEvent} subclass, which is queued as
 * itself: what an excluded appender above fills in after it was queued does not change what the
 * memory bound gives back.
 */
class ExcludedSubclassMemoryTests {

	private static final int EVENTS = 15;

	private final LoggerContext context = new LoggerContext();

	private final RecordingAppender console = new RecordingAppender("CONSOLE");

	private final ExcludedAppenderTests.CallerDataReader audit = new ExcludedAppenderTests.CallerDataReader();

	private LogbackBridge bridge;

	@BeforeEach
	void configure() {
		this.context.setMDCAdapter(new LogbackMDCAdapter());
		this.context.start();
		this.console.setContext(this.context);
		this.console.start();
		this.audit.setContext(this.context);
		this.audit.start();
		this.context.getLogger("app").addAppender(this.console);
		this.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(this.audit);
		ExecutorSettings settings = new ExecutorSettings(1024, 1, DropPolicy.DROP_NEWEST, Duration.ofMillis(100),
				EventLevel.INFO, 1.0, Duration.ZERO, Duration.ZERO, 4096, "excluded-sub-worker-");
		this.bridge = Bridges.bridge(this.context, settings, List.of(),
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
	void anExcludedAppenderAboveDoesNotChangeTheEstimateOfASubclassEventWhileItIsQueued() {
		Logger app = this.context.getLogger("app");
		long plain = queuedWhileHeld(app, false);
		queuedWhileHeld(app, true);
		long afterSubclassEvents = queuedWhileHeld(app, false);
		assertThat(afterSubclassEvents).as("memory the same %d events hold, before and after", EVENTS)
			.isEqualTo(plain);
	}

	private long queuedWhileHeld(Logger app, boolean subclass) {
		int written = this.console.events.size();
		this.console.hold();
		app.info("without arguments");
		await().until(() -> this.bridge.executor().queueSize() == 0);
		for (int i = 0; i < EVENTS; i++) {
			if (subclass) {
				app.callAppenders(new EventSubclassTests.TenantEvent(app, "without arguments", null));
			}
			else {
				app.info("without arguments");
			}
		}
		long used = this.bridge.executor().queueMemoryUsed();
		this.console.release();
		await().until(() -> this.console.events.size() == written + EVENTS + 1);
		return used;
	}

}
