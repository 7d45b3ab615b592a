package io.github.asynclogging.logback;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.read.ListAppender;
import io.github.asynclogging.LogSink;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.FilteredClassLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The caller's OpenTelemetry context on the worker: current while its event is written, and only
 * then. A context key of OpenTelemetry's context API stands for a span, which is a value under such
 * a key: what an appender reading {@code Context.current()} sees is what these tests read.
 */
class TraceContextTests {

	private static final ContextKey<String> REQUEST = ContextKey.named("request");

	private final LoggerContext context = new LoggerContext();

	private final ContextReadingAppender appender = new ContextReadingAppender();

	private final List<String> sunk = new CopyOnWriteArrayList<>();

	private final List<ILoggingEvent> sunkEvents = new CopyOnWriteArrayList<>();

	private LogbackBridge bridge;

	@BeforeEach
	void configure() {
		this.context.setMDCAdapter(new LogbackMDCAdapter());
		this.context.start();
		this.appender.setContext(this.context);
		this.appender.start();
		root().addAppender(this.appender);
	}

	@AfterEach
	void close() {
		Bridges.stop(this.bridge, this.context);
	}

	private void start(boolean carryTraceContext) {
		this.bridge = bridge(carryTraceContext);
		this.bridge.start();
	}

	private LogbackBridge bridge(boolean carryTraceContext) {
		LogSink sink = (event) -> {
			this.sunkEvents.add(event);
			this.sunk.add(requestOnThisThread());
		};
		return Bridges.bridge(this.context, "trace-context-worker-", List.of(sink),
				new BridgeOptions(IncludeCallerData.FALSE, Set.of(), carryTraceContext));
	}

