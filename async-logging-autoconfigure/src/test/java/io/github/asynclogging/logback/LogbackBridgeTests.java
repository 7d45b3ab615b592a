package io.github.asynclogging.logback;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import io.github.asynclogging.LogSink;
import io.github.asynclogging.engine.AsyncLogExecutor;
import io.github.asynclogging.engine.DropPolicy;
import io.github.asynclogging.engine.EventLevel;
import io.github.asynclogging.engine.ExecutorSettings;
import io.github.asynclogging.engine.StopReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bridge on a Logback context of its own: take-over, what the caller captures, hand-back and
 * reconfiguration.
 */
class LogbackBridgeTests {

	private final LoggerContext context = new LoggerContext();

	private final RecordingAppender console = new RecordingAppender("CONSOLE");

	private final RecordingAppender file = new RecordingAppender("FILE");

	private final List<ILoggingEvent> sunk = new java.util.concurrent.CopyOnWriteArrayList<>();

	private LogbackBridge bridge;

	private AsyncLogExecutor<ILoggingEvent> executor;

	@BeforeEach
	void configure() {
		this.context.setMDCAdapter(new LogbackMDCAdapter());
		this.context.start();
		for (RecordingAppender appender : List.of(this.console, this.file)) {
			appender.setContext(this.context);
			appender.start();
			root().addAppender(appender);
		}
	}

	@AfterEach
	void close() {
		this.console.release();
		if (this.bridge != null) {
			this.bridge.stop(Duration.ofSeconds(10));
		}
		this.context.stop();
	}

	private LogbackBridge bridge(boolean includeCallerData, LogSink... sinks) {
		List<LogSink> all = new ArrayList<>(List.of(sinks));
		all.add(this.sunk::add);
		LogbackDestination destination = LogbackBridge.newDestination(all);
		ExecutorSettings settings = new ExecutorSettings(1024, 1, DropPolicy.DROP_NEWEST, Duration.ofMillis(100),
				EventLevel.INFO, 1.0, Duration.ZERO, Duration.ZERO, ExecutorSettings.DEFAULTS.queueMemory(), "bridge-test-worker-");
		this.executor = LogbackBridge.newExecutor(this.context, settings, destination);
		this.bridge = new LogbackBridge(this.context, this.executor, destination, includeCallerData);
		return this.bridge;
	}

