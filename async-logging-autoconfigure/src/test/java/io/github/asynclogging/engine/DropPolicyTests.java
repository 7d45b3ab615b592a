package io.github.asynclogging.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.github.asynclogging.engine.Settings.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each drop policy and level shedding at capacity. The worker is held inside the destination
 * while the queue is filled, so every size is exact.
 */
class DropPolicyTests {

	private final GatedDestination destination = new GatedDestination();

	private AsyncLogExecutor<TestEvent> executor;

	@AfterEach
	void stop() {
		this.destination.open();
		if (this.executor != null) {
			this.executor.stop(Duration.ofSeconds(10));
		}
	}

	/** Starts the executor and parks its worker in the destination with event 0. */
	private AsyncLogExecutor<TestEvent> holdWorker(Settings settings) {
		this.executor = settings.executor(this.destination);
		this.executor.start();
		this.executor.submit(TestEvent.info(0));
		await().until(() -> this.destination.entered() == 1);
		return this.executor;
	}

	private void submitInfo(int fromSeq, int toSeqExclusive) {
		IntStream.range(fromSeq, toSeqExclusive).forEach((seq) -> this.executor.submit(TestEvent.info(seq)));
	}

	@Test
	void dropNewestRefusesIncomingEventsWhenFullAndCountsThem() {
		holdWorker(settings().capacity(4));
		submitInfo(1, 8);
		assertThat(this.executor.queueSize()).isEqualTo(4);
		assertThat(this.executor.dropped(EventLevel.INFO, DropReason.QUEUE_FULL)).isEqualTo(3);
		this.destination.open();
		await().until(() -> this.executor.delivered() == 5);
		assertThat(this.destination.writtenSeqs()).containsExactly(0, 1, 2, 3, 4);
		assertThat(this.executor.submitted()).isEqualTo(8);
	}

	@Test
	void dropOldestEvictsQueuedEventsToAdmitNewOnes() {
		holdWorker(settings().capacity(4).policy(DropPolicy.DROP_OLDEST));
		submitInfo(1, 8);
		assertThat(this.executor.queueSize()).isEqualTo(4);
		assertThat(this.executor.dropped(EventLevel.INFO, DropReason.EVICTED)).isEqualTo(3);
		assertThat(this.executor.dropped(EventLevel.INFO, DropReason.QUEUE_FULL)).isZero();
		this.destination.open();
		await().until(() -> this.executor.delivered() == 5);
		assertThat(this.destination.writtenSeqs()).containsExactly(0, 4, 5, 6, 7);
	}

	@Test
	void dropOldestCountsTheEvictedEventAtItsOwnLevel() {
		holdWorker(settings().capacity(2).policy(DropPolicy.DROP_OLDEST));
		this.executor.submit(TestEvent.of(EventLevel.DEBUG, 1));
		this.executor.submit(TestEvent.of(EventLevel.WARN, 2));
		this.executor.submit(TestEvent.of(EventLevel.ERROR, 3));
		assertThat(this.executor.dropped(EventLevel.DEBUG, DropReason.EVICTED)).isEqualTo(1);
		assertThat(this.executor.dropped(EventLevel.ERROR, DropReason.EVICTED)).isZero();
	}

	@Test
	void blockWaitsForRoomAndDeliversWhenTheWorkerCatchesUp() {
		holdWorker(settings().capacity(2).policy(DropPolicy.BLOCK).blockTimeout(Duration.ofSeconds(30)));
		submitInfo(1, 3);
		AtomicBoolean returned = new AtomicBoolean();
		CompletableFuture<Void> caller = CompletableFuture.runAsync(() -> {
			this.executor.submit(TestEvent.info(3));
			returned.set(true);
		});
		await().during(Duration.ofMillis(200)).until(() -> !returned.get());
		this.destination.open();
		caller.join();
		await().until(() -> this.executor.delivered() == 4);
		assertThat(this.destination.writtenSeqs()).containsExactly(0, 1, 2, 3);
		assertThat(this.executor.dropped()).isZero();
	}

