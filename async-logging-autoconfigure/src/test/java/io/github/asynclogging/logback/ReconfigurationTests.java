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
 * order, none is written twice, and every re-initialisation is taken over, even one that says
 * nothing (a programmatic {@code reset()} and {@code addAppender}).
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

	/** The LIST appender of the new configuration, which the root's capture appender stands for. */
	@SuppressWarnings("unchecked")
	private ListAppender<ILoggingEvent> list() {
		Appender<ILoggingEvent> capture = root().getAppender(CaptureAppender.NAME);
		return (capture instanceof CaptureAppender taken) ? (ListAppender<ILoggingEvent>) taken.getAppender("LIST")
				: null;
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
		reconfiguration.join();
		app.info("A 3");
		this.console.release();
		await().until(() -> list() != null && list().list.size() == 3);
		List<String> written = new ArrayList<>(this.console.messages());
		list().list.forEach((event) -> written.add(event.getFormattedMessage()));
		assertThat(written).containsExactly("A 0", "A 1", "A 2", "A 3");
		// The replaced appender is stopped, as Logback stops those of a reset, once its last write ended.
		await().until(() -> !this.console.isStarted());
	}

	/**
	 * From the start of a reset until it detaches them, a log call is written to the appenders of the
	 * configuration going away before it returns, as synchronous Logback writes it, after what the
	 * thread queued before: so a thread that then meets the new configuration's appenders, not yet
	 * taken over, has nothing queued that its next line could overtake (the soak found such lines).
	 */
	@Test
	void aCallAfterAResetBeganIsWrittenToTheOldAppendersBeforeItReturnsAfterWhatItQueued() {
		start(1024, DropPolicy.DROP_NEWEST);
		Logger app = this.context.getLogger("app");
		app.info("B 0");
		Takeover.of(this.context).beforeReset();
		app.info("B 1");
		assertThat(this.console.messages()).containsExactly("B 0", "B 1");
		assertThat(this.console.isStarted()).isTrue();
		Joran.reconfigure(this.context, LIST_CONFIGURATION);
		app.info("B 2");
		await().until(() -> list() != null && list().list.size() == 1);
		assertThat(list().list.get(0).getFormattedMessage()).isEqualTo("B 2");
		assertThat(this.console.isStarted()).as("replaced by the reconfiguration").isFalse();
	}

	@Test
	void aProgrammaticResetAndAddAppenderIsTakenOverAndSaidSo() {
		start(1024, DropPolicy.DROP_NEWEST);
		ListAppender<ILoggingEvent> notices = new ListAppender<>();
		this.context.reset();
		ListAppender<ILoggingEvent> added = new ListAppender<>();
		added.setName("ADDED");
		added.setContext(this.context);
		added.start();
		root().addAppender(added);
		notices.setContext(this.context);
		notices.start();
		Logger noticeLogger = this.context.getLogger(LogbackBridge.NOTICE_LOGGER);
		noticeLogger.addAppender(notices);
		noticeLogger.setAdditive(false);
		this.context.getLogger("app").info("after a silent reconfiguration");
		await().atMost(Duration.ofSeconds(5))
			.until(() -> added.list.stream().anyMatch((e) -> e.getFormattedMessage().equals("after a silent reconfiguration")));
		assertThat(Bridges.appendersOf(root())).extracting(Appender::getName).containsExactly(CaptureAppender.NAME);
		assertThat(added.list).filteredOn((e) -> e.getFormattedMessage().equals("after a silent reconfiguration"))
			.singleElement()
			.extracting(ILoggingEvent::getThreadName)
			.isEqualTo(Thread.currentThread().getName());
		this.bridge.stop(Duration.ofSeconds(10));
		assertThat(notices.list).anySatisfy((event) -> assertThat(event.getFormattedMessage())
			.contains("Logback was reset and no configuration said it ended"));
		this.bridge = null;
	}

	/**
	 * A Joran configuration without a reset (one that adds an appender to a logger) leaves what was
	 * attached before in place: the root's appender goes on receiving every line, and the appender
	 * the configuration added receives the lines logged after it.
	 */
	@Test
	void aConfigurationWithoutAResetKeepsWhatWasAttachedAndAddsWhatItAttaches() {
		start(1024, DropPolicy.DROP_NEWEST);
		Logger app = this.context.getLogger("app");
		app.info("C 0");
		Joran.configure(this.context, """
				<configuration>
				  <appender name="APP" class="ch.qos.logback.core.read.ListAppender"/>
				  <logger name="app"><appender-ref ref="APP"/></logger>
				</configuration>
				""");
		app.info("C 1");
		this.context.getLogger("other").info("C 2");
		await().until(() -> this.console.messages().size() == 3);
		assertThat(this.console.messages()).containsExactly("C 0", "C 1", "C 2");
		Appender<ILoggingEvent> capture = this.context.getLogger("app").getAppender(CaptureAppender.NAME);
		@SuppressWarnings("unchecked")
		ListAppender<ILoggingEvent> added = (ListAppender<ILoggingEvent>) ((CaptureAppender) capture).getAppender("APP");
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
