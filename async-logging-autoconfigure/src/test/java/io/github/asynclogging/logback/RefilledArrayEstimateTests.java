package io.github.asynclogging.logback;

import java.util.List;
import java.util.Set;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.github.asynclogging.engine.DropReason;
import io.github.asynclogging.engine.EventLevel;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;

/**
 * A caller that refills its argument array after the call (a loop reusing one {@code Object[]}) does
 * not change what the memory bound gives back: the estimate is made once, as the event is queued, and
 * the queue gives back what it charged (issue 24). Found by an attack on 934b166, which estimated the
 * event again as it left the queue, from the caller's own array.
 */
class RefilledArrayEstimateTests {

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

}