	@Test
	void blockDropsTheEventAfterBlockTimeout() {
		holdWorker(settings().capacity(2).policy(DropPolicy.BLOCK).blockTimeout(Duration.ofMillis(50)));
		submitInfo(1, 3);
		long started = System.nanoTime();
		this.executor.submit(TestEvent.info(3));
		long waitedMillis = (System.nanoTime() - started) / 1_000_000;
		assertThat(waitedMillis).isGreaterThanOrEqualTo(50);
		assertThat(this.executor.dropped(EventLevel.INFO, DropReason.BLOCK_TIMEOUT)).isEqualTo(1);
	}

	@Test
	void blockedCallerThatIsInterruptedStopsWaitingAndKeepsItsInterruptFlag() throws Exception {
		holdWorker(settings().capacity(2).policy(DropPolicy.BLOCK).blockTimeout(Duration.ofMinutes(5)));
		submitInfo(1, 3);
		CompletableFuture<Boolean> flagAfterReturn = new CompletableFuture<>();
		Thread caller = new Thread(() -> {
			this.executor.submit(TestEvent.info(3));
			flagAfterReturn.complete(Thread.currentThread().isInterrupted());
		});
		caller.start();
		await().until(() -> caller.getState() == Thread.State.TIMED_WAITING);
		caller.interrupt();
		assertThat(flagAfterReturn.get()).isTrue();
		assertThat(this.executor.dropped(EventLevel.INFO, DropReason.BLOCK_TIMEOUT)).isEqualTo(1);
	}

	@Test
	void sheddingDropsInfoAboveTheThresholdButKeepsWarnAndError() {
		holdWorker(settings().capacity(10).shedding(EventLevel.INFO, 0.5));
		submitInfo(1, 7);
		// 5 of 10 queued is not above 0.5: the sixth INFO went in, the rest are shed.
		assertThat(this.executor.queueSize()).isEqualTo(6);
		assertThat(this.executor.dropped(EventLevel.INFO, DropReason.DISCARDED)).isZero();
		this.executor.submit(TestEvent.info(7));
		this.executor.submit(TestEvent.of(EventLevel.DEBUG, 8));
		this.executor.submit(TestEvent.of(EventLevel.WARN, 9));
		this.executor.submit(TestEvent.of(EventLevel.ERROR, 10));
		assertThat(this.executor.dropped(EventLevel.INFO, DropReason.DISCARDED)).isEqualTo(1);
		assertThat(this.executor.dropped(EventLevel.DEBUG, DropReason.DISCARDED)).isEqualTo(1);
		this.destination.open();
		await().until(() -> this.executor.delivered() == 9);
		assertThat(this.destination.writtenSeqs()).containsExactly(0, 1, 2, 3, 4, 5, 6, 9, 10);
	}

	@Test
	void sheddingAtDiscardLevelWarnShedsWarnButNeverError() {
		holdWorker(settings().capacity(4).shedding(EventLevel.WARN, 0.25));
		this.executor.submit(TestEvent.of(EventLevel.ERROR, 1));
		this.executor.submit(TestEvent.of(EventLevel.ERROR, 2));
		this.executor.submit(TestEvent.of(EventLevel.WARN, 3));
		this.executor.submit(TestEvent.of(EventLevel.ERROR, 4));
		assertThat(this.executor.dropped(EventLevel.WARN, DropReason.DISCARDED)).isEqualTo(1);
		assertThat(this.executor.dropped()).isEqualTo(1);
	}

