package io.github.asynclogging.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The capacity is exact over all stripes, one stripe can fill all of it, and no permit is lost or
 * made up, whatever the threads do.
 */
class StripedQueueTests {

	private static final int CAPACITY = 8192;

	@Test
	void twoProcessorsGetFourStripesAndAMillionSlotQueueGetsOne() {
		assertThat(StripedQueue.stripesFor(CAPACITY, 1)).isEqualTo(2);
		assertThat(StripedQueue.stripesFor(CAPACITY, 2)).isEqualTo(4);
		assertThat(StripedQueue.stripesFor(CAPACITY, 3)).isEqualTo(8);
		assertThat(StripedQueue.stripesFor(CAPACITY, 64)).isEqualTo(16);
		assertThat(StripedQueue.stripesFor(1 << 18, 64)).isEqualTo(4);
		assertThat(StripedQueue.stripesFor(1 << 20, 64)).isEqualTo(1);
		assertThat(StripedQueue.stripesFor(1 << 30, 64)).isEqualTo(1);
	}

	@Test
	void oneStripeFillsTheWholeCapacityWhileTheOthersHoldPermitsTheyDoNotUse() {
		StripedQueue<Integer> queue = new StripedQueue<>(CAPACITY, 2);
		// Each of these takes a chunk of permits from the pool and keeps all but one.
		assertThat(queue.offer(-1, 1)).isTrue();
		assertThat(queue.offer(-2, 2)).isTrue();
		assertThat(queue.offer(-3, 3)).isTrue();
		int accepted = 0;
		while (queue.offer(accepted, 0)) {
			accepted++;
		}
		assertThat(accepted).isEqualTo(CAPACITY - 3);
		assertThat(queue.size()).isEqualTo(CAPACITY);
		for (int stripe = 0; stripe < 4; stripe++) {
			assertThat(queue.offer(0, stripe)).as("stripe %d, queue full", stripe).isFalse();
		}
	}

	@Test
	void aCapacityThatIsNotAPowerOfTwoIsExact() {
		StripedQueue<Integer> queue = new StripedQueue<>(5, 2);
		int accepted = 0;
		for (int i = 0; i < 20; i++) {
			accepted += queue.offer(i, i) ? 1 : 0;
		}
		assertThat(accepted).isEqualTo(5);
		assertThat(queue.size()).isEqualTo(5);
	}

	@Test
	void everyEventTakenGivesRoomForOneMore() {
		StripedQueue<Integer> queue = new StripedQueue<>(CAPACITY, 2);
		while (queue.offer(0, 0)) {
			// Fill it.
		}
		assertThat(queue.poll(0)).isNotNull();
		assertThat(queue.pollOldest((event) -> 0)).isNotNull();
		assertThat(queue.offer(1, 3)).isTrue();
		assertThat(queue.offer(2, 2)).isTrue();
		assertThat(queue.offer(3, 1)).isFalse();
	}

	@Test
	void theFillSheddingReadsIsAboveTheTrueSizeByAtMostAThirtySecondOfTheCapacity() {
		StripedQueue<Integer> queue = new StripedQueue<>(CAPACITY, 2);
		for (int stripe = 0; stripe < 4; stripe++) {
			queue.offer(stripe, stripe);
		}
		assertThat(queue.size()).isEqualTo(4);
		assertThat(queue.sizeUpperBound()).isBetween(4, 4 + CAPACITY / 32);
		// Under 64 events per stripe, stripes take one permit at a time: the bound is the size.
		StripedQueue<Integer> small = new StripedQueue<>(255, 2);
		for (int stripe = 0; stripe < 4; stripe++) {
			small.offer(stripe, stripe);
		}
		assertThat(small.sizeUpperBound()).isEqualTo(4);
	}

	@Test
	void pollOldestTakesTheOldestHeadOfAllStripes() {
		StripedQueue<Long> queue = new StripedQueue<>(CAPACITY, 2);
		queue.offer(30L, 0);
		queue.offer(10L, 1);
		queue.offer(40L, 1);
		queue.offer(20L, 2);
		assertThat(queue.pollOldest(Long::longValue)).isEqualTo(10L);
		assertThat(queue.pollOldest(Long::longValue)).isEqualTo(20L);
		assertThat(queue.pollOldest(Long::longValue)).isEqualTo(30L);
		assertThat(queue.pollOldest(Long::longValue)).isEqualTo(40L);
		assertThat(queue.pollOldest(Long::longValue)).isNull();
	}

	@Test
	void pollLooksAtEveryStripeFromTheOneAsked() {
		StripedQueue<Integer> queue = new StripedQueue<>(CAPACITY, 2);
		queue.offer(1, 1);
		queue.offer(3, 3);
		assertThat(queue.poll(2)).isEqualTo(3);
		assertThat(queue.poll(2)).isEqualTo(1);
		assertThat(queue.poll(2)).isNull();
		assertThat(queue.isEmpty()).isTrue();
	}

	/**
	 * Producers on every stripe race each other and a consumer around a full queue, taking and taking
	 * back permits; afterwards one stripe must again hold exactly the capacity, so that a permit lost
	 * or counted twice on the way shows.
	 */
	@Test
	@Timeout(value = 60, unit = TimeUnit.SECONDS)
	void noPermitIsLostOrMadeUpUnderContention() throws InterruptedException {
		int capacity = 1000;
		StripedQueue<Integer> queue = new StripedQueue<>(capacity, 4);
		int producers = 6;
		int perProducer = 200_000;
		LongAdder accepted = new LongAdder();
		LongAdder taken = new LongAdder();
		AtomicInteger largestSeen = new AtomicInteger();
		AtomicBoolean producing = new AtomicBoolean(true);
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> threads = new ArrayList<>();
		for (int p = 0; p < producers; p++) {
			int stripe = p;
			threads.add(new Thread(() -> {
				await(start);
				for (int i = 0; i < perProducer; i++) {
					if (queue.offer(i, stripe)) {
						accepted.increment();
					}
				}
			}));
		}
		Thread consumer = new Thread(() -> {
			await(start);
			int first = 0;
			while (producing.get() || !queue.isEmpty()) {
				largestSeen.accumulateAndGet(queue.size(), Math::max);
				// Takes in bursts, so that the queue runs full and empty in turn.
				for (int i = 0; i < 300; i++) {
					if (queue.poll(first++) != null) {
						taken.increment();
					}
				}
			}
		});
		threads.forEach(Thread::start);
		consumer.start();
		start.countDown();
		for (Thread producer : threads) {
			producer.join();
		}
		producing.set(false);
		consumer.join();

		assertThat(taken.sum()).isEqualTo(accepted.sum());
		assertThat(accepted.sum()).as("some offers found the queue full").isLessThan((long) producers * perProducer);
		assertThat(largestSeen.get()).isLessThanOrEqualTo(capacity);
		int refilled = 0;
		while (queue.offer(refilled, 0)) {
			refilled++;
		}
		assertThat(refilled).as("permits after the race").isEqualTo(capacity);
	}

	private static void await(CountDownLatch start) {
		try {
			start.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
