package io.github.asynclogging.logback;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.asynclogging.LogSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 22, point 5 (the overlapping-contexts leak): Logback's context outlives the application
 * contexts that used it, so nothing of a stopped bridge (its executor, its destination, the
 * application context's {@code LogSink} beans and all they hold) may stay reachable from it. Here
 * with a single bridge, no hand-over: the per-context state keeps the last primary bridge in
 * {@code ContextCapture.captureOf}, which no stop clears (it is reachable from the Logback context
 * through the {@code ReconfigurationWatch} registered as a component, which a stop does not
 * unregister). {@code SeveralBridgesTests.noSinkOfAStoppedContextStaysReachableAfterAHandOver} fails
 * for the same reason.
 */
class StoppedBridgeReachabilityTests {

	private final LoggerContext context = new LoggerContext();

	private final WrittenAppender appender = new WrittenAppender("APP");

	@BeforeEach
	void configure() {
		Bridges.start(this.context);
		Bridges.started(this.context, this.appender, org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

	@AfterEach
	void close() {
		this.context.stop();
	}

	@Test
	void noSinkOfAStoppedBridgeStaysReachableFromLogbacksContext() {
		List<ILoggingEvent> sunk = new CopyOnWriteArrayList<>();
		LogSink sink = sunk::add;
		WeakReference<LogSink> weakSink = new WeakReference<>(sink);
		LogbackBridge bridge = Bridges.bridge(this.context, "reach-worker-", List.of(sink), BridgeOptions.DEFAULTS);
		WeakReference<LogbackBridge> weakBridge = new WeakReference<>(bridge);
		bridge.start();
		this.context.getLogger("app").info("while it runs");
		bridge.stop(Duration.ofSeconds(5));
		assertThat(sunk).extracting(ILoggingEvent::getFormattedMessage).containsExactly("while it runs");
		bridge = null;
		sink = null;
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			System.gc();
			return weakSink.get() == null && weakBridge.get() == null;
		});
	}

}
