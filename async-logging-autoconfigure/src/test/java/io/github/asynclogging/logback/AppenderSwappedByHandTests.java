package io.github.asynclogging.logback;

import java.time.Duration;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.github.asynclogging.engine.DestinationLane;
import io.github.asynclogging.engine.DropReason;
import io.github.asynclogging.engine.EventLevel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An appender swapped by hand (attach the new one, detach the old one, stop it) while the old one's
 * lane holds lines: what its lane held when it stopped is counted as dropped for it, never as
 * delivered, and what is logged after the swap reaches the new one alone. The one case where a change
 * made in code costs lines that synchronous Logback would have written (docs/guarantees.md, "What is
 * not promised"). Fails with the worker's check that an appender still runs taken out: the lines
 * are counted as delivered to an appender that wrote nothing.
 */
class AppenderSwappedByHandTests {

	private static final int BEFORE = 5;

	private final LoggerContext context = new LoggerContext();

	private final RecordingAppender old = new RecordingAppender("OLD");

	private final WrittenAppender other = new WrittenAppender("OTHER");

	private LogbackBridge bridge;

	@BeforeEach
	void configure() {
		Bridges.start(this.context);
		Bridges.started(this.context, this.old, org.slf4j.Logger.ROOT_LOGGER_NAME);
		Bridges.started(this.context, this.other, org.slf4j.Logger.ROOT_LOGGER_NAME);
		this.bridge = Bridges.bridge(this.context, "swap-worker-", List.of(), BridgeOptions.DEFAULTS);
	}

	@AfterEach
	void close() {
		this.old.release();
		Bridges.stop(this.bridge, this.context);
	}

	@Test
	void whatTheOldAppendersLaneHeldWhenItStoppedIsCountedDroppedAndTheNextLinesReachTheNewOne() {
		this.bridge.start();
		Logger root = this.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		Logger app = this.context.getLogger("app");
		// A slow disk: OLD's worker waits inside its first write, the rest wait in its lane.
		this.old.hold();
		for (int i = 0; i < BEFORE; i++) {
			app.info("before the swap {}", i);
		}
		DestinationLane lane = Bridges.lane(this.bridge.executor(), "OLD");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.other.size() == BEFORE && lane.routed() == BEFORE);
		WrittenAppender replacement = Bridges.started(this.context, new WrittenAppender("NEW"), null);
		root.addAppender(replacement);
		root.detachAppender(this.old);
		this.old.stop();
		app.info("after the swap");
		this.old.release();
		await().atMost(Duration.ofSeconds(5)).until(() -> replacement.size() == 1 && lane.queueSize() == 0
				&& lane.delivered() + lane.dropped() == BEFORE);
		assertThat(replacement.messages()).containsExactly("after the swap");
		assertThat(lane.delivered()).as("delivered to OLD").isEqualTo(this.old.messages().size());
		assertThat(lane.dropped(EventLevel.INFO, DropReason.DISCARDED)).as("dropped as OLD stopped")
			.isEqualTo(BEFORE - this.old.messages().size())
			.isPositive();
		assertThat(this.other.messages()).hasSize(BEFORE + 1);
	}

}
