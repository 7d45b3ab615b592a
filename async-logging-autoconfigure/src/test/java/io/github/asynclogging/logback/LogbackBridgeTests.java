package io.github.asynclogging.logback;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import io.github.asynclogging.LogSink;
import io.github.asynclogging.engine.AsyncLogExecutor;
import io.github.asynclogging.engine.StopReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bridge on a Logback context of its own: start, what the caller captures, stop and
 * reconfiguration.
 */
class LogbackBridgeTests {

	private final LoggerContext context = new LoggerContext();

	private final RecordingAppender console = new RecordingAppender("CONSOLE");

	private final RecordingAppender file = new RecordingAppender("FILE");

	private final List<ILoggingEvent> sunk = new CopyOnWriteArrayList<>();

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
		Bridges.stop(this.bridge, this.context);
	}

	private LogbackBridge bridge(IncludeCallerData includeCallerData, LogSink... sinks) {
		List<LogSink> all = new ArrayList<>(List.of(sinks));
		all.add(this.sunk::add);
		this.bridge = Bridges.bridge(this.context, "bridge-test-worker-", all, new BridgeOptions(includeCallerData, Set.of()));
		this.executor = this.bridge.executor();
		return this.bridge;
	}

	private Logger root() {
		return this.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

	private List<Appender<ILoggingEvent>> rootAppenders() {
		return Bridges.appendersOf(root());
	}

	@Test
	void rootAppendersAreWrittenByTheWorkerAndStayOnTheRoot() {
		bridge(IncludeCallerData.FALSE).start();
		assertThat(rootAppenders()).containsExactly(this.console, this.file);
		this.context.getLogger("app").info("hello {}", "world");
		await().until(() -> this.console.events.size() == 1 && this.file.events.size() == 1);
		assertThat(this.console.messages()).containsExactly("hello world");
		assertThat(this.console.writers).containsExactly("bridge-test-worker-CONSOLE-1");
		assertThat(this.sunk).hasSize(1);
		this.bridge.stop(Duration.ofSeconds(10));
		assertThat(rootAppenders()).containsExactly(this.console, this.file);
		assertThat(this.console.isStarted()).isTrue();
	}

	@Test
	void mdcThreadNameAndMessageAreThoseOfTheMomentOfTheCall() {
		bridge(IncludeCallerData.FALSE).start();
		this.console.hold();
		StringBuilder mutable = new StringBuilder("before");
		this.context.getMDCAdapter().put("request", "r-1");
		this.context.getLogger("app").info("state {}", mutable);
		// Values only: formatted on the worker, the thread name and the MDC still the caller's.
		this.context.getLogger("app").info("order {}", 42);
		mutable.replace(0, mutable.length(), "after");
		this.context.getMDCAdapter().put("request", "r-2");
		String caller = Thread.currentThread().getName();
		this.console.release();
		await().until(() -> this.console.events.size() == 2);
		assertThat(this.console.messages()).containsExactly("state before", "order 42");
		for (ILoggingEvent written : this.console.events) {
			assertThat(written.getMDCPropertyMap()).containsEntry("request", "r-1");
		}
		assertThat(this.console.threadNames).containsExactly(caller, caller);
		assertThat(this.console.writers).containsOnly("bridge-test-worker-CONSOLE-1");
		this.context.getMDCAdapter().clear();
	}

	@Test
	void callerDataIsCapturedOnTheCallingThreadOnlyWhenAskedFor() {
		bridge(IncludeCallerData.TRUE).start();
		this.context.getLogger("app").info("with caller data");
		await().until(() -> this.console.events.size() == 1);
		StackTraceElement[] callerData = this.console.events.get(0).getCallerData();
		assertThat(callerData).isNotEmpty();
		assertThat(callerData[0].getMethodName()).isEqualTo("callerDataIsCapturedOnTheCallingThreadOnlyWhenAskedFor");
	}

	@Test
	void callerDataIsNotCapturedByDefault() {
		bridge(IncludeCallerData.FALSE).start();
		this.context.getLogger("app").info("without caller data");
		await().until(() -> this.sunk.size() == 1);
		assertThat(this.sunk.get(0).hasCallerData()).isFalse();
	}

	@Test
	void eventsLoggedAfterStopAreWrittenSynchronouslyByTheOriginalAppenders() {
		bridge(IncludeCallerData.FALSE).start();
		this.bridge.stop(Duration.ofSeconds(10));
		this.context.getLogger("app").info("after stop");
		assertThat(this.console.messages()).containsExactly("after stop");
		assertThat(this.console.writers).containsExactly(Thread.currentThread().getName());
	}

	@Test
	void whatCouldNotBeWrittenAtStopIsSaidInOneWarning() {
		CountDownLatch never = new CountDownLatch(1);
		bridge(IncludeCallerData.FALSE, (event) -> {
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
		assertThat(report.complete()).as("%s; submitted %d, delivered %d", report, this.executor.submitted(),
				this.executor.delivered())
			.isFalse();
		await().until(() -> this.console.messages().stream()
			.anyMatch((line) -> line.contains("could not be written within async-logging.shutdown-timeout=200ms")));
		never.countDown();
	}

	@Test
	void reconfiguredLogbackIsWrittenByTheWorkersAndTheOldAppendersAreStopped() {
		bridge(IncludeCallerData.FALSE).start();
		// What Spring Boot's LoggingSystem does on re-initialisation: reset, attach, start.
		this.context.reset();
		RecordingAppender replacement = new RecordingAppender("NEW");
		replacement.setContext(this.context);
		replacement.start();
		root().addAppender(replacement);
		this.context.start();
		assertThat(rootAppenders()).containsExactly(replacement);
		assertThat(this.console.isStarted()).isFalse();
		this.context.getLogger("app").info("after reconfiguration");
		await().until(() -> replacement.events.size() == 1);
		assertThat(replacement.writers).containsExactly("bridge-test-worker-NEW-1");
		this.bridge.stop(Duration.ofSeconds(10));
		assertThat(rootAppenders()).containsExactly(replacement);
	}

	@Test
	void aSecondBridgeOnTheSameContextStandsByAndItsSinksReceiveEveryEvent() {
		bridge(IncludeCallerData.FALSE).start();
		LogbackBridge first = this.bridge;
		List<ILoggingEvent> secondSunk = new CopyOnWriteArrayList<>();
		LogbackBridge second = Bridges.bridge(this.context, "second-worker-", List.of(secondSunk::add),
				BridgeOptions.DEFAULTS);
		second.start();
		assertThat(rootAppenders()).containsExactly(this.console, this.file);
		this.context.getLogger("app").info("while both run");
		await().until(() -> secondSunk.size() == 1 && this.sunk.size() == 1);
		assertThat(this.console.writers).containsExactly("bridge-test-worker-CONSOLE-1");
		second.stop(Duration.ofSeconds(1));
		assertThat(rootAppenders()).containsExactly(this.console, this.file);
		this.context.getLogger("app").info("after the second stopped");
		await().until(() -> this.console.events.size() == 2);
		assertThat(secondSunk).hasSize(1);
		first.stop(Duration.ofSeconds(1));
		assertThat(rootAppenders()).containsExactly(this.console, this.file);
	}

	@Test
	void whenTheBridgeWritingStopsTheNextRunningOneWritesAndTheLastLeavesLogbackAsItWas() {
		bridge(IncludeCallerData.FALSE).start();
		LogbackBridge first = this.bridge;
		List<ILoggingEvent> secondSunk = new CopyOnWriteArrayList<>();
		LogbackBridge second = Bridges.bridge(this.context, "second-worker-", List.of(secondSunk::add),
				BridgeOptions.DEFAULTS);
		second.start();
		assertThat(rootAppenders()).containsExactly(this.console, this.file);
		first.stop(Duration.ofSeconds(10));
		this.bridge = second;
		assertThat(rootAppenders()).containsExactly(this.console, this.file);
		this.context.getLogger("app").info("after the first stopped");
		await().until(() -> secondSunk.size() == 1);
		await().until(() -> this.console.messages().contains("after the first stopped"));
		assertThat(this.console.writers.get(this.console.messages().indexOf("after the first stopped")))
			.isEqualTo("second-worker-CONSOLE-1");
		second.stop(Duration.ofSeconds(10));
		assertThat(rootAppenders()).containsExactly(this.console, this.file);
	}

	@Test
	void joranReconfigurationAsScanDoesLosesNoQueuedEvent() throws Exception {
		bridge(IncludeCallerData.FALSE).start();
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
		// The reset waits for the worker's write to the old appender before Logback stops it.
		await().until(() -> reconfiguration.getState() == Thread.State.TIMED_WAITING);
		assertThat(this.console.isStarted()).isTrue();
		this.console.release();
		reconfiguration.join();
		assertThat(rootAppenders()).extracting(Appender::getName).containsExactly("LIST");
		for (int i = 0; i < 100; i++) {
			this.context.getLogger("app").info("after {}", i);
		}
		await().until(() -> this.executor.queueSize() == 0);
		this.bridge.stop(Duration.ofSeconds(10));
		@SuppressWarnings("unchecked")
		ch.qos.logback.core.read.ListAppender<ILoggingEvent> list = (ch.qos.logback.core.read.ListAppender<ILoggingEvent>) root()
			.getAppender("LIST");
		List<String> written = new ArrayList<>(this.console.messages());
		list.list.forEach((event) -> written.add(event.getFormattedMessage()));
		// In the order they were logged, each once: the first to the replaced appender, the rest to the new one.
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			expected.add("before " + i);
		}
		for (int i = 0; i < 100; i++) {
			expected.add("after " + i);
		}
		assertThat(written).containsExactlyElementsOf(expected);
		assertThat(list.list).extracting(ILoggingEvent::getFormattedMessage).contains("after 99");
		Bridges.assertEveryRoutedEventWritten(this.executor);
		assertThat(this.console.isStarted()).isFalse();
	}

	/**
	 * Issue 10, defect 2: Logback keeps the caller's own argument array; a caller that refills it
	 * after the call must not change what is written.
	 */
	@Test
	void anArgumentArrayTheCallerReusesIsWrittenAsItWasAtTheCall() {
		bridge(IncludeCallerData.FALSE).start();
		this.console.hold();
		Logger app = this.context.getLogger("app");
		Object[] strings = { "x", "y", "z" };
		app.info("{} {} {}", strings);
		strings[0] = "CHANGED";
		String[] typed = { "a", "b", "c" };
		app.info("{} {} {}", (Object[]) typed);
		typed[1] = "CHANGED";
		Object[] numbers = { 1, 2, 3 };
		app.info("{} {} {}", numbers);
		numbers[2] = 99;
		Object[] withNull = { "p", null, "q" };
		app.info("{} {} {}", withNull);
		withNull[1] = "CHANGED";
		Object[] withFailure = { "f", new IllegalStateException("failed") };
		app.info("{} failed", withFailure);
		withFailure[0] = "CHANGED";
		this.console.release();
		await().until(() -> this.console.events.size() == 5);
		assertThat(this.console.messages()).containsExactly("x y z", "a b c", "1 2 3", "p null q", "f failed");
		assertThat(this.console.events.get(4).getThrowableProxy().getMessage()).isEqualTo("failed");
	}

	/**
	 * An appender that logs while it writes. Logback's re-entrance guard keeps its own event from it,
	 * synchronously; on its lane's worker the same happens, the other appenders get both events (the
	 * second through their lanes, never written by the logging appender's thread), and both are counted
	 * as written, as they were.
	 */
	@Test
	void anAppenderThatLogsWhileItWritesIsWrittenAsSynchronousLogbackWritesIt() {
		ChattyAppender chatty = new ChattyAppender(this.context);
		root().addAppender(chatty);
		this.context.getLogger("app").info("app event");
		List<String> synchronousConsole = this.console.messages();
		List<String> synchronousChatty = List.copyOf(chatty.seen);
		assertThat(synchronousConsole).containsExactly("app event", "noticed app event");
		this.console.events.clear();
		chatty.seen.clear();
		bridge(IncludeCallerData.FALSE).start();
		this.context.getLogger("app").info("app event");
		await().until(() -> this.console.events.size() == 2);
		this.bridge.stop(Duration.ofSeconds(10));
		// Both events reach CONSOLE, each once; the second is logged by CHATTY's worker, another thread than
		// the first's, so CONSOLE's lane may write it first (each thread's own events keep their order).
		assertThat(this.console.messages()).containsExactlyInAnyOrderElementsOf(synchronousConsole);
		assertThat(chatty.seen).isEqualTo(synchronousChatty);
		assertThat(this.executor.submitted()).isEqualTo(2);
		Bridges.assertEveryRoutedEventWritten(this.executor);
		assertThat(Bridges.lane(this.executor, "CONSOLE").delivered()).isEqualTo(2);
	}

	/** Logs about every event it appends, as an appender reporting its own trouble does. */
	private static final class ChattyAppender extends AppenderBase<ILoggingEvent> {

		final List<String> seen = new CopyOnWriteArrayList<>();

		private final LoggerContext context;

		ChattyAppender(LoggerContext context) {
			this.context = context;
			setContext(context);
			setName("CHATTY");
			start();
		}

		@Override
		protected void append(ILoggingEvent event) {
			this.seen.add(event.getFormattedMessage());
			this.context.getLogger("chatty").info("noticed {}", event.getFormattedMessage());
		}

	}

}
