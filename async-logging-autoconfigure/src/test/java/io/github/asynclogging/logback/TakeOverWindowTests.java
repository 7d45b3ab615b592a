package io.github.asynclogging.logback;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Lines another thread logs while the first take-over moves the appenders (the gate stands) are
 * prepared for the appenders being taken: caller data captured when their patterns print it (found
 * by an attack: they were prepared with the capture of before the take-over, and printed '?').
 */
class TakeOverWindowTests {

	private final LoggerContext context = new LoggerContext();

	private final TextAppender file = new TextAppender(this.context, "FILE", "%m %line%n");

	private final Set<Object> gated = ConcurrentHashMap.newKeySet();

	private LogbackBridge bridge;

	@BeforeEach
	void configure() {
		this.context.setMDCAdapter(new LogbackMDCAdapter());
		this.context.start();
		this.file.start();
		this.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(this.file);
		this.context.addTurboFilter(new TurboFilter() {
			@Override
			public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
					Throwable t) {
				boolean gateOpen = TakeOverWindowTests.this.context.getTurboFilterList().stream()
					.anyMatch((filter) -> "async-logging-gate".equals(filter.getName()));
				if (gateOpen && params != null && params.length > 0) {
					TakeOverWindowTests.this.gated.add(params[0]);
				}
				return FilterReply.NEUTRAL;
			}
		});
		this.bridge = Bridges.bridge(this.context, "window-worker-", List.of(), BridgeOptions.DEFAULTS);
	}

	@AfterEach
	void close() {
		this.bridge.stop(Duration.ofSeconds(10));
		this.context.stop();
	}

	@Test
	void linesLoggedWhileTheFirstTakeOverMovesTheAppendersKeepTheirCallerData() throws Exception {
		Logger app = this.context.getLogger("app");
		AtomicBoolean started = new AtomicBoolean();
		Thread other = new Thread(() -> {
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			for (int i = 0; !(started.get() && !this.gated.isEmpty()) && System.nanoTime() < deadline; i++) {
				app.info("tick {}", i);
			}
		}, "other-caller");
		other.start();
		this.bridge.start();
		started.set(true);
		other.join(30_000);
		assertThat(this.gated).isNotEmpty();
		await().until(() -> this.bridge.executor().queueSize() == 0 && this.bridge.executor().awaitWritten(System.nanoTime()));
		List<String> gatedLines = this.file.lines().stream()
			.filter((line) -> this.gated.contains(Integer.valueOf(line.split(" ")[1])))
			.toList();
		assertThat(gatedLines).isNotEmpty();
		assertThat(gatedLines).as("lines logged while the gate stood (%d of them)", gatedLines.size())
			.noneMatch((line) -> line.endsWith(" ?"));
	}

}
