package io.github.asynclogging.logback;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * CONTRACT.md: several application contexts in one JVM, "started and stopped in any order: logging
 * never stops [...] each context's {@code LogSink} beans receive every event", and "no event is
 * written twice", at the edges of {@code ContextCapture}'s join, leave and hand-over.
 */
class SeveralBridgesAttackTests {

	private final LoggerContext context = new LoggerContext();

	private final RecordingAppender console = new RecordingAppender("CONSOLE");

	private LogbackBridge first;

	private LogbackBridge second;

	@BeforeEach
	void configure() {
		this.context.setMDCAdapter(new LogbackMDCAdapter());
		this.context.start();
		this.console.setContext(this.context);
		this.console.start();
		this.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(this.console);
	}

	@AfterEach
	void close() {
		this.console.release();
		if (this.second != null) {
			this.second.stop(Duration.ofSeconds(5));
		}
		if (this.first != null) {
			this.first.stop(Duration.ofSeconds(5));
		}
		this.context.stop();
	}

	/**
	 * A context that starts while the last running one is still stopping (its queue draining behind a
	 * slow appender) joins as standing by, since a primary is still set; the stop, which decided before
	 * that there was no next bridge, then takes the starter's filter away and clears the primary. The new
	 * context's bridge is left among the running bridges with no filter and no primary: from then on
	 * every line is written synchronously on the caller, and its sinks receive nothing, for as long as it
	 * runs.
	 */
	@Test
	@Timeout(value = 60, unit = TimeUnit.SECONDS)
	void aContextThatStartsWhileTheLastOneStopsWritesAsynchronouslyAndItsSinksReceiveEveryEvent()
			throws InterruptedException {
		List<ILoggingEvent> sunk = new CopyOnWriteArrayList<>();
		this.first = Bridges.bridge(this.context, "first-worker-", List.of(), BridgeOptions.DEFAULTS);
		this.second = Bridges.bridge(this.context, "second-worker-", List.of(sunk::add), BridgeOptions.DEFAULTS);
		this.first.start();
		Logger app = this.context.getLogger("app");
		this.console.hold();
		app.info("queued before the stop");
		Thread stopping = new Thread(() -> this.first.stop(Duration.ofSeconds(30)), "stopping-first");
		stopping.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> stopping.getState() == Thread.State.TIMED_WAITING);
		this.second.start();
		this.console.release();
		stopping.join(30_000);
		this.first = null;
		app.info("after the first stopped");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.console.messages().contains("after the first stopped"));
		assertThat(this.console.writers.get(this.console.messages().indexOf("after the first stopped")))
			.as("thread that wrote the line logged while only the second context runs")
			.isEqualTo("second-worker-CONSOLE-1");
		await().atMost(Duration.ofSeconds(5)).until(() -> !sunk.isEmpty());
		assertThat(sunk).extracting(ILoggingEvent::getFormattedMessage).contains("after the first stopped");
	}


	/**
	 * Two application contexts with different {@code exclude-appenders} (tests with different
	 * properties): the first keeps {@code AUDIT} synchronous, the second does not. The first hands over
	 * to the second while its queue holds a backlog. Its callers wrote {@code AUDIT} themselves, but its
	 * workers read which appenders are excluded from the per-context state when they write, which the
	 * hand-over has switched to the second's: the backlog is written to {@code AUDIT} a second time.
	 * (The other way round, the backlog would never reach {@code AUDIT}, and count as delivered.)
	 */
	@Test
	@Timeout(value = 60, unit = TimeUnit.SECONDS)
	void aHandOverToAContextThatExcludesOtherAppendersWritesNoLineTwice() throws InterruptedException {
		WrittenAppender audit = new WrittenAppender("AUDIT");
		audit.setContext(this.context);
		audit.start();
		this.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(this.console);
		this.context.getLogger("app").addAppender(this.console);
		this.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(audit);
		this.first = Bridges.bridge(this.context, "first-worker-", List.of(),
				new BridgeOptions(IncludeCallerData.FALSE, Set.of("AUDIT")));
		this.second = Bridges.bridge(this.context, "second-worker-", List.of(),
				new BridgeOptions(IncludeCallerData.FALSE, Set.of()));
		this.first.start();
		this.second.start();
		Logger app = this.context.getLogger("app");
		this.console.hold();
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			app.info("E {}", i);
			expected.add("E " + i);
		}
		Thread stopping = new Thread(() -> this.first.stop(Duration.ofSeconds(30)), "stopping-first");
		stopping.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> stopping.getState() == Thread.State.TIMED_WAITING);
		app.info("after the hand-over");
		expected.add("after the hand-over");
		this.console.release();
		stopping.join(30_000);
		this.first = null;
		await().atMost(Duration.ofSeconds(5)).until(() -> this.console.messages().size() == expected.size());
		await().atMost(Duration.ofSeconds(5)).until(() -> this.second.executor().queueSize() == 0);
		assertThat(this.console.messages()).containsExactlyElementsOf(expected);
		assertThat(audit.messages()).as("lines written to AUDIT").containsExactlyElementsOf(expected);
	}

}