	private Logger root() {
		return this.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

	private void logIn(String request, String message) {
		try (Scope scope = Context.root().with(REQUEST, request).makeCurrent()) {
			this.context.getLogger("app").info(message);
		}
	}

	private static String requestOnThisThread() {
		Context current = Context.current();
		return (current == Context.root()) ? "root" : current.get(REQUEST);
	}

	@Test
	void eachEventIsWrittenWithItsCallersContextCurrentAndTheRootOneAfter() {
		start(true);
		logIn("r-1", "first");
		logIn("r-2", "second");
		this.context.getLogger("app").info("outside any context");
		await().until(() -> this.sunk.size() == 3);
		assertThat(this.appender.requests).containsExactly("r-1", "r-2", "root");
		assertThat(this.appender.threads).allMatch((thread) -> thread.startsWith("trace-context-worker-"));
		assertThat(this.sunk).containsExactly("r-1", "r-2", "root");
	}

	@Test
	void theContextIsClosedEvenWhenADestinationThrows() {
		start(true);
		this.appender.failOn("boom");
		logIn("r-1", "boom");
		this.context.getLogger("app").info("next, outside any context");
		await().until(() -> this.sunk.size() == 2);
		assertThat(this.appender.requests).containsExactly("r-1", "root");
		assertThat(this.sunk).containsExactly("r-1", "root");
		assertThat(this.bridge.executor().failed()).isEqualTo(1);
	}

	@Test
	void appendersAndSinksReceiveTheEventLogbackMade() {
		start(true);
		logIn("r-1", "in a context");
		await().until(() -> this.sunkEvents.size() == 1);
		assertThat(this.appender.events).singleElement().isInstanceOf(LoggingEvent.class);
		assertThat(this.sunkEvents).singleElement().isInstanceOf(LoggingEvent.class);
		assertThat(this.sunkEvents.get(0)).isSameAs(this.appender.events.get(0));
	}

	@Test
	void queuedMemoryIsReleasedExactlyForEventsQueuedWithAContext() {
		start(true);
		for (int i = 0; i < 100; i++) {
			logIn("r-" + i, "event " + i);
		}
		await().until(() -> this.sunk.size() == 100);
		assertThat(this.bridge.executor().queueMemoryUsed()).isZero();
		assertThat(this.bridge.executor().destinations())
			.allSatisfy((lane) -> assertThat(lane.delivered()).as(lane.name()).isEqualTo(100));
	}

	@Test
	void withCarryingOffTheWorkerWritesWithItsOwnContext() {
		start(false);
		logIn("r-1", "in a context");
		await().until(() -> this.sunk.size() == 1);
		assertThat(this.appender.requests).containsExactly("root");
		assertThat(this.sunk).containsExactly("root");
	}

	@Test
	void theStartUpLineSaysWhetherTheTraceContextIsCarried() {
		assertThat(startUpLine(true)).endsWith("; caller data not captured; trace context carried; synchronous: none");
		assertThat(startUpLine(false)).endsWith("; caller data not captured; synchronous: none");
	}

	private String startUpLine(boolean carryTraceContext) {
		ListAppender<ILoggingEvent> notices = new ListAppender<>();
		notices.setContext(this.context);
		notices.start();
		Logger noticeLogger = this.context.getLogger(LogbackBridge.NOTICE_LOGGER);
		noticeLogger.addAppender(notices);
		LogbackBridge bridge = bridge(carryTraceContext);
		// Bridges keeps the notice logger at WARN; the start-up line is an INFO line.
		noticeLogger.setLevel(Level.INFO);
		bridge.start();
		bridge.stop(Duration.ofSeconds(10));
		noticeLogger.detachAppender(notices);
		return notices.list.stream()
			.map(ILoggingEvent::getFormattedMessage)
			.filter((line) -> line.contains(" written by "))
			.findFirst()
			.orElseThrow();
	}

	@Test
	void withoutACurrentContextTheEventIsQueuedAsItIs() {
		EventCapture capture = new EventCapture(false, CallerContext.of(true), this.context);
		LoggingEvent event = new LoggingEvent("fqcn", this.context.getLogger("app"), Level.INFO, "plain", null, null);
		assertThat(capture.prepare(event)).isSameAs(event);
		try (Scope scope = Context.root().with(REQUEST, "r-1").makeCurrent()) {
			assertThat(capture.prepare(event)).isInstanceOf(EventInContext.class)
				.satisfies((queued) -> assertThat(((EventInContext) queued).event).isSameAs(event));
		}
	}

	@Test
	void theEstimateOfAnEventWithItsContextCountsItsHolder() {
		LoggingEvent event = new LoggingEvent("fqcn", this.context.getLogger("app"), Level.INFO, "message {}", null,
				new Object[] { "argument" });
		event.prepareForDeferredProcessing();
		ILoggingEvent queued;
		try (Scope scope = Context.root().with(REQUEST, "r-1").makeCurrent()) {
			queued = OpenTelemetryCallerContext.INSTANCE.carry(event);
		}
		long plain = LogbackEventTraits.estimatedBytes(event, new LogbackEventTraits.Shared());
		assertThat(LogbackEventTraits.estimatedBytes(queued, new LogbackEventTraits.Shared())).isGreaterThan(plain);
		assertThat(LogbackEventTraits.INSTANCE.levelOf(queued)).isEqualTo(LogbackEventTraits.INSTANCE.levelOf(event));
		assertThat(LogbackEventTraits.INSTANCE.createdEpochNanos(queued))
			.isEqualTo(LogbackEventTraits.INSTANCE.createdEpochNanos(event));
	}

	@Test
	void openTelemetryIsLookedForWithTheClassLoaderGiven() {
		assertThat(CallerContext.isOpenTelemetryPresent(getClass().getClassLoader())).isTrue();
		assertThat(CallerContext.isOpenTelemetryPresent(new FilteredClassLoader(Context.class))).isFalse();
		assertThat(CallerContext.of(false)).isSameAs(CallerContext.NONE);
	}

	/** Records, for each event, the value of the request key in the context current on its writer. */
	static final class ContextReadingAppender extends AppenderBase<ILoggingEvent> {

		final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

		final List<String> requests = new CopyOnWriteArrayList<>();

		final List<String> threads = new CopyOnWriteArrayList<>();

		private volatile String failOn;

		ContextReadingAppender() {
			setName("CONTEXT_READING");
		}

		void failOn(String message) {
			this.failOn = message;
		}

		@Override
		public void doAppend(ILoggingEvent event) {
			// Logback's AppenderBase swallows what append throws; the starter must see it, as with a real failure.
			if (event.getFormattedMessage().equals(this.failOn)) {
				this.requests.add(requestOnThisThread());
				throw new IllegalStateException("failing as asked");
			}
			super.doAppend(event);
		}

		@Override
		protected void append(ILoggingEvent event) {
			this.events.add(event);
			this.requests.add(requestOnThisThread());
			this.threads.add(Thread.currentThread().getName());
		}

	}

}
