package io.github.asynclogging.logback;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import io.github.asynclogging.autoconfigure.AsyncLoggingAutoConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 22, point 1: Logback's own API answers and acts as without the starter while the starter
 * runs, and a change takes effect for the next event; appenders added at run time are written by the
 * workers too. The starter runs on a Logback context of the test's own (through {@link Bridges}),
 * except in the last test, which closes an application context with the starter's
 * auto-configuration on the JVM's Logback context.
 * <p>
 * This class fails on the take-over design: the appenders are moved off their loggers, so
 * {@code getAppender} answers {@code null}, {@code iteratorForAppenders} lists the stand-in
 * {@code ASYNC_LOGGING}, {@code detachAppender} answers {@code false} and the appender goes on being
 * written, {@code detachAndStopAllAppenders} neither stops the root's appenders nor keeps a child's
 * events from them, an appender added at run time is written on the calling thread, and the hand-back
 * re-attaches an appender the application detached (and puts it back in another order). Only
 * {@code appendersAttachedBeforeTheStartAreWrittenByAWorkerAfterIt} passes on it.
 */
class LogbackApiTests {

	private static final int LINES = 100;

	private final LoggerContext context = new LoggerContext();

	private final WrittenAppender rootA = new WrittenAppender("ROOT_A");

	private final WrittenAppender rootB = new WrittenAppender("ROOT_B");

	private final WrittenAppender child = new WrittenAppender("CHILD");

	private LogbackBridge bridge;

	@BeforeEach
	void configure() {
		Bridges.start(this.context);
		Bridges.started(this.context, this.rootA, org.slf4j.Logger.ROOT_LOGGER_NAME);
		Bridges.started(this.context, this.rootB, org.slf4j.Logger.ROOT_LOGGER_NAME);
		Bridges.started(this.context, this.child, "app.child");
		this.bridge = Bridges.bridge(this.context, "api-worker-", List.of(), BridgeOptions.DEFAULTS);
	}

	@AfterEach
	void close() {
		Bridges.stop(this.bridge, this.context);
	}

