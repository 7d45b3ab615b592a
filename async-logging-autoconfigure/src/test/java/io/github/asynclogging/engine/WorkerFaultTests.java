package io.github.asynclogging.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.github.asynclogging.engine.Settings.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Errors the starter's own path meets, and workers a stop leaves behind: no event is lost uncounted,
 * no worker writes beside the workers of a later start, and the queue always has a worker.
 */
class WorkerFaultTests {

	private final List<AsyncLogExecutor<?>> executors = new ArrayList<>();

	private final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void stop() {
		this.release.countDown();
		this.executors.forEach((executor) -> executor.stop(Duration.ofSeconds(5)));
	}

	private <E> AsyncLogExecutor<E> track(AsyncLogExecutor<E> executor) {
		this.executors.add(executor);
		return executor;
	}

	private static List<Thread> liveThreadsNamed(String prefix) {
		return Thread.getAllStackTraces().keySet().stream()
			.filter((thread) -> thread.getName().startsWith(prefix) && thread.isAlive())
			.toList();
	}

	/** Issue 10, defect 3: a latency listener that throws an Error on every event. */
	@Test
	void aListenerThatThrowsAnErrorOnEveryEventLosesNoEventAndKillsNoWorker() {
		AtomicInteger written = new AtomicInteger();
		AsyncLogExecutor<TestEvent> executor = track(settings().executor((event) -> written.incrementAndGet()));
		executor.addLatencyListener((nanos) -> {
			throw new AssertionError("registry broken");
		});
		executor.start();
		for (int i = 0; i < 100; i++) {
			executor.submit(TestEvent.info(i));
		}
		StopReport report = executor.stop(Duration.ofSeconds(5));
		assertThat(report.complete()).isTrue();
		assertThat(executor.submitted()).isEqualTo(100);
		assertThat(executor.delivered()).isEqualTo(100);
		assertThat(written.get()).isEqualTo(100);
		assertThat(executor.workersReplaced()).isZero();
	}

	/**
	 * An Error outside any destination's write (here: opening a run) ends the worker's loop: the event
	 * it had taken is counted as failed, a new worker takes over the queue, and a warning says so.
	 */
	@Test
	void aWorkerThatDiesOutsideADestinationIsReplacedAndItsEventCounted() {
		List<String> warnings = new CopyOnWriteArrayList<>();
		AtomicInteger runs = new AtomicInteger();
		List<Integer> written = new CopyOnWriteArrayList<>();
		Destination<TestEvent> destination = new Destination<>() {

			@Override
			public void write(TestEvent event) {
				written.add(event.seq());
			}

			@Override
			public void beginWrites() {
				if (runs.incrementAndGet() == 1) {
					throw new OutOfMemoryError("simulated, opening the first run");
				}
			}

		};
		AsyncLogExecutor<TestEvent> executor = track(
				new AsyncLogExecutor<>(settings().build(), destination, TestEvent.TRAITS, warnings::add));
		executor.start();
		executor.submit(TestEvent.info(0));
		await().until(() -> executor.failed() == 1);
		for (int i = 1; i <= 50; i++) {
			executor.submit(TestEvent.info(i));
		}
		await().until(() -> executor.delivered() == 50);
		assertThat(written).hasSize(50).doesNotContain(0);
		assertThat(executor.workersAlive()).isEqualTo(1);
		assertThat(executor.workersReplaced()).isEqualTo(1);
		assertThat(executor.lastFailure()).isInstanceOf(OutOfMemoryError.class);
		assertThat(warnings).anySatisfy((line) -> assertThat(line).contains("died of java.lang.OutOfMemoryError")
			.contains("a new worker goes on writing the queue"));
		assertThat(liveThreadsNamed("test-worker-")).hasSize(1);
	}

	/**
	 * Issue 10, defect 4: a stop whose timeout ran out behind a slow (not dead) destination, then a
	 * start. When the old worker comes back from the destination it must exit, not take events beside
	 * the new worker: with one worker, one thread writes each thread's events, in order.
	 */
	@Test
	void aWorkerAbandonedByAStopExitsWhenItComesBackAndNeverWritesBesideTheNextStart() throws Exception {
		List<Thread> writers = new CopyOnWriteArrayList<>();
		List<Integer> written = new CopyOnWriteArrayList<>();
		AsyncLogExecutor<TestEvent> executor = track(settings().executor((event) -> {
			if (event.seq() == 0) {
				awaitIgnoringInterrupts(this.release);
			}
			writers.add(Thread.currentThread());
			written.add(event.seq());
		}));
		executor.start();
		executor.submit(TestEvent.info(0));
		await().until(() -> liveThreadsNamed("test-worker-").get(0).getState() == Thread.State.TIMED_WAITING);
		Thread abandoned = liveThreadsNamed("test-worker-").get(0);
		StopReport report = executor.stop(Duration.ofMillis(100));
		assertThat(report.stuckInDestination()).isEqualTo(1);
		executor.start();
		for (int i = 1; i <= 1000; i++) {
			executor.submit(TestEvent.info(i));
		}
		await().until(() -> written.size() == 1000);
		this.release.countDown();
		await().until(() -> written.size() == 1001);
		await().until(() -> !abandoned.isAlive());
		assertThat(executor.workersAlive()).isEqualTo(1);
		assertThat(liveThreadsNamed("test-worker-")).hasSize(1);
		// Event 0 is written last, when the abandoned worker comes back; everything else by the new worker.
		assertThat(written.get(1000)).isZero();
		assertThat(written.subList(0, 1000)).isSorted().doesNotContain(0);
		assertThat(writers.subList(0, 1000)).allMatch((thread) -> thread != abandoned);
		assertThat(writers.get(1000)).isSameAs(abandoned);
		assertThat(executor.delivered()).isEqualTo(1001);
	}

	/** A destination that is slow, not dead, and does not answer interrupts. */
	private static void awaitIgnoringInterrupts(CountDownLatch latch) {
		boolean interrupted = false;
		while (true) {
			try {
				latch.await(30, TimeUnit.SECONDS);
				break;
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	/** An executor stopped and started many times leaves exactly its workers, never more. */
	@Test
	void manyStartsAndStopsLeaveNoThreadBehind() {
		AsyncLogExecutor<TestEvent> executor = track(settings().workers(2).executor((event) -> {
		}));
		for (int round = 0; round < 50; round++) {
			executor.start();
			for (int i = 0; i < 100; i++) {
				executor.submit(TestEvent.info(i));
			}
			assertThat(executor.stop(Duration.ofSeconds(5)).complete()).isTrue();
		}
		await().until(() -> liveThreadsNamed("test-worker-").isEmpty());
		assertThat(executor.submitted()).isEqualTo(5000);
		assertThat(executor.delivered()).isEqualTo(5000);
	}

}
