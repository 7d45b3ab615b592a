package io.github.asynclogging.logback;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The starter's own lines are said with no monitor of its held: a caller inside an appender it writes
 * itself ({@code exclude-appenders}, whose lock Logback's {@code AppenderBase} holds while it writes)
 * may need that monitor, to notice an appender attached since the start, while the line waits for
 * that appender's lock. Fails, both threads deadlocked, when a second context's start says its line
 * while holding the monitor.
 */
class NoticeWhileACallerWritesTests {

	private final LoggerContext context = new LoggerContext();

	private final List<LogbackBridge> bridges = new CopyOnWriteArrayList<>();

	@AfterEach
	void close() {
		if (ManagementFactory.getThreadMXBean().findDeadlockedThreads() != null) {
			// A stop would wait for ever on the monitor the deadlocked threads hold: left to the JVM's exit.
			return;
		}
		for (LogbackBridge bridge : this.bridges) {
			bridge.stop(Duration.ofSeconds(10));
		}
		this.context.stop();
	}

	/** Logs from inside its own write of "outer", once let go: a library that logs as it writes. */
	private final class LoggingWhileWriting extends AppenderBase<ILoggingEvent> {

		final CountDownLatch inside = new CountDownLatch(1);

		final CountDownLatch go = new CountDownLatch(1);

		final List<String> written = new CopyOnWriteArrayList<>();

		@Override
		protected void append(ILoggingEvent event) {
			this.written.add(event.getFormattedMessage());
			if (event.getFormattedMessage().equals("outer")) {
				this.inside.countDown();
				Latches.awaitQuietly(this.go);
				NoticeWhileACallerWritesTests.this.context.getLogger("inner").info("nested");
			}
		}

	}

	@Test
	void aSecondContextStartingWhileACallerWritesAnExcludedAppenderThatLogsDoesNotDeadlock() throws Exception {
		Bridges.start(this.context);
		Bridges.started(this.context, new TextAppender(this.context, "PLAIN", "%m%n"), org.slf4j.Logger.ROOT_LOGGER_NAME);
		LoggingWhileWriting audit = new LoggingWhileWriting();
		audit.setName("AUDIT");
		Bridges.started(this.context, audit, org.slf4j.Logger.ROOT_LOGGER_NAME);
		LogbackBridge first = Bridges.bridge(this.context, "notice-first-", List.of(),
				new BridgeOptions(IncludeCallerData.AUTO, Set.of("AUDIT")));
		first.start();
		this.bridges.add(first);
		// Another appender named AUDIT, attached by code: the caller notices it before it writes it.
		RecordingAppender lateAudit = Bridges.started(this.context, new RecordingAppender("AUDIT"), "inner");
		Thread caller = new Thread(() -> this.context.getLogger("app").info("outer"), "notice-caller");
		caller.setDaemon(true);
		caller.start();
		audit.inside.await();
		LogbackBridge second = Bridges.bridge(this.context, "notice-second-", List.of(),
				new BridgeOptions(IncludeCallerData.AUTO, Set.of("AUDIT")));
		this.bridges.add(second);
		// Its start says so at INFO, through the filter: the line goes to AUDIT, whose lock the caller holds.
		this.context.getLogger(LogbackBridge.NOTICE_LOGGER).setLevel(Level.INFO);
		Thread starter = new Thread(second::start, "notice-starter");
		starter.setDaemon(true);
		starter.start();
		await().until(() -> starter.getState() == Thread.State.BLOCKED);
		audit.go.countDown();
		await().atMost(Duration.ofSeconds(10))
			.failFast("deadlocked", () -> ManagementFactory.getThreadMXBean().findDeadlockedThreads() != null)
			.until(() -> !caller.isAlive() && !starter.isAlive());
		assertThat(lateAudit.messages()).containsExactly("nested");
		// Logback's own guard keeps the nested line from the appender that logged it; the start's line follows.
		assertThat(audit.written).hasSize(2).first().isEqualTo("outer");
		assertThat(audit.written.get(1)).startsWith("async-logging: another application context in this JVM starts");
	}

}
