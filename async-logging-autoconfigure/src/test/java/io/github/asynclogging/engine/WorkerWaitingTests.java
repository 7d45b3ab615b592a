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
 * so; lingering while the log rate is high, when callers leave it alone unless the queue fills up.
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
	void aCallerDoesNotEndALingerButTheEventIsWrittenWhenItEnds() {
		Worker<?> worker = start(settings().linger(Duration.ofSeconds(1)));
		// Two events in quick succession: the second wakes the worker soon after it went idle, so it lingers.
		this.executor.submit(TestEvent.info(1));
		await().until(() -> this.written.get() == 1 && worker.state == Worker.IDLE);
		this.executor.submit(TestEvent.info(2));
		await().until(() -> this.written.get() == 2 && worker.state == Worker.LINGERING);
		this.executor.submit(TestEvent.info(3));
		assertThat(worker.state).as("the caller left the lingering worker alone").isEqualTo(Worker.LINGERING);
		assertThat(this.written.get()).isEqualTo(2);
		await().atMost(Duration.ofSeconds(3)).until(() -> this.written.get() == 3);
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
		// More than half the queue: the caller that saw it woke the worker well before the linger's end.
		await().atMost(Duration.ofMillis(500)).until(() -> this.written.get() == 7);
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