	private Logger root() {
		return this.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

	private Logger logger(String name) {
		return this.context.getLogger(name);
	}

	private static List<String> numbered(String prefix) {
		return IntStream.range(0, LINES).mapToObj((i) -> prefix + " " + i).toList();
	}

	private static void log(Logger logger, List<String> lines) {
		lines.forEach(logger::info);
	}

	/** Waits until the appender has written exactly these messages, in this order. */
	private static void awaitWritten(WrittenAppender appender, List<String> expected) {
		await().untilAsserted(() -> assertThat(appender.messages()).as("written to %s", appender.getName())
			.containsExactlyElementsOf(expected));
	}

	private static List<String> concat(List<String> first, List<String> second) {
		List<String> all = new ArrayList<>(first);
		all.addAll(second);
		return all;
	}

	@Test
	void getAppenderAnswersTheAppenderAttachedToTheLoggerWhileTheStarterRuns() {
		this.bridge.start();
		assertThat(root().getAppender("ROOT_A")).as("root.getAppender(\"ROOT_A\")").isSameAs(this.rootA);
		assertThat(logger("app.child").getAppender("CHILD")).as("app.child.getAppender(\"CHILD\")")
			.isSameAs(this.child);
	}

	@Test
	void iteratorForAppendersListsTheAppendersAttachedToTheLoggerWhileTheStarterRuns() {
		this.bridge.start();
		assertThat(Bridges.appendersOf(root())).as("root's appenders").containsExactly(this.rootA, this.rootB);
		assertThat(Bridges.appendersOf(logger("app.child"))).as("app.child's appenders").containsExactly(this.child);
	}

	@Test
	void detachAppenderAnswersTrueAndTheDetachedAppenderReceivesNothingLoggedAfterwards() {
		this.bridge.start();
		Logger app = logger("app");
		app.info("before the detach");
		awaitWritten(this.rootA, List.of("before the detach"));
		assertThat(root().detachAppender("ROOT_A")).as("root.detachAppender(\"ROOT_A\")").isTrue();
		log(app, numbered("after the detach"));
		awaitWritten(this.rootB, concat(List.of("before the detach"), numbered("after the detach")));
		assertThat(this.rootA.messages()).as("written to the detached ROOT_A").containsExactly("before the detach");
		assertThat(this.rootA.isStarted()).as("detachAppender does not stop it").isTrue();
	}

	@Test
	void anAppenderAddedToTheRootWhileTheStarterRunsIsWrittenEveryLaterEventByAWorker() {
		this.bridge.start();
		WrittenAppender added = Bridges.started(this.context, new WrittenAppender("ADDED"),
				org.slf4j.Logger.ROOT_LOGGER_NAME);
		log(logger("app"), numbered("after the add"));
		awaitWritten(added, numbered("after the add"));
		assertThat(added.writers()).as("threads that wrote the appender added at run time")
			.doesNotContain(Thread.currentThread().getName());
		awaitWritten(this.rootA, numbered("after the add"));
	}

	@Test
	void anAppenderAddedToANamedLoggerWhileTheStarterRunsIsWrittenEveryLaterEventByAWorker() {
		this.bridge.start();
		WrittenAppender added = Bridges.started(this.context, new WrittenAppender("ADDED"), "app.other");
		log(logger("app.other.deeper"), numbered("after the add"));
		awaitWritten(added, numbered("after the add"));
		assertThat(added.writers()).as("threads that wrote the appender added at run time")
			.doesNotContain(Thread.currentThread().getName());
		awaitWritten(this.rootA, numbered("after the add"));
	}

	@Test
	void additivityTurnedOffWhileTheStarterRunsKeepsTheLoggersNextEventsFromTheRootsAppenders() {
		this.bridge.start();
		Logger childLogger = logger("app.child");
		childLogger.info("child 1");
		// Written before the change, so that only what the change decides is asserted: whether an event
		// logged before it and written after it still reaches the root is not this test's question.
		awaitWritten(this.rootA, List.of("child 1"));
		childLogger.setAdditive(false);
		childLogger.info("child 2");
		logger("app").info("app 1");
		awaitWritten(this.rootA, List.of("child 1", "app 1"));
		awaitWritten(this.rootB, List.of("child 1", "app 1"));
		awaitWritten(this.child, List.of("child 1", "child 2"));
	}

	@Test
	void detachAndStopAllAppendersOnTheRootStopsThemAndAChildsEventsNoLongerReachThem() {
		this.bridge.start();
		Logger childLogger = logger("app.child");
		childLogger.info("before");
		awaitWritten(this.rootA, List.of("before"));
		awaitWritten(this.rootB, List.of("before"));
		root().detachAndStopAllAppenders();
		assertThat(this.rootA.isStarted()).as("ROOT_A started after root.detachAndStopAllAppenders()").isFalse();
		assertThat(this.rootB.isStarted()).as("ROOT_B started after root.detachAndStopAllAppenders()").isFalse();
		assertThat(Bridges.appendersOf(root())).as("root's appenders").isEmpty();
		log(childLogger, numbered("after"));
		awaitWritten(this.child, concat(List.of("before"), numbered("after")));
		assertThat(this.rootA.messages()).containsExactly("before");
		assertThat(this.rootA.askedWhileStopped()).as("events that reached the stopped ROOT_A").isZero();
		assertThat(this.rootB.askedWhileStopped()).as("events that reached the stopped ROOT_B").isZero();
	}

	@Test
	void appendersAttachedBeforeTheStartAreWrittenByAWorkerAfterIt() {
		this.bridge.start();
		log(logger("app.child"), numbered("line"));
		awaitWritten(this.child, numbered("line"));
		awaitWritten(this.rootA, numbered("line"));
		assertThat(this.child.writers()).as("threads that wrote CHILD").doesNotContain(Thread.currentThread().getName());
		assertThat(this.rootA.writers()).as("threads that wrote ROOT_A").doesNotContain(Thread.currentThread().getName());
	}

	/**
	 * An application context with the starter runs on the JVM's Logback context; while it runs the
	 * application detaches one appender and attaches another, on the root and on a named logger. Once
	 * the context is closed the loggers have exactly the appenders the application left them with.
	 */
	@Test
	void whenTheApplicationContextClosesTheLoggersHaveExactlyTheAppendersTheApplicationLeftThem() {
		LoggerContext jvmContext = (LoggerContext) LoggerFactory.getILoggerFactory();
		Logger jvmRoot = jvmContext.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		Logger named = jvmContext.getLogger("logback-api-tests.named");
		List<Appender<ILoggingEvent>> rootBefore = Bridges.appendersOf(jvmRoot);
		WrittenAppender rootDetached = Bridges.started(jvmContext, new WrittenAppender("API_ROOT_DETACHED"),
				org.slf4j.Logger.ROOT_LOGGER_NAME);
		WrittenAppender namedKept = Bridges.started(jvmContext, new WrittenAppender("API_NAMED_KEPT"), named.getName());
		WrittenAppender namedDetached = Bridges.started(jvmContext, new WrittenAppender("API_NAMED_DETACHED"),
				named.getName());
		WrittenAppender rootAdded = new WrittenAppender("API_ROOT_ADDED");
		WrittenAppender namedAdded = new WrittenAppender("API_NAMED_ADDED");
		try (AnnotationConfigApplicationContext application = new AnnotationConfigApplicationContext()) {
			application.register(AsyncLoggingAutoConfiguration.class);
			application.refresh();
			jvmRoot.detachAppender(rootDetached);
			named.detachAppender(namedDetached);
			Bridges.started(jvmContext, rootAdded, org.slf4j.Logger.ROOT_LOGGER_NAME);
			Bridges.started(jvmContext, namedAdded, named.getName());
			named.info("while the application runs");
			await().untilAsserted(() -> assertThat(namedAdded.messages()).contains("while the application runs"));
		}
		try {
			List<Appender<ILoggingEvent>> rootExpected = new ArrayList<>(rootBefore);
			rootExpected.add(rootAdded);
			assertThat(Bridges.appendersOf(jvmRoot)).as("root's appenders once the application context closed")
				.containsExactlyElementsOf(rootExpected);
			assertThat(Bridges.appendersOf(named)).as("%s's appenders once the application context closed",
					named.getName())
				.containsExactly(namedKept, namedAdded);
		}
		finally {
			jvmRoot.detachAppender(rootAdded);
			jvmRoot.detachAppender(rootDetached);
			named.detachAndStopAllAppenders();
			rootAdded.stop();
			rootDetached.stop();
			namedDetached.stop();
		}
	}

}
