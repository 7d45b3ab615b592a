package io.github.asynclogging.logback;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.asynclogging.engine.DropPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 22, point 2's bounded wait: a reset waits for what was queued at most the reconfiguration
 * timeout in all, for a destination that hangs. With one destination (Spring Boot's default: one
 * appender, one worker, written as it is routed) whose write hangs without blocking its stop, the
 * reset's start waits the timeout out; its end, which waits until what was logged during it is
 * written, must not wait the whole timeout again, since the routing is the hung write. Found by a
 * review of that wait: each reset took twice the timeout (2,001 ms for 1,000; Spring Boot's
 * {@code stop()} then {@code reset()}, 4,003 ms).
 */
class HungDestinationResetTests {

	private static final Duration TIMEOUT = Duration.ofMillis(1000);

	private final LoggerContext context = new LoggerContext();

	private final CountDownLatch entered = new CountDownLatch(1);

	private final CountDownLatch release = new CountDownLatch(1);

	private LogbackBridge bridge;

	@BeforeEach
	void configure() {
		WrittenAppender.forgetAll();
		Bridges.start(this.context);
		Bridges.started(this.context, new WrittenAppender("HUNG") {
			@Override
			protected void append(ILoggingEvent event) {
				if (event.getFormattedMessage().equals("hangs")) {
					HungDestinationResetTests.this.entered.countDown();
					Latches.awaitQuietly(HungDestinationResetTests.this.release);
				}
				super.append(event);
			}
		}, org.slf4j.Logger.ROOT_LOGGER_NAME);
		this.bridge = Bridges.bridge(this.context,
				Bridges.settings(1024, DropPolicy.DROP_NEWEST, Duration.ofMillis(100), "hung-"), List.of(),
				new BridgeOptions(IncludeCallerData.AUTO, Set.of(), false, TIMEOUT));
		this.context.getLogger("io.github.asynclogging").setLevel(Level.OFF);
		this.bridge.start();
	}

	@AfterEach
	void close() {
		this.release.countDown();
		Bridges.stop(this.bridge, this.context);
	}

	/** The worker inside the hung write of one line, and one line queued behind it. */
	private void hangTheWorkerWithALineBehind() throws InterruptedException {
		Logger app = this.context.getLogger("app");
		app.info("hangs");
		assertThat(this.entered.await(10, TimeUnit.SECONDS)).as("the worker is inside the hung write").isTrue();
		app.info("behind");
	}

	@Test
	@Timeout(value = 60, unit = TimeUnit.SECONDS)
	void aResetWithAHungLoneDestinationWaitsAtMostTheReconfigurationTimeout() throws InterruptedException {
		hangTheWorkerWithALineBehind();
		long start = System.nanoTime();
		this.context.reset();
		long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		assertThat(tookMillis).as("reset() with one hung destination, reconfiguration timeout %d ms",
				TIMEOUT.toMillis())
			.isLessThan(TIMEOUT.toMillis() * 3 / 2);
	}

	/** Spring Boot's {@code LogbackLoggingSystem}: {@code stop()}, which resets, then {@code reset()}. */
	@Test
	@Timeout(value = 60, unit = TimeUnit.SECONDS)
	void springBootsStopAndResetWithAHungLoneDestinationWaitAtMostTheTimeoutEach() throws InterruptedException {
		hangTheWorkerWithALineBehind();
		long start = System.nanoTime();
		this.context.stop();
		this.context.reset();
		long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		assertThat(tookMillis).as("stop() and reset() with one hung destination, reconfiguration timeout %d ms",
				TIMEOUT.toMillis())
			.isLessThan(TIMEOUT.toMillis() * 5 / 2);
	}

}
