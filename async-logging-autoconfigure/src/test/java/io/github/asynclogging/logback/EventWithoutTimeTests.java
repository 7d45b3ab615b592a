package io.github.asynclogging.logback;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;

/**
 * An event made with setters and replayed with {@code callAppenders} may have no time: it is written
 * as synchronous Logback writes it (time 0), and the log call does not throw (found by an attack on
 * 7e2bd16, whose copy threw a NullPointerException into the caller).
 */
class EventWithoutTimeTests {

	private final LoggerContext context = new LoggerContext();

	private final RecordingAppender console = new RecordingAppender("CONSOLE");

	private LogbackBridge bridge;

	@BeforeEach
	void configure() {
		Bridges.start(this.context);
		Bridges.started(this.context, this.console, org.slf4j.Logger.ROOT_LOGGER_NAME);
		this.bridge = Bridges.bridge(this.context, "notime-worker-", List.of(),
				new BridgeOptions(IncludeCallerData.FALSE, Set.of()));
		this.bridge.start();
	}

	@AfterEach
	void close() {
		this.bridge.stop(Duration.ofSeconds(10));
		this.context.stop();
	}

	@Test
	void anEventWithoutATimeIsWrittenAsSynchronousLogbackWritesIt() {
		Logger app = this.context.getLogger("app");
		LoggingEvent relayed = new LoggingEvent();
		relayed.setLoggerContext(this.context);
		relayed.setLoggerName("app");
		relayed.setLevel(Level.INFO);
		relayed.setMessage("order {}");
		relayed.setArgumentArray(new Object[] { "A-1" });
		assertThatNoException().isThrownBy(() -> app.callAppenders(relayed));
		await().until(() -> this.console.events.size() == 1);
		assertThat(this.console.messages()).containsExactly("order A-1");
	}

}
