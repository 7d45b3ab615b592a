package io.github.asynclogging.logback;

import java.util.List;
import java.util.Set;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.github.asynclogging.engine.DropReason;
import io.github.asynclogging.engine.EventLevel;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A caller that refills its argument array after the call (a loop reusing one {@code Object[]}) changes
 * neither how the memory estimate counts the queued event nor what the bound gives back: the queued
 * event holds a copy of the array whatever the arguments, values or not, copied event or Logback's
 * own. Found by an attack on 934b166, which decided "formatted on the worker" from the caller's own
 * array for an event whose arguments were not values.
 */
class RefilledArrayEstimateTests {

	private static final LogbackEventTraits traits = LogbackEventTraits.INSTANCE;

	private final LoggerContext context = new LoggerContext();

	private final RecordingAppender console = new RecordingAppender("CONSOLE");

	private LogbackBridge bridge;

	RefilledArrayEstimateTests() {
		Bridges.start(this.context);
	}

	@AfterEach
	void close() {
		this.console.release();
		Bridges.stop(this.bridge, this.context);
	}

	@Test
	void anEventWithANonValueArgumentReadsTheSameAfterTheCallerRefillsItsArrayWithValues() {
		Logger logger = this.context.getLogger("app");
		Object[] reused = { new StringBuilder("s".repeat(300)) };
		LoggingEvent made = new LoggingEvent(Logger.class.getName(), logger, Level.INFO, "{}", null, reused);
		ILoggingEvent queued = new EventCapture(false, CallerContext.NONE, this.context, false).prepare(made);
		long atEnqueue = traits.estimatedBytes(queued);
		// A loop reusing one Object[]: the next iteration's arguments are values.
		reused[0] = "x";
		assertThat(queued.getFormattedMessage()).isEqualTo("s".repeat(300));
		assertThat(traits.estimatedBytes(queued)).as("estimate at dequeue").isEqualTo(atEnqueue);
	}

	@Test
	void theMemoryBoundGivesBackWhatItTookWhenACallerRefillsItsArray() {
		Logger app = this.context.getLogger("app");
		Bridges.started(this.context, this.console, "app");
		// 4096 bytes: 64 units of 64 bytes.
		this.bridge = Bridges.bridge(this.context, Bridges.memoryBound(4096, "refill-worker-"), List.of(),
				new BridgeOptions(IncludeCallerData.FALSE, Set.of()));
		this.bridge.start();
		// About 2700 bytes estimated (42 of the 64 units): one fits an empty queue.
		String text = "s".repeat(600);
		int written = this.console.events.size();
		this.console.hold();
		app.info("hold the worker");
		await().until(() -> this.bridge.executor().queueSize() == 0);
		Object[] reused = { new StringBuilder(text) };
		app.info("{}", reused);
		// A loop reusing one Object[]: the next iteration's arguments are values.
		reused[0] = "x";
		this.console.release();
		await().until(() -> this.console.events.size() == written + 2);
		await().until(() -> this.bridge.executor().queueSize() == 0);
		long leftAfterDrain = this.bridge.executor().queueMemoryUsed();
		long droppedBefore = this.bridge.executor().dropped(EventLevel.INFO, DropReason.MEMORY_FULL);
		app.info("{}", new StringBuilder(text));
		long droppedAfter = this.bridge.executor().dropped(EventLevel.INFO, DropReason.MEMORY_FULL);
		SoftAssertions.assertSoftly((softly) -> {
			softly.assertThat(leftAfterDrain).as("memory held by an empty queue").isZero();
			softly.assertThat(droppedAfter - droppedBefore).as("the same event dropped as memory_full, queue empty")
				.isZero();
		});
	}

	/**
	 * A copy (caller data captured) of an event without a template whose argument is not a value has no
	 * formatted message and counts as "formatted later": its estimate reads the copy's array.
	 */
	@Test
	void aCopyWithoutATemplateReadsTheSameAfterTheCallerRefillsItsArray() {
		Logger logger = this.context.getLogger("app");
		Object[] reused = { new StringBuilder("s") };
		LoggingEvent made = new LoggingEvent(Logger.class.getName(), logger, Level.INFO, null, null, reused);
		ILoggingEvent queued = new EventCapture(true, CallerContext.NONE, this.context, false).prepare(made);
		long atEnqueue = traits.estimatedBytes(queued);
		reused[0] = "x".repeat(10_000);
		assertThat(traits.estimatedBytes(queued)).as("estimate at dequeue").isEqualTo(atEnqueue);
	}

}
