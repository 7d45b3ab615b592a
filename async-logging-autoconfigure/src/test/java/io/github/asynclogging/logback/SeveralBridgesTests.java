package io.github.asynclogging.logback;

import java.lang.ref.WeakReference;
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
import io.github.asynclogging.LogSink;
import io.github.asynclogging.engine.StopReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several application contexts' bridges on one Logback context, started and stopped in the orders
 * test context caching and restarts make (issue 10, defects 5 and 6): no appender in use is ever
 * stopped, every context's sinks receive every event, and a thread's events keep their order across
 * a hand-over from one bridge to the next.
 */
class SeveralBridgesTests {

	private final LoggerContext context = new LoggerContext();

	private final RecordingAppender console = new RecordingAppender("CONSOLE");

	private final List<LogbackBridge> started = new ArrayList<>();

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
		this.started.forEach((bridge) -> bridge.stop(Duration.ofSeconds(5)));
		this.context.stop();
	}

	private Logger root() {
		return this.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

	private LogbackBridge bridge(String name, List<ILoggingEvent> sunk) {
		LogbackBridge bridge = Bridges.bridge(this.context, name + "-worker-", List.of(sunk::add), BridgeOptions.DEFAULTS);
		this.started.add(bridge);
		return bridge;
	}

	private void log(String message) {
		this.context.getLogger("app").info(message);
	}

	/**
	 * Defect 5: A starts, B starts, A stops (B takes over), A starts again (B still writes), A stops:
	 * CONSOLE was stopped under B and the JVM had lost its logging.
	 */
	@Test
	void aContextRestartedAmongOthersNeverStopsAnAppenderAnotherWrites() {
		List<ILoggingEvent> sunkA = new CopyOnWriteArrayList<>();
		List<ILoggingEvent> sunkB = new CopyOnWriteArrayList<>();
		LogbackBridge a = bridge("a", sunkA);
		LogbackBridge b = bridge("b", sunkB);
		a.start();
		b.start();
		a.stop(Duration.ofSeconds(5));
		a.start();
		log("while both run again");
		a.stop(Duration.ofSeconds(5));
		log("with B alone");
		await().until(() -> this.console.messages().containsAll(List.of("while both run again", "with B alone")));
		assertThat(this.console.isStarted()).isTrue();
		assertThat(this.console.writers).containsOnly("b-worker-CONSOLE-1");
		assertThat(sunkB).extracting(ILoggingEvent::getFormattedMessage)
			.containsExactly("while both run again", "with B alone");
		assertThat(sunkA).extracting(ILoggingEvent::getFormattedMessage).containsExactly("while both run again");
		assertThat(Bridges.lane(b.executor(), "CONSOLE").delivered()).isEqualTo(2);
		b.stop(Duration.ofSeconds(5));
		assertThat(Bridges.appendersOf(root())).containsExactly(this.console);
		assertThat(this.console.isStarted()).isTrue();
		log("after every context stopped");
		assertThat(this.console.messages()).last().isEqualTo("after every context stopped");
	}

	/**
	 * A hands over to B and both stop: neither context's sinks stay reachable from Logback's context,
	 * which outlives them (its capture forgets the destination it handed over to).
	 */
	@Test
	void noSinkOfAStoppedContextStaysReachableAfterAHandOver() {
		// Objects of their own: a lambda that captures nothing is one instance for the JVM's life.
		List<ILoggingEvent> sunkA = new CopyOnWriteArrayList<>();
		List<ILoggingEvent> sunkB = new CopyOnWriteArrayList<>();
		LogSink sinkOfA = sunkA::add;
		LogSink sinkOfB = sunkB::add;
		WeakReference<LogSink> a = new WeakReference<>(sinkOfA);
		WeakReference<LogSink> b = new WeakReference<>(sinkOfB);
		LogbackBridge first = Bridges.bridge(this.context, "a-worker-", List.of(sinkOfA), BridgeOptions.DEFAULTS);
		LogbackBridge second = Bridges.bridge(this.context, "b-worker-", List.of(sinkOfB), BridgeOptions.DEFAULTS);
		first.start();
		second.start();
		log("while both run");
		first.stop(Duration.ofSeconds(5));
		log("with B alone");
		second.stop(Duration.ofSeconds(5));
		assertThat(sunkB).extracting(ILoggingEvent::getFormattedMessage).containsExactly("while both run", "with B alone");
		first = null;
		second = null;
		sinkOfA = null;
		sinkOfB = null;
		await().until(() -> {
			System.gc();
			return a.get() == null && b.get() == null;
		});
	}

	/**
	 * The first bridge stops while its appender is slow and its queue holds a thread's first events;
	 * the thread's next events go to the second bridge, which writes them only after the first has
	 * written its own.
	 */
	@Test
	void aThreadsEventsKeepTheirOrderAcrossAHandOverToAnotherContext() throws Exception {
		LogbackBridge a = bridge("a", new CopyOnWriteArrayList<>());
		LogbackBridge b = bridge("b", new CopyOnWriteArrayList<>());
		a.start();
		b.start();
		this.console.hold();
		for (int i = 0; i < 10; i++) {
			log("E " + i);
		}
		Thread stopping = new Thread(() -> a.stop(Duration.ofSeconds(30)));
		stopping.start();
		await().until(() -> stopping.getState() == Thread.State.TIMED_WAITING);
		for (int i = 10; i < 20; i++) {
			log("E " + i);
		}
		this.console.release();
		stopping.join();
		await().until(() -> this.console.events.size() == 20);
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			expected.add("E " + i);
		}
		assertThat(this.console.messages()).containsExactlyElementsOf(expected);
		assertThat(this.console.writers.subList(0, 10)).containsOnly("a-worker-CONSOLE-1");
		assertThat(this.console.writers.subList(10, 20)).containsOnly("b-worker-CONSOLE-1");
		assertThat(Bridges.appendersOf(root())).containsExactly(this.console);
	}

	/**
	 * Two contexts closed at once, each by its own thread, while the first's appender is slow: the
	 * second stop waits for the first, rather than hand over to the context that is stopping (which had
	 * both stops wait for each other until their timeouts ran out, and dropped what they held).
	 */
	// Break seen failing: ContextCapture.leave without its turn (E 10 to E 19 and E 21 to E 29
	// dropped as 'shutdown' once both 5 s timeouts ran out).
	@Test
	void twoContextsStoppedAtOnceWriteEveryLineOnceInItsThreadsOrder() throws Exception {
		LogbackBridge a = bridge("a", new CopyOnWriteArrayList<>());
		LogbackBridge b = bridge("b", new CopyOnWriteArrayList<>());
		a.start();
		b.start();
		ContextCapture capture = ContextCapture.of(this.context);
		this.console.hold();
		for (int i = 0; i < 10; i++) {
			log("E " + i);
		}
		StopReport[] reports = new StopReport[2];
		Thread stoppingA = new Thread(() -> reports[0] = a.stop(Duration.ofSeconds(5)));
		stoppingA.start();
		await().until(() -> capture.primaryExecutor() == b.executor());
		for (int i = 10; i < 20; i++) {
			log("E " + i);
		}
		Thread stoppingB = new Thread(() -> reports[1] = b.stop(Duration.ofSeconds(5)));
		stoppingB.start();
		await().until(() -> Set.of(Thread.State.BLOCKED, Thread.State.WAITING, Thread.State.TIMED_WAITING)
			.contains(stoppingB.getState()));
		for (int i = 20; i < 30; i++) {
			log("E " + i);
		}
		this.console.release();
		stoppingA.join();
		stoppingB.join();
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			expected.add("E " + i);
		}
		assertThat(this.console.messages()).containsExactlyElementsOf(expected);
		assertThat(reports[0].droppedAtShutdown() + reports[1].droppedAtShutdown()).isZero();
		assertThat(capture.primaryExecutor()).isNull();
		assertThat(this.context.getTurboFilterList()).isEmpty();
	}

	/**
	 * Two contexts stopped at the same moment, many times: afterwards no executor writes and the filter
	 * is gone, so that a context that starts later writes, and its sinks receive what is logged.
	 */
	// Break seen failing: ContextCapture.leave without its turn (round 0: a stopped executor still primary).
	@Test
	void aContextStartedAfterTwoStoppedAtOnceWritesAndItsSinksReceiveEveryEvent() throws Exception {
		ContextCapture capture = ContextCapture.of(this.context);
		for (int round = 0; round < 20; round++) {
			LogbackBridge a = bridge("a" + round, new CopyOnWriteArrayList<>());
			LogbackBridge b = bridge("b" + round, new CopyOnWriteArrayList<>());
			a.start();
			b.start();
			CountDownLatch go = new CountDownLatch(1);
			List<Thread> stops = List.of(new Thread(() -> stopAfter(go, a)), new Thread(() -> stopAfter(go, b)));
			stops.forEach(Thread::start);
			go.countDown();
			for (Thread stop : stops) {
				stop.join();
			}
			assertThat(capture.primaryExecutor()).as("round %d", round).isNull();
			assertThat(this.context.getTurboFilterList()).as("round %d", round).isEmpty();
		}
		List<ILoggingEvent> sunk = new CopyOnWriteArrayList<>();
		LogbackBridge later = bridge("later", sunk);
		later.start();
		log("while the later one runs");
		assertThat(capture.primaryExecutor()).isSameAs(later.executor());
		later.stop(Duration.ofSeconds(5));
		assertThat(sunk).extracting(ILoggingEvent::getFormattedMessage).containsExactly("while the later one runs");
	}

	private static void stopAfter(CountDownLatch go, LogbackBridge bridge) {
		try {
			go.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		bridge.stop(Duration.ofSeconds(5));
	}

}