	/**
	 * Issue 10, defect 11: an eviction's room goes to the caller that evicted, never back to the pool
	 * where another caller could take it, so the newest event is always admitted.
	 */
	@Test
	void dropOldestAdmitsEveryNewestEventWhileEightThreadsEvictAtOnce() throws Exception {
		holdWorker(settings().capacity(64).policy(DropPolicy.DROP_OLDEST));
		submitInfo(1, 65);
		int threads = 8;
		int perThread = 20_000;
		List<Thread> callers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			callers.add(new Thread(() -> submitInfo(0, perThread)));
		}
		callers.forEach(Thread::start);
		for (Thread caller : callers) {
			caller.join();
		}
		assertThat(this.executor.dropped(EventLevel.INFO, DropReason.QUEUE_FULL)).isZero();
		assertThat(this.executor.dropped(EventLevel.INFO, DropReason.EVICTED)).isEqualTo((long) threads * perThread);
		assertThat(this.executor.queueSize()).isEqualTo(64);
	}

	@Test
	void dropNewestRefusesAnEventThatWouldExceedQueueMemoryAndSaysMemoryFull() {
		holdWorker(settings().capacity(100).queueMemory(10 * 1024));
		for (int i = 1; i <= 10; i++) {
			this.executor.submit(TestEvent.ofBytes(EventLevel.ERROR, i, 1024));
		}
		assertThat(this.executor.queueSize()).isEqualTo(10);
		assertThat(this.executor.queueMemoryUsed()).isEqualTo(10 * 1024);
		this.executor.submit(TestEvent.ofBytes(EventLevel.ERROR, 11, 1024));
		assertThat(this.executor.dropped(EventLevel.ERROR, DropReason.MEMORY_FULL)).isEqualTo(1);
		assertThat(this.executor.dropped(EventLevel.ERROR, DropReason.QUEUE_FULL)).isZero();
		this.destination.open();
		await().until(() -> this.executor.delivered() == 11);
		assertThat(this.executor.queueMemoryUsed()).isZero();
	}

	@Test
	void dropOldestEvictsAsManyEventsAsTheNewOneNeedsRoomFor() {
		holdWorker(settings().capacity(100).queueMemory(10 * 1024).policy(DropPolicy.DROP_OLDEST));
		for (int i = 1; i <= 10; i++) {
			this.executor.submit(TestEvent.ofBytes(EventLevel.INFO, i, 1024));
		}
		this.executor.submit(TestEvent.ofBytes(EventLevel.WARN, 11, 3 * 1024));
		assertThat(this.executor.dropped(EventLevel.INFO, DropReason.EVICTED)).isEqualTo(3);
		assertThat(this.executor.queueSize()).isEqualTo(8);
		assertThat(this.executor.queueMemoryUsed()).isEqualTo(10 * 1024);
		this.destination.open();
		await().until(() -> this.executor.delivered() == 9);
		assertThat(this.destination.writtenSeqs()).containsExactly(0, 4, 5, 6, 7, 8, 9, 10, 11);
	}

	@Test
	void anEventLargerThanQueueMemoryIsDroppedAtOnceWhateverThePolicy() {
		for (DropPolicy policy : DropPolicy.values()) {
			AsyncLogExecutor<TestEvent> executor = settings().queueMemory(4096).policy(policy)
				.blockTimeout(Duration.ofMinutes(5))
				.executor((event) -> {
				});
			executor.start();
			executor.submit(TestEvent.ofBytes(EventLevel.ERROR, 1, 4097));
			assertThat(executor.dropped(EventLevel.ERROR, DropReason.MEMORY_FULL)).as("%s", policy).isEqualTo(1);
			executor.stop(Duration.ofSeconds(1));
		}
	}

	@Test
	void sheddingAlsoFollowsTheMemoryFill() {
		holdWorker(settings().capacity(1000).queueMemory(10 * 1024).shedding(EventLevel.INFO, 0.5));
		for (int i = 1; i <= 6; i++) {
			this.executor.submit(TestEvent.ofBytes(EventLevel.INFO, i, 1024));
		}
		// 5 KB of 10 KB is not above half: the sixth went in, and the next INFO is shed, far below 1000 events.
		assertThat(this.executor.queueSize()).isEqualTo(6);
		this.executor.submit(TestEvent.ofBytes(EventLevel.INFO, 7, 64));
		this.executor.submit(TestEvent.ofBytes(EventLevel.WARN, 8, 64));
		assertThat(this.executor.dropped(EventLevel.INFO, DropReason.DISCARDED)).isEqualTo(1);
		assertThat(this.executor.queueSize()).isEqualTo(7);
	}

	@Test
	void capacityThatIsNotAPowerOfTwoIsHeldExactly() {
		holdWorker(settings().capacity(5));
		submitInfo(1, 20);
		assertThat(this.executor.queueSize()).isEqualTo(5);
		assertThat(this.executor.dropped(EventLevel.INFO, DropReason.QUEUE_FULL)).isEqualTo(14);
	}

}
