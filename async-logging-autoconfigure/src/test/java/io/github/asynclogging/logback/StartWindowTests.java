package io.github.asynclogging.logback;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lines another thread logs while the starter starts keep their caller data: the capture is prepared
 * for the appenders (their patterns print the line) before the filter that captures is in Logback's
 * chain. Every line, written by Logback before the start or by a worker after, ends with its line.
 */
class StartWindowTests {

	private final LoggerContext context = new LoggerContext();

	private final TextAppender file = new TextAppender(this.context, "FILE", "%m %line%n");

	private LogbackBridge bridge;

	@BeforeEach
	void configure() {
		this.context.setMDCAdapter(new LogbackMDCAdapter());
		this.context.start();
		this.file.start();
		this.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(this.file);
		this.bridge = Bridges.bridge(this.context, "window-worker-", List.of(), BridgeOptions.DEFAULTS);
	}

	@AfterEach
	void close() {
		this.bridge.stop(Duration.ofSeconds(10));
		this.context.stop();
	}

	@Test
	void linesLoggedWhileTheStarterStartsKeepTheirCallerData() throws Exception {
		Logger app = this.context.getLogger("app");
		AtomicBoolean started = new AtomicBoolean();
		AtomicInteger afterStart = new AtomicInteger();
		Thread other = new Thread(() -> {
			for (int i = 0; afterStart.get() < 1000; i++) {
				app.info("tick {}", i);
				if (started.get()) {
					afterStart.incrementAndGet();
				}
			}
		}, "other-caller");
		other.start();
		this.bridge.start();
		started.set(true);
		other.join(30_000);
		this.bridge.stop(Duration.ofSeconds(10));
		assertThat(this.bridge.executor().submitted()).isPositive();
		assertThat(this.file.lines()).as("lines logged around the start").isNotEmpty()
			.noneMatch((line) -> line.endsWith(" ?"));
	}

}
