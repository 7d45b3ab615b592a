package io.github.asynclogging.logback;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import io.github.asynclogging.engine.DropPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Logback's own event is queued for value arguments, and three appenders, two of them attached after the
 * start (on the event's logger and on the root), each with a lane of its own, read and format the same
 * event on their own workers at once; callers reuse and refill one {@code Object[]} and use the fluent
 * API with key-value pairs. The three write the same text.
 */
class CallerThreadReaderTests {

	private static final String PATTERN = "%m %kvp%nopex%n";

	private final LoggerContext context = new LoggerContext();

	private LogbackBridge bridge;

	@AfterEach
	void close() {
		Bridges.stop(this.bridge, this.context);
	}

	@Test
	void threeLanesFormattingOneEventAtOnceWriteTheSameText() throws Exception {
		this.context.setMDCAdapter(new LogbackMDCAdapter());
		this.context.start();
		Logger root = this.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		TextAppender async = new TextAppender(this.context, "ASYNC_TEXT", PATTERN);
		async.start();
		root.addAppender(async);
		this.bridge = Bridges.bridge(this.context,
				Bridges.settings(1024, DropPolicy.BLOCK, Duration.ofSeconds(30), "reader-worker-"), List.of(),
				new BridgeOptions(IncludeCallerData.FALSE, Set.of()));
		this.bridge.start();
		// Attached after the start: each written by a lane of its own.
		TextAppender below = new TextAppender(this.context, "BELOW", PATTERN);
		below.start();
		this.context.getLogger("app").addAppender(below);
		TextAppender above = new TextAppender(this.context, "ABOVE", PATTERN);
		above.start();
		root.addAppender(above);
		int perThread = 5_000;
		List<Thread> callers = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			int thread = t;
			Thread caller = new Thread(() -> {
				org.slf4j.Logger app = this.context.getLogger("app.part");
				Object[] reused = new Object[4];
				for (int i = 0; i < perThread; i++) {
					reused[0] = "t" + thread;
					reused[1] = i;
					reused[2] = (i % 2 == 0) ? null : (double) i / 3;
					reused[3] = (i % 3 == 0) ? new IllegalStateException("boom " + i) : 'c';
					app.info("{} {} {} {}", reused);
					reused[0] = "refilled";
					reused[1] = -1;
					app.atInfo().setMessage("fluent {} {}").addArgument("t" + thread).addArgument(i)
						.addKeyValue("k", "v" + i).log();
				}
			});
			callers.add(caller);
			caller.start();
		}
		for (Thread caller : callers) {
			caller.join();
		}
		int lines = 4 * perThread * 2;
		assertThat(this.bridge.executor().dropped()).isZero();
		// Three lanes, each at its own pace.
		await().atMost(Duration.ofSeconds(30)).until(() -> async.lines().size() >= lines
				&& below.lines().size() >= lines && above.lines().size() >= lines);
		List<String> written = new ArrayList<>(async.lines());
		List<String> belowLines = new ArrayList<>(below.lines());
		List<String> aboveLines = new ArrayList<>(above.lines());
		written.sort(null);
		belowLines.sort(null);
		aboveLines.sort(null);
		assertThat(belowLines).hasSize(lines);
		assertThat(written).isEqualTo(belowLines);
		assertThat(written).isEqualTo(aboveLines);
	}

}