	private Logger root() {
		return this.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

	private List<Appender<ILoggingEvent>> rootAppenders() {
		return LogbackBridge.appendersOf(root());
	}

	@Test
	void rootAppendersAreWrittenByTheWorkerAndHandedBackExactlyOnStop() {
		bridge(false).start();
		assertThat(rootAppenders()).extracting(Appender::getName).containsExactly(DeferringAppender.NAME);
		this.context.getLogger("app").info("hello {}", "world");
		await().until(() -> this.console.events.size() == 1 && this.file.events.size() == 1);
		assertThat(this.console.messages()).containsExactly("hello world");
		assertThat(this.console.writers).containsExactly("bridge-test-worker-1");
		assertThat(this.sunk).hasSize(1);
		this.bridge.stop(Duration.ofSeconds(10));
		assertThat(rootAppenders()).containsExactly(this.console, this.file);
		assertThat(this.console.isStarted()).isTrue();
	}

	@Test
	void mdcThreadNameAndMessageAreThoseOfTheMomentOfTheCall() {
		bridge(false).start();
		this.console.hold();
		StringBuilder mutable = new StringBuilder("before");
		this.context.getMDCAdapter().put("request", "r-1");
		this.context.getLogger("app").info("state {}", mutable);
		mutable.replace(0, mutable.length(), "after");
		this.context.getMDCAdapter().put("request", "r-2");
		String caller = Thread.currentThread().getName();
		this.console.release();
		await().until(() -> this.console.events.size() == 1);
		ILoggingEvent written = this.console.events.get(0);
		assertThat(written.getFormattedMessage()).isEqualTo("state before");
		assertThat(written.getMDCPropertyMap()).containsEntry("request", "r-1");
		assertThat(written.getThreadName()).isEqualTo(caller);
		assertThat(this.console.writers).containsExactly("bridge-test-worker-1");
		this.context.getMDCAdapter().clear();
	}

	@Test
	void callerDataIsCapturedOnTheCallingThreadOnlyWhenAskedFor() {
		bridge(true).start();
		this.context.getLogger("app").info("with caller data");
		await().until(() -> this.console.events.size() == 1);
		StackTraceElement[] callerData = this.console.events.get(0).getCallerData();
		assertThat(callerData).isNotEmpty();
		assertThat(callerData[0].getMethodName()).isEqualTo("callerDataIsCapturedOnTheCallingThreadOnlyWhenAskedFor");
	}

	@Test
	void callerDataIsNotCapturedByDefault() {
		bridge(false).start();
		this.context.getLogger("app").info("without caller data");
		await().until(() -> this.sunk.size() == 1);
		assertThat(this.sunk.get(0).hasCallerData()).isFalse();
	}

	@Test
	void eventsLoggedAfterStopAreWrittenSynchronouslyByTheOriginalAppenders() {
		bridge(false).start();
		this.bridge.stop(Duration.ofSeconds(10));
		this.context.getLogger("app").info("after stop");
		assertThat(this.console.messages()).containsExactly("after stop");
		assertThat(this.console.writers).containsExactly(Thread.currentThread().getName());
	}

	@Test
	void whatCouldNotBeWrittenAtStopIsSaidInOneWarningOnTheRestoredAppenders() {
		CountDownLatch never = new CountDownLatch(1);
		bridge(false, (event) -> {
			try {
				never.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}).start();
		for (int i = 0; i < 10; i++) {
			this.context.getLogger("app").info("event {}", i);
		}
		StopReport report = this.bridge.stop(Duration.ofMillis(200));
		assertThat(report.complete()).isFalse();
		assertThat(this.console.messages()).last()
			.asString()
			.contains("could not be written within async-logging.shutdown-timeout=200ms");
		never.countDown();
	}

	@Test
	void reconfiguredLogbackIsTakenOverAgainAndTheOldAppendersAreStopped() {
		bridge(false).start();
		// What Spring Boot's LoggingSystem does on re-initialisation: reset, attach, start.
		this.context.reset();
		RecordingAppender replacement = new RecordingAppender("NEW");
		replacement.setContext(this.context);
		replacement.start();
		root().addAppender(replacement);
		this.context.start();
		assertThat(rootAppenders()).extracting(Appender::getName).containsExactly(DeferringAppender.NAME);
		assertThat(this.console.isStarted()).isFalse();
		this.context.getLogger("app").info("after reconfiguration");
		await().until(() -> replacement.events.size() == 1);
		assertThat(replacement.writers).containsExactly("bridge-test-worker-1");
		this.bridge.stop(Duration.ofSeconds(10));
		assertThat(rootAppenders()).containsExactly(replacement);
	}

	@Test
	void aSecondBridgeOnTheSameContextLeavesTheRootToTheFirst() {
		bridge(false).start();
		LogbackBridge first = this.bridge;
		LogbackDestination destination = LogbackBridge.newDestination(List.of());
		AsyncLogExecutor<ILoggingEvent> otherExecutor = LogbackBridge.newExecutor(this.context,
				ExecutorSettings.DEFAULTS, destination);
		LogbackBridge second = new LogbackBridge(this.context, otherExecutor, destination, false);
		second.start();
		assertThat(rootAppenders()).hasSize(1);
		assertThat(second.isTakenOver()).isFalse();
		second.stop(Duration.ofSeconds(1));
		assertThat(first.isTakenOver()).isTrue();
		assertThat(rootAppenders()).hasSize(1);
	}


	@Test
	void whenTheBridgeWritingTheRootStopsTheNextRunningOneTakesOverAndTheLastRestores() {
		bridge(false).start();
		LogbackBridge first = this.bridge;
		List<ILoggingEvent> secondSunk = new java.util.concurrent.CopyOnWriteArrayList<>();
		LogbackDestination destination = LogbackBridge.newDestination(List.of(secondSunk::add));
		ExecutorSettings settings = new ExecutorSettings(1024, 1, DropPolicy.DROP_NEWEST, Duration.ofMillis(100),
				EventLevel.INFO, 1.0, Duration.ZERO, Duration.ZERO, ExecutorSettings.DEFAULTS.queueMemory(), "second-worker-");
		LogbackBridge second = new LogbackBridge(this.context,
				LogbackBridge.newExecutor(this.context, settings, destination), destination, false);
		second.start();
		assertThat(rootAppenders()).extracting(Appender::getName).containsExactly(DeferringAppender.NAME);
		first.stop(Duration.ofSeconds(10));
		this.bridge = second;
		assertThat(second.isTakenOver()).isTrue();
		assertThat(rootAppenders()).extracting(Appender::getName).containsExactly(DeferringAppender.NAME);
		this.context.getLogger("app").info("after the first stopped");
		await().until(() -> secondSunk.size() == 1);
		await().until(() -> this.console.messages().contains("after the first stopped"));
		assertThat(this.console.writers.get(this.console.messages().indexOf("after the first stopped")))
			.isEqualTo("second-worker-1");
		second.stop(Duration.ofSeconds(10));
		assertThat(rootAppenders()).containsExactly(this.console, this.file);
	}

	@Test
	void joranReconfigurationAsScanDoesIsTakenOverAgainWithoutLosingQueuedEvents() throws Exception {
		bridge(false).start();
		this.console.hold();
		for (int i = 0; i < 100; i++) {
			this.context.getLogger("app").info("before {}", i);
		}
		await().until(() -> this.executor.queueSize() == 99);
		// What a logback.xml scan does: reset, then configure from XML, which ends with an event.
		Thread reconfiguration = new Thread(() -> {
			this.context.reset();
			ch.qos.logback.classic.joran.JoranConfigurator configurator = new ch.qos.logback.classic.joran.JoranConfigurator();
			configurator.setContext(this.context);
			try {
				configurator.doConfigure(new java.io.ByteArrayInputStream("""
						<configuration>
						  <appender name="LIST" class="ch.qos.logback.core.read.ListAppender"/>
						  <root level="INFO"><appender-ref ref="LIST"/></root>
						</configuration>
						""".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
			}
			catch (ch.qos.logback.core.joran.spi.JoranException ex) {
				throw new IllegalStateException(ex);
			}
		});
		reconfiguration.start();
		// The take-over waits for the worker's write to the old appender before stopping it.
		await().until(() -> reconfiguration.getState() == Thread.State.TIMED_WAITING);
		assertThat(this.console.isStarted()).isTrue();
		this.console.release();
		reconfiguration.join();
		assertThat(rootAppenders()).extracting(Appender::getName).containsExactly(DeferringAppender.NAME);
		for (int i = 0; i < 100; i++) {
			this.context.getLogger("app").info("after {}", i);
		}
		this.bridge.stop(Duration.ofSeconds(10));
		@SuppressWarnings("unchecked")
		ch.qos.logback.core.read.ListAppender<ILoggingEvent> list = (ch.qos.logback.core.read.ListAppender<ILoggingEvent>) root()
			.getAppender("LIST");
		List<String> written = new ArrayList<>(this.console.messages());
		list.list.forEach((event) -> written.add(event.getFormattedMessage()));
		for (int i = 0; i < 100; i++) {
			assertThat(written).contains("before " + i, "after " + i);
		}
		assertThat(list.list).extracting(ILoggingEvent::getFormattedMessage).contains("after 99");
		assertThat(this.executor.submitted()).isEqualTo(this.executor.delivered());
		assertThat(this.console.isStarted()).isFalse();
	}

}
