package io.github.asynclogging.logback;

import java.time.Duration;
import java.util.List;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A memory bound at or above the JVM's maximum heap bounds nothing: start-up says so once, and the
 * starter runs as configured. Found by a helper's attack: {@code queue-memory=100GB} with
 * {@code -Xmx256m} was accepted without a word.
 */
class MemoryBoundAboveHeapTests {

	// Break seen failing: no warning.
	@Test
	void aBoundNotBelowTheHeapIsSaidAtStartUp() {
		assertThat(warningsWithBound(Runtime.getRuntime().maxMemory())).singleElement()
			.asString()
			.startsWith("async-logging: async-logging.queue-memory (")
			.contains("is not below the JVM's maximum heap");
	}

	@Test
	void aBoundBelowTheHeapIsNotSaid() {
		assertThat(warningsWithBound(Runtime.getRuntime().maxMemory() / 20)).isEmpty();
	}

	private static List<String> warningsWithBound(long bytes) {
		LoggerContext context = new LoggerContext();
		Bridges.start(context);
		Bridges.started(context, new ListAppender<>(), "ROOT");
		ListAppender<ILoggingEvent> notices = Bridges.started(context, new ListAppender<>(), LogbackBridge.NOTICE_LOGGER);
		context.getLogger(LogbackBridge.NOTICE_LOGGER).setAdditive(false);
		LogbackBridge bridge = Bridges.bridge(context, Bridges.memoryBound(bytes, "memory-bound-"), List.of(),
				BridgeOptions.DEFAULTS);
		bridge.start();
		bridge.stop(Duration.ofSeconds(10));
		context.stop();
		return notices.list.stream()
			.map(ILoggingEvent::getFormattedMessage)
			.filter((line) -> line.contains("queue-memory"))
			.toList();
	}

}
