package io.github.asynclogging.engine;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.github.asynclogging.engine.Settings.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How a worker waits (issue 11): parked without a timer when idle, woken by the caller that finds it
 * so; lingering while the log rate is high, woken by the caller of an event made a linger after the
 * first one gathered, or when the queue fills up, and by its fallback timer (twice the linger) when no
 * caller comes.
 */
class WorkerWaitingTests {

	private final AtomicInteger written = new AtomicInteger();

	private AsyncLogExecutor<TestEvent> executor;

	@AfterEach
	void stop() {
		if (this.executor != null) {
			this.executor.stop(Duration.ofSeconds(5));
		}
	}

	private Worker<?> start(Settings settings) {
		this.executor = settings.executor((event) -> this.written.incrementAndGet());
		this.executor.start();
		return (Worker<?>) Thread.getAllStackTraces().keySet().stream()
			.filter((thread) -> thread instanceof Worker<?> worker && thread.isAlive()
					&& worker.generation.worker(0) == worker && thread.getName().equals("test-worker-1"))
			.findFirst()
			.orElseThrow();
	}

	@Test
	void aWorkerLingersAfterABusySpellThenParksWithoutATimerOnceEventsStop() {
		Worker<?> worker = start(settings().linger(Duration.ofMillis(20)));
		// About 2,000 events a second: a rate at which it lingers.
		for (int i = 0; i < 200; i++) {
			this.executor.submit(TestEvent.info(i));
			LockSupport.parkNanos(500_000);
		}
		await().until(() -> this.written.get() == 200);
		// Idle: parked without a timeout, so an idle application pays nothing for the worker.
		await().until(() -> worker.state == Worker.IDLE && worker.getState() == Thread.State.WAITING);
	}

	@Test
	void callersLeaveALingerAloneWithinTheLingerAndTheFallbackTimerWritesTheLastEventsThenEndsTheBusySpell() {
		Worker<?> worker = lingering(Duration.ofSeconds(1));
		long made = System.currentTimeMillis() * 1_000_000L;
		this.executor.submit(at(3, made));
		// Made within the linger of the first event gathered: the caller leaves the worker alone.
		this.executor.submit(at(4, made + Duration.ofMillis(999).toNanos()));
		assertThat(worker.state).as("the callers left the lingering worker alone").isEqualTo(Worker.LINGERING);
		assertThat(this.written.get()).isEqualTo(2);
		// No later caller: the fallback timer, twice the linger, ends the park.
		await().atMost(Duration.ofSeconds(5)).until(() -> this.written.get() == 4);
		// And the busy spell: events this far apart would only wake it by the timer, the dearer wake-up.
		await().atMost(Duration.ofMillis(1500))
			.until(() -> worker.state == Worker.IDLE && worker.getState() == Thread.State.WAITING);
	}

	@Test
	void theCallerOfAnEventMadeALingerAfterTheFirstGatheredEndsTheLinger() {
		Worker<?> worker = lingering(Duration.ofSeconds(1));
		long made = System.currentTimeMillis() * 1_000_000L;
		this.executor.submit(at(3, made));
		this.executor.submit(at(4, made + Duration.ofSeconds(1).toNanos()));
		// The second caller woke the worker (or it has written both and lingers again already).
		assertThat(worker.state != Worker.LINGERING || this.written.get() == 4).isTrue();
		// Before the fallback timer, two seconds after the linger began.
		await().atMost(Duration.ofMillis(1500)).until(() -> this.written.get() == 4);
	}

	@Test
	void aStopWhileTheWorkerLingersWritesWhatGatheredWithoutWaitingForTheFallbackTimer() {
		lingering(Duration.ofSeconds(1));
		this.executor.submit(TestEvent.info(3));
		long start = System.nanoTime();
		StopReport report = this.executor.stop(Duration.ofSeconds(10));
		long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		this.executor = null;
		assertThat(report.droppedAtShutdown()).isZero();
		assertThat(this.written.get()).isEqualTo(3);
		// The fallback timer would have ended the park two seconds after the linger began.
		assertThat(tookMillis).isLessThan(1500);
	}

	/** A worker lingering after two events in quick succession (the second came soon after it went idle). */
	private Worker<?> lingering(Duration linger) {
		Worker<?> worker = start(settings().linger(linger));
		this.executor.submit(TestEvent.info(1));
		await().until(() -> this.written.get() == 1 && worker.state == Worker.IDLE);
		this.executor.submit(TestEvent.info(2));
		await().until(() -> this.written.get() == 2 && worker.state == Worker.LINGERING);
		return worker;
	}

	private static TestEvent at(int seq, long createdEpochNanos) {
		return new TestEvent(EventLevel.INFO, seq, createdEpochNanos, 0);
	}

	@Test
	void callersEndALingerWhenTheQueueFillsUp() {
		Worker<?> worker = start(settings().capacity(8).linger(Duration.ofSeconds(1)));
		this.executor.submit(TestEvent.info(1));
		await().until(() -> this.written.get() == 1 && worker.state == Worker.IDLE);
		this.executor.submit(TestEvent.info(2));
		await().until(() -> this.written.get() == 2 && worker.state == Worker.LINGERING);
		for (int i = 3; i <= 7; i++) {
			this.executor.submit(TestEvent.info(i));
		}
		// More than half the queue: the caller that saw it woke the worker, before the fallback timer.
		await().atMost(Duration.ofMillis(1500)).until(() -> this.written.get() == 7);
		assertThat(this.executor.dropped()).isZero();
	}

	/**
	 * The worker says it is idle before it looks at the queue a last time, and a caller reads that
	 * after its offer: an event queued at the moment the worker goes idle is never left unwritten.
	 */
	@Test
	@Timeout(value = 120, unit = TimeUnit.SECONDS)
	void noEventIsLeftUnwrittenWhenItArrivesAsTheWorkerGoesIdle() {
		start(settings());
		for (int i = 1; i <= 20_000; i++) {
			this.executor.submit(TestEvent.info(i));
			awaitWritten(i);
		}
	}

	/** Awaitility's polling would make 20,000 rounds last minutes; a lost wake-up still fails in seconds. */
	private void awaitWritten(int expected) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (this.written.get() != expected) {
			assertThat(System.nanoTime() - deadline).as("event %d still unwritten after 10 s", expected).isNegative();
			LockSupport.parkNanos(1_000);
		}
	}

}
