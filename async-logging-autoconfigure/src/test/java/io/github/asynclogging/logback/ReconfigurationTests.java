package io.github.asynclogging.logback;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import io.github.asynclogging.engine.DropPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10, defect 8: Logback reconfigured while the starter runs. Each thread's events keep their
 * order, none is written twice, and every re-initialisation's appenders are written by the workers,
 * even one that says nothing (a programmatic {@code reset()} and {@code addAppender}).
 */
class ReconfigurationTests {

	private static final String LIST_CONFIGURATION = """
			<configuration>
			  <appender name="LIST" class="ch.qos.logback.core.read.ListAppender"/>
			  <root level="INFO"><appender-ref ref="LIST"/></root>
			</configuration>
			""";

	private final LoggerContext context = new LoggerContext();

	private final RecordingAppender console = new RecordingAppender("CONSOLE");

	private LogbackBridge bridge;

	@TempDir
	Path dir;

	@BeforeEach
	void configure() {
		this.context.setMDCAdapter(new LogbackMDCAdapter());
		this.context.start();
		this.console.setContext(this.context);
		this.console.start();
		root().addAppender(this.console);
	}

	@AfterEach
	void close() {
		this.console.release();
		Bridges.stop(this.bridge, this.context);
	}

	private Logger root() {
		return this.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

	private LogbackBridge start(int capacity, DropPolicy policy) {
		this.bridge = Bridges.bridge(this.context,
				Bridges.settings(capacity, policy, Duration.ofSeconds(30), "reconfiguration-worker-"), List.of(),
				BridgeOptions.DEFAULTS);
		this.bridge.start();
		return this.bridge;
	}

	/** The LIST appender of the new configuration, on the root where the configuration put it. */
	@SuppressWarnings("unchecked")
	private ListAppender<ILoggingEvent> list() {
		return (ListAppender<ILoggingEvent>) root().getAppender("LIST");
	}

	@Test
	void aThreadsEventsKeepTheirOrderAcrossAReconfigurationWhileTheWorkerIsBusy() throws Exception {
		start(1024, DropPolicy.DROP_NEWEST);
		Logger app = this.context.getLogger("app");
		this.console.hold();
		app.info("A 0");
		await().until(() -> this.bridge.executor().queueSize() == 0);
		app.info("A 1");
		app.info("A 2");
		Thread reconfiguration = new Thread(() -> Joran.reconfigure(this.context, LIST_CONFIGURATION));
		reconfiguration.start();
		// The reconfiguration waits for what CONSOLE's lane holds before Logback stops CONSOLE.
		await().until(() -> reconfiguration.getState() == Thread.State.TIMED_WAITING);
		assertThat(this.console.isStarted()).isTrue();
		this.console.release();
		reconfiguration.join();
		app.info("A 3");
		await().until(() -> list() != null && list().list.size() == 1);
		assertThat(this.console.messages()).containsExactly("A 0", "A 1", "A 2");
		List<String> written = new ArrayList<>(this.console.messages());
		list().list.forEach((event) -> written.add(event.getFormattedMessage()));
		assertThat(written).containsExactly("A 0", "A 1", "A 2", "A 3");
		// The replaced appender is stopped, as Logback stops those of a reset, once its last write ended.
		await().until(() -> !this.console.isStarted());
	}

	/**
	 * A programmatic {@code reset()} and {@code addAppender}, which no configuration announces: what is
	 * logged after the appender was added reaches it, written by a worker, and the appender stays
	 * where the application put it.
	 */
	@Test
	void aProgrammaticResetAndAddAppenderIsWrittenByTheWorkers() {
		start(1024, DropPolicy.DROP_NEWEST);
		this.context.reset();
		RecordingAppender added = new RecordingAppender("ADDED");
		added.setContext(this.context);
		added.start();
		root().addAppender(added);
		this.context.getLogger("app").info("after a silent reconfiguration");
		await().until(() -> added.messages().contains("after a silent reconfiguration"));
		assertThat(Bridges.appendersOf(root())).containsExactly(added);
		assertThat(added.writers).containsExactly("reconfiguration-worker-ADDED-1");
	}

	/**
	 * A Joran configuration without a reset (one that adds an appender to a logger) leaves what was
	 * attached before in place: the root's appender goes on receiving every line, and the appender
	 * the configuration added receives the lines logged after it.
	 */
	@Test
	void aConfigurationWithoutAResetKeepsWhatWasAttachedAndAddsWhatItAttaches() throws Exception {
		start(1024, DropPolicy.DROP_NEWEST);
		Logger app = this.context.getLogger("app");
		// The worker is inside CONSOLE with the first line while the second waits in the queue: the
		// configuration must not attach APP before that second line is written.
		this.console.hold();
		app.info("C -1");
		await().until(() -> this.bridge.executor().queueSize() == 0);
		app.info("C 0");
		Thread configuration = new Thread(() -> Joran.configure(this.context, """
				<configuration>
				  <appender name="APP" class="ch.qos.logback.core.read.ListAppender"/>
				  <logger name="app"><appender-ref ref="APP"/></logger>
				</configuration>
				"""));
		configuration.start();
		// It waits for the queued line (or, were it not to, ends).
		await().until(() -> configuration.getState() == Thread.State.TIMED_WAITING
				|| configuration.getState() == Thread.State.TERMINATED);
		this.console.release();
		configuration.join();
		app.info("C 1");
		this.context.getLogger("other").info("C 2");
		await().until(() -> this.console.messages().size() == 4);
		assertThat(this.console.messages()).containsExactly("C -1", "C 0", "C 1", "C 2");
		@SuppressWarnings("unchecked")
		ListAppender<ILoggingEvent> added = (ListAppender<ILoggingEvent>) this.context.getLogger("app").getAppender("APP");
		await().until(() -> added.list.size() == 1);
		assertThat(added.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("C 1");
		this.bridge.stop(Duration.ofSeconds(10));
		this.bridge = null;
		assertThat(Bridges.appendersOf(root())).containsExactly(this.console);
		assertThat(Bridges.appendersOf(this.context.getLogger("app"))).containsExactly(added);
	}

	/**
	 * Four threads log to one file while Logback is configured again twenty times, as a scan would:
	 * in the file, each thread's lines are in the order it logged them and none is there twice.
	 */
	@Test
	@Timeout(value = 120, unit = TimeUnit.SECONDS)
	void fourThreadsThroughTwentyReconfigurationsKeepTheirOrderAndWriteNothingTwice() throws Exception {
		Path file = this.dir.resolve("app.log");
		String configuration = """
				<configuration>
				  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
				    <file>%s</file><encoder><pattern>%%msg%%n</pattern></encoder>
				  </appender>
				  <root level="INFO"><appender-ref ref="FILE"/></root>
				</configuration>
				""".formatted(file);
		Joran.reconfigure(this.context, configuration);
		start(8192, DropPolicy.BLOCK);
		AtomicBoolean logging = new AtomicBoolean(true);
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			String name = "T" + t;
			threads.add(new Thread(() -> {
				Logger logger = this.context.getLogger("app." + name);
				for (int seq = 0; logging.get(); seq++) {
					logger.info("{} {}", name, seq);
				}
			}, name));
		}
		threads.forEach(Thread::start);
		for (int i = 0; i < 20; i++) {
			Joran.reconfigure(this.context, configuration);
		}
		logging.set(false);
		for (Thread thread : threads) {
			thread.join();
		}
		this.bridge.stop(Duration.ofSeconds(30));
		this.bridge = null;
		Map<String, Integer> last = new HashMap<>();
		Set<String> seen = new HashSet<>();
		int duplicates = 0;
		int outOfOrder = 0;
		List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		for (String line : lines) {
			String[] parts = line.split(" ");
			int seq = Integer.parseInt(parts[1]);
			if (!seen.add(line)) {
				duplicates++;
			}
			else if (seq <= last.getOrDefault(parts[0], -1)) {
				outOfOrder++;
			}
			last.put(parts[0], seq);
		}
		assertThat(lines).hasSizeGreaterThan(1000);
		assertThat(duplicates).as("lines written twice, of %d", lines.size()).isZero();
		assertThat(outOfOrder).as("lines out of their thread's order, of %d", lines.size()).isZero();
	}

}
