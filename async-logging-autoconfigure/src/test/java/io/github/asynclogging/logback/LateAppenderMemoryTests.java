package io.github.asynclogging.logback;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.AppenderBase;
import io.github.asynclogging.engine.DropPolicy;
import io.github.asynclogging.engine.DropReason;
import io.github.asynclogging.engine.EventLevel;
import io.github.asynclogging.engine.ExecutorSettings;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An appender attached after the take-over stays synchronous until the next reconfiguration, written
 * on the caller's thread after the event was queued; when it fills in the event's caller data, the
 * memory bound still gives back exactly what it took (found by an attack: the estimate counted
 * caller data it read again at dequeue, so more was given back than taken and the bound loosened).
 */
class LateAppenderMemoryTests {

	private static final int EVENTS = 15;

	private final LoggerContext context = new LoggerContext();

	private final RecordingAppender console = new RecordingAppender("CONSOLE");

	private final CallerDataReader late = new CallerDataReader();

	private LogbackBridge bridge;

	@BeforeEach
	void configure() {
		this.context.setMDCAdapter(new LogbackMDCAdapter());
		this.context.start();
		this.console.setContext(this.context);
		this.console.start();
		this.late.setContext(this.context);
		this.late.start();
		this.context.getLogger("app").addAppender(this.console);
		ExecutorSettings settings = new ExecutorSettings(1024, 1, DropPolicy.DROP_NEWEST, Duration.ofMillis(100),
				EventLevel.INFO, 1.0, Duration.ZERO, Duration.ZERO, 4096, "late-worker-");
		this.bridge = Bridges.bridge(this.context, settings, List.of(),
				new BridgeOptions(IncludeCallerData.FALSE, Set.of()));
		this.bridge.start();
	}

	@AfterEach
	void close() {
		this.console.release();
		this.bridge.stop(Duration.ofSeconds(10));
		this.context.stop();
	}

	@Test
	void anAppenderAttachedAfterTheTakeOverDoesNotLoosenTheMemoryBound() {
		Logger app = this.context.getLogger("app");
		long before = queuedWhileHeld(app);
		assertThat(before).isPositive();
		// Attached programmatically after the take-over: stays synchronous, on the caller's thread.
		this.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(this.late);
		queuedWhileHeld(app);
		this.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(this.late);
		long after = queuedWhileHeld(app);
		// The bound itself: 4096 bytes hold 16 of these events; 40 of them must not all fit.
		long dropped = this.bridge.executor().dropped(EventLevel.INFO, DropReason.MEMORY_FULL);
		this.console.hold();
		app.info("without arguments");
		await().until(() -> this.bridge.executor().queueSize() == 0);
		for (int i = 0; i < 40; i++) {
			app.info("without arguments");
		}
		int queued = this.bridge.executor().queueSize();
		long droppedNow = this.bridge.executor().dropped(EventLevel.INFO, DropReason.MEMORY_FULL) - dropped;
		this.console.release();
		SoftAssertions.assertSoftly((softly) -> {
			softly.assertThat(after).as("memory the same %d events hold, before and after", EVENTS).isEqualTo(before);
			softly.assertThat(queued).as("events queued under a 4096-byte bound (dropped %d)", droppedNow)
				.isLessThanOrEqualTo(16);
		});
	}

	/** Holds the worker in the console on a first event, queues {@link #EVENTS} more, reads the memory used. */
	private long queuedWhileHeld(Logger app) {
		int written = this.console.events.size();
		this.console.hold();
		app.info("without arguments");
		await().until(() -> this.bridge.executor().queueSize() == 0);
		for (int i = 0; i < EVENTS; i++) {
			app.info("without arguments");
		}
		long used = this.bridge.executor().queueMemoryUsed();
		this.console.release();
		await().until(() -> this.console.events.size() == written + EVENTS + 1);
		return used;
	}

	/** Reads caller data on the caller's thread, as a pattern with {@code %line} does. */
	static final class CallerDataReader extends AppenderBase<ILoggingEvent> {

		CallerDataReader() {
			setName("LATE");
		}

		@Override
		protected void append(ILoggingEvent event) {
			event.getCallerData();
		}

	}

}
