package io.github.asynclogging.logback;

import java.util.List;
import java.util.Set;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.github.asynclogging.engine.DestinationLane;
import io.github.asynclogging.engine.DropReason;
import io.github.asynclogging.engine.EventLevel;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An appender that fills in the event's caller data while it writes (one attached at run time, here)
 * does not loosen the memory bound: the bound gives back exactly what it took (found by an attack:
 * the estimate counted caller data it read again at dequeue, so more was given back than taken). And
 * the destination it adds gets a lane of its share, not of the whole bound again.
 */
class MemoryBoundAfterQueueingTests {

	private static final int EVENTS = 15;

	private final LoggerContext context = new LoggerContext();

	private final RecordingAppender console = new RecordingAppender("CONSOLE");

	private final ExcludedAppenderTests.CallerDataReader reader = new ExcludedAppenderTests.CallerDataReader();

	private LogbackBridge bridge;

	@BeforeEach
	void configure() {
		Bridges.start(this.context);
		Bridges.started(this.context, this.console, "app");
		Bridges.started(this.context, this.reader, null);
	}

	/**
	 * A bridge whose memory bound, 4096 bytes, holds 32 events without arguments: each is charged 120
	 * bytes, 128 as the queue rounds them, its constant template shared with the thread's previous event.
	 */
	private void start(Set<String> excluded) {
		this.bridge = Bridges.bridge(this.context, Bridges.memoryBound(4096, "bound-worker-"), List.of(),
				new BridgeOptions(IncludeCallerData.FALSE, excluded));
		this.bridge.start();
	}

	@AfterEach
	void close() {
		this.console.release();
		Bridges.stop(this.bridge, this.context);
	}

	/**
	 * Also the bounds once the destination is no longer alone: the callers' queue keeps its 4096 bytes,
	 * and each lane gets the share it would have had beside the other at start-up, 2048 bytes (16 of
	 * these events), not the whole bound again.
	 */
	@Test
	void anAppenderAttachedAfterTheStartGivesBackWhatItTookAndGetsALaneOfHalfTheBound() {
		start(Set.of());
		Logger app = this.context.getLogger("app");
		Runnable plain = () -> app.info("without arguments");
		long before = queuedWhileHeld(plain);
		assertThat(before).isPositive();
		// Attached programmatically after the start: written by the workers too, from a lane of its own.
		root().addAppender(this.reader);
		queuedWhileHeld(plain);
		root().detachAppender(this.reader);
		long after = queuedWhileHeld(plain);
		DestinationLane console = this.bridge.executor().destinations().stream()
			.filter((lane) -> lane.name().equals("CONSOLE")).findFirst().orElseThrow();
		long routed = console.routed();
		long dropped = console.dropped(EventLevel.INFO, DropReason.MEMORY_FULL);
		this.console.hold();
		app.info("without arguments");
		await().until(() -> console.routed() == routed + 1 && console.queueSize() == 0);
		for (int i = 0; i < 40; i++) {
			app.info("without arguments");
		}
		await().until(() -> console.routed() == routed + 41);
		int queued = console.queueSize();
		long droppedNow = console.dropped(EventLevel.INFO, DropReason.MEMORY_FULL) - dropped;
		long max = this.bridge.executor().queueMemoryMax();
		this.console.release();
		SoftAssertions.assertSoftly((softly) -> {
			softly.assertThat(after).as("memory the same %d events hold, alone and in a lane", EVENTS).isEqualTo(before);
			softly.assertThat(queued).as("events the console's lane holds under its 2048 bytes").isEqualTo(16);
			softly.assertThat(droppedNow).as("the others, dropped for memory").isEqualTo(40 - 16);
			softly.assertThat(max).as("the callers' queue and two lanes").isEqualTo(4096 + 2 * 2048);
		});
	}

	/**
	 * Holds the worker in the console on a first event, logs {@link #EVENTS} more, reads the memory
	 * they hold once they wait for the console (in the callers' queue while the console is alone, in
	 * its lane once there are two destinations), then lets them be written.
	 */
	private long queuedWhileHeld(Runnable logOne) {
		int written = this.console.events.size();
		this.console.hold();
		this.context.getLogger("app").info("without arguments");
		await().until(() -> this.bridge.executor().queueSize() == 0);
		for (int i = 0; i < EVENTS; i++) {
			logOne.run();
		}
		// Every event in one queue: none on its way from the callers' queue to a lane.
		await().until(() -> this.bridge.executor().queueSize() == EVENTS);
		long used = this.bridge.executor().queueMemoryUsed();
		this.console.release();
		await().until(() -> this.console.events.size() == written + EVENTS + 1);
		return used;
	}

	private Logger root() {
		return this.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

}
