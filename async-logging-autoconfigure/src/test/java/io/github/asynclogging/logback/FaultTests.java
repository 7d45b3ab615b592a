package io.github.asynclogging.logback;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.spi.FilterReply;
import io.github.asynclogging.LogSink;
import io.github.asynclogging.engine.AsyncLogExecutor;
import io.github.asynclogging.engine.DestinationLane;
import io.github.asynclogging.engine.DropPolicy;
import io.github.asynclogging.engine.DropReason;
import io.github.asynclogging.engine.EventLevel;
import io.github.asynclogging.engine.ExecutorSettings;
import io.github.asynclogging.engine.StopReport;
import io.github.asynclogging.health.AsyncLoggingHealthIndicator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Destinations that throw, hang or raise an {@link Error}, and callers interrupted while they wait,
 * through Logback: a fault is counted, never kills the worker silently, and never holds a caller
 * beyond its drop policy.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FaultTests {

	private static final int EVENTS = 1000;

	private static final int EVERY = 10;

	private final LoggerContext context = new LoggerContext();

	private final TextAppender out = new TextAppender(this.context, "OUT");

	/** What a hung destination waits for: opened only when the test is over. */
	private final CountDownLatch endOfTest = new CountDownLatch(1);

	private final AtomicInteger hungEntered = new AtomicInteger();

	private LogbackBridge bridge;

	private AsyncLogExecutor<ILoggingEvent> executor;

	@BeforeEach
	void configure() {
		this.context.setMDCAdapter(new LogbackMDCAdapter());
		this.context.start();
		this.out.start();
		root().addAppender(this.out);
	}

	@AfterEach
	void close() {
		this.endOfTest.countDown();
		Bridges.stop(this.bridge, this.context);
	}

	private void startBridge(int capacity, DropPolicy policy, Duration blockTimeout, LogSink... sinks) {
		this.bridge = Bridges.bridge(this.context, Bridges.settings(capacity, policy, blockTimeout, "fault-test-worker-"),
				List.of(sinks), BridgeOptions.DEFAULTS);
		this.executor = this.bridge.executor();
		this.bridge.start();
	}

	private Logger root() {
		return this.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

	private Logger app() {
		return this.context.getLogger("app");
	}

	private void logEvents(int count) {
		for (int i = 0; i < count; i++) {
			app().info("event {}", i);
		}
	}

	/** Every destination accounted for every event routed to it. */
	private void awaitIdleAndExact() {
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.executor.destinations()).allSatisfy((lane) -> assertThat(
					lane.delivered() + lane.failed() + lane.dropped())
				.as("delivered + failed + dropped of %s, of %d routed", lane.name(), lane.routed())
				.isEqualTo(lane.routed())
				.isEqualTo(this.executor.submitted())));
	}

	private DestinationLane lane(String name) {
		return Bridges.lane(this.executor, name);
	}

	private Health health() {
		return new AsyncLoggingHealthIndicator(this.executor).health(true);
	}

	/** A sink that never returns until the test is over, and ignores interrupts meanwhile. */
	private LogSink hungSink() {
		return (event) -> {
			this.hungEntered.incrementAndGet();
			boolean interrupted = false;
			while (true) {
				try {
					this.endOfTest.await();
					break;
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
			}
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		};
	}

	/** Starts a bridge whose only sink hangs, with the worker inside it and the queue full. */
	private void hangWithAFullQueue(int capacity, DropPolicy policy, Duration blockTimeout) {
		startBridge(capacity, policy, blockTimeout, hungSink());
		app().info("the event the sink hangs on");
		await().until(() -> this.hungEntered.get() == 1);
		logEvents(capacity);
		await().until(() -> lane("sink:1").queueSize() == capacity);
	}

	@Test
	void sinkThatThrowsOnEveryNthEventIsCountedAsFailedAndTheAppendersStillGetEveryEvent() {
		AtomicInteger calls = new AtomicInteger();
		startBridge(2048, DropPolicy.DROP_NEWEST, Duration.ofMillis(100), (event) -> {
			if (calls.incrementAndGet() % EVERY == 0) {
				throw new IllegalStateException("collector refused call " + calls.get());
			}
		});
		logEvents(EVENTS);
		awaitIdleAndExact();
		assertThat(lane("sink:1").failed()).as("failed").isEqualTo(EVENTS / EVERY);
		assertThat(lane("sink:1").delivered()).as("delivered").isEqualTo(EVENTS - EVENTS / EVERY);
		assertThat(lane("OUT").delivered()).as("delivered to OUT").isEqualTo(EVENTS);
		assertThat(this.executor.failed()).as("failed").isEqualTo(EVENTS / EVERY);
		assertThat(this.executor.dropped()).as("dropped").isZero();
		assertThat(this.out.lines()).as("lines of the appender beside the failing sink").hasSize(EVENTS);
		assertThat(this.executor.workersAlive()).isEqualTo(this.executor.workers()).isEqualTo(2);
		assertThat(this.executor.lastFailure()).hasMessage("collector refused call " + EVENTS);
	}

	static Stream<Arguments> throwables() {
		return Stream.of(
				Arguments.of("IllegalStateException",
						(Supplier<Throwable>) () -> new IllegalStateException("disk gone")),
				Arguments.of("StackOverflowError", (Supplier<Throwable>) () -> new StackOverflowError("deep")),
				Arguments.of("NoClassDefFoundError",
						(Supplier<Throwable>) () -> new NoClassDefFoundError("com/example/Missing")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("throwables")
	void appenderThatThrowsOutOfDoAppendIsCountedAsFailedAndTheWorkerGoesOn(String kind,
			Supplier<Throwable> failure) {
		ThrowingAppender throwing = new ThrowingAppender(EVERY, failure);
		throwing.setContext(this.context);
		throwing.start();
		// First on the root logger, so the appender after it shows that one failure does not stop the rest.
		root().detachAppender(this.out);
		root().addAppender(throwing);
		root().addAppender(this.out);
		startBridge(2048, DropPolicy.DROP_NEWEST, Duration.ofMillis(100));
		logEvents(EVENTS);
		awaitIdleAndExact();
		assertThat(this.executor.failed()).as("failed").isEqualTo(EVENTS / EVERY);
		assertThat(lane("THROWING").delivered()).as("delivered").isEqualTo(EVENTS - EVENTS / EVERY);
		assertThat(throwing.calls.get()).as("events the throwing appender was given").isEqualTo(EVENTS);
		assertThat(this.out.lines()).as("lines of the appender beside the throwing one").hasSize(EVENTS);
		assertThat(this.executor.workersAlive()).isEqualTo(this.executor.workers()).isEqualTo(2);
		Health health = health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("failed", (long) (EVENTS / EVERY))
			.hasEntrySatisfying("lastFailure", (last) -> assertThat(last.toString()).contains(kind));
	}

	@Test
	void anErrorFromAMeterRegistryOnEveryEventLosesNothingAndKeepsTheWorkerAndHealthUp() {
		startBridge(2048, DropPolicy.DROP_NEWEST, Duration.ofMillis(100));
		// Micrometer's timer runs here on the worker, outside the destination.
		this.executor.addLatencyListener((nanos) -> {
			throw new InternalError("simulated by the test in a latency listener");
		});
		logEvents(25);
		await().until(() -> this.executor.delivered() == 25);
		Health health = health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("workersReplaced", 0);
		StopReport report = this.bridge.stop(Duration.ofMillis(500));
		assertThat(report.complete()).isTrue();
		assertThat(this.executor.submitted()).isEqualTo(25);
		assertThat(this.out.lines()).hasSize(25);
	}

	@Test
	void hungSinkNeverMakesACallerWaitUnderDropNewest() {
		// A block timeout that a drop-newest call would show if it ever waited.
		Duration blockTimeout = Duration.ofSeconds(10);
		hangWithAFullQueue(64, DropPolicy.DROP_NEWEST, blockTimeout);
		int calls = 10_000;
		long[] nanos = new long[calls];
		for (int i = 0; i < calls; i++) {
			long started = System.nanoTime();
			app().info("refused {}", i);
			nanos[i] = System.nanoTime() - started;
		}
		Arrays.sort(nanos);
		String waits = "median " + nanos[calls / 2] + " ns, 99th percentile " + nanos[calls * 99 / 100]
				+ " ns, max " + nanos[calls - 1] + " ns";
		// Each one is refused for the hung sink, in its lane or, when the calls outran the routing worker,
		// before it was routed; OUT, beside it, writes every one that was routed.
		await().until(() -> lane("sink:1").routed() == calls + 64 + 1
				&& lane("OUT").delivered() + lane("OUT").dropped() == calls + 64 + 1);
		assertThat(lane("sink:1").dropped(EventLevel.INFO, DropReason.QUEUE_FULL)).isEqualTo(calls);
		// Health lists each destination with its backlog, and stays UP: a stuck collector is no reason to
		// take the instance out of service.
		Health health = health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).hasEntrySatisfying("destinations", (destinations) -> assertThat(destinations)
			.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.map(String.class, Object.class))
			.containsKeys("OUT", "sink:1")
			.hasEntrySatisfying("sink:1", (sink) -> assertThat(sink.toString()).contains("queueSize=64")));
		assertThat(Duration.ofNanos(nanos[calls / 2])).as("median call (%s)", waits)
			.isLessThan(Duration.ofNanos(50_000));
		// Not microseconds on a busy machine: a descheduled caller can take milliseconds, never the block timeout.
		assertThat(Duration.ofNanos(nanos[calls - 1])).as("longest call (%s)", waits)
			.isLessThan(blockTimeout.dividedBy(10));
	}

	@Test
	void hungSinkMakesACallerWaitNoLongerThanBlockTimeoutUnderBlock() {
		Duration blockTimeout = Duration.ofMillis(100);
		// Generous for a machine shared with other builds; a caller that ignored the timeout would never return.
		Duration margin = Duration.ofMillis(400);
		hangWithAFullQueue(4, DropPolicy.BLOCK, blockTimeout);
		// The routing worker waits for room in the hung sink's lane; the queue callers write to fills behind it.
		int calls = 10;
		AtomicLong minNanos = new AtomicLong(Long.MAX_VALUE);
		AtomicLong maxNanos = new AtomicLong();
		CompletableFuture<Void> caller = CompletableFuture.runAsync(() -> {
			for (int i = 0; i < calls; i++) {
				long started = System.nanoTime();
				app().info("waits, then is dropped {}", i);
				long took = System.nanoTime() - started;
				minNanos.accumulateAndGet(took, Math::min);
				maxNanos.accumulateAndGet(took, Math::max);
			}
		}, (task) -> new Thread(task, "blocked-caller").start());
		await().atMost(blockTimeout.plus(margin).multipliedBy(calls).plusSeconds(2)).until(caller::isDone);
		assertThat(Duration.ofNanos(maxNanos.get())).as("longest call").isGreaterThan(Duration.ofMillis(10))
			.isLessThanOrEqualTo(blockTimeout.plus(margin));
		assertThat(lane("sink:1").dropped(EventLevel.INFO, DropReason.BLOCK_TIMEOUT)).isPositive();
	}

	@Test
	void shutdownWithAHungSinkReturnsWithinTheTimeoutAndTheLastLineSaysHowManyWereNotWritten() {
		hangWithAFullQueue(64, DropPolicy.DROP_NEWEST, Duration.ofMillis(100));
		Duration timeout = Duration.ofMillis(500);
		AtomicLong tookNanos = new AtomicLong();
		// Stopped on a thread of its own, so that a stop that never returns fails the test rather than hanging it.
		CompletableFuture<StopReport> stopping = CompletableFuture.supplyAsync(() -> {
			long started = System.nanoTime();
			StopReport stopped = this.bridge.stop(timeout);
			tookNanos.set(System.nanoTime() - started);
			return stopped;
		}, (task) -> new Thread(task, "stopper").start());
		await().atMost(timeout.plusSeconds(1)).until(stopping::isDone);
		StopReport report = stopping.join();
		assertThat(Duration.ofNanos(tookNanos.get())).as("stop took").isLessThan(timeout.plusSeconds(1));
		assertThat(report.droppedAtShutdown()).isEqualTo(64);
		assertThat(report.stuckInDestination()).isEqualTo(1);
		assertThat(this.executor.dropped(EventLevel.INFO, DropReason.SHUTDOWN)).isEqualTo(64);
		assertThat(this.out.lines()).last()
			.asString()
			.contains("WARN")
			.contains("async-logging: 65 log events could not be written within async-logging.shutdown-timeout=500ms")
			.contains("64 still queued")
			.contains("1 inside a destination")
			.contains("by destination: sink:1 65");
	}

	@Test
	void callerInterruptedWhileBlockedInALogCallStopsWaitingAndKeepsItsInterruptFlag() {
		hangWithAFullQueue(2, DropPolicy.BLOCK, Duration.ofMinutes(5));
		// The routing worker waits for room in the hung sink's lane with the next event, and two more fill
		// the queue callers write to.
		app().info("the event the routing worker waits with");
		await().until(() -> lane("OUT").routed() == 4);
		logEvents(2);
		CompletableFuture<Boolean> flagAfterTheCall = new CompletableFuture<>();
		Thread caller = new Thread(() -> {
			app().info("blocked until interrupted");
			flagAfterTheCall.complete(Thread.currentThread().isInterrupted());
		}, "interrupted-caller");
		caller.start();
		await().until(() -> caller.getState() == Thread.State.TIMED_WAITING);
		caller.interrupt();
		await().atMost(Duration.ofSeconds(5)).until(flagAfterTheCall::isDone);
		assertThat(flagAfterTheCall.join()).as("interrupt flag after the log call").isTrue();
		// Dropped before it was routed: for each destination of its route.
		assertThat(lane("sink:1").dropped(EventLevel.INFO, DropReason.BLOCK_TIMEOUT)).isEqualTo(1);
		assertThat(lane("OUT").dropped(EventLevel.INFO, DropReason.BLOCK_TIMEOUT)).isEqualTo(1);
	}

	/**
	 * Implements {@link Appender} itself, as a third-party appender may, so nothing of Logback's
	 * {@code AppenderBase} catches what {@code doAppend} throws.
	 */
	private static final class ThrowingAppender extends ContextAwareBase implements Appender<ILoggingEvent> {

		final AtomicInteger calls = new AtomicInteger();

		private final int every;

		private final Supplier<Throwable> failure;

		private volatile boolean started;

		ThrowingAppender(int every, Supplier<Throwable> failure) {
			this.every = every;
			this.failure = failure;
		}

		@Override
		public void doAppend(ILoggingEvent event) {
			if (this.calls.incrementAndGet() % this.every == 0) {
				sneakyThrow(this.failure.get());
			}
		}

		@SuppressWarnings("unchecked")
		private static <T extends Throwable> void sneakyThrow(Throwable failure) throws T {
			throw (T) failure;
		}

		@Override
		public String getName() {
			return "THROWING";
		}

		@Override
		public void setName(String name) {
		}

		@Override
		public void start() {
			this.started = true;
		}

		@Override
		public void stop() {
			this.started = false;
		}

		@Override
		public boolean isStarted() {
			return this.started;
		}

		@Override
		public void addFilter(Filter<ILoggingEvent> filter) {
		}

		@Override
		public void clearAllFilters() {
		}

		@Override
		public List<Filter<ILoggingEvent>> getCopyOfAttachedFiltersList() {
			return new ArrayList<>();
		}

		@Override
		public FilterReply getFilterChainDecision(ILoggingEvent event) {
			return FilterReply.NEUTRAL;
		}

	}

}
