package io.github.asynclogging.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bound a refusal names is the one that is short, also while other stripes take back unused
 * permits at the same time.
 */
class PermitsTests {

	@Test
	@Timeout(value = 60, unit = TimeUnit.SECONDS)
	void aQueueShortOfMemoryOnlySaysMemoryFullWhateverTheStripesDoAtOnce() throws Exception {
		int stripes = 4;
		// Room for 8,192 events but for only one of 10 units: memory alone refuses, and a thread that
		// holds one event always has its second refused, so every thread makes the stripes give back.
		Permits permits = new Permits(8192, 15 * Permits.UNIT_BYTES, stripes);
		Map<DropReason, LongAdder> refusals = takeAndGiveBack(permits, stripes, 8, 2, 10);
		assertThat(refusals).as("refusals by reason").containsKey(DropReason.MEMORY_FULL)
			.doesNotContainKey(DropReason.QUEUE_FULL);
	}

	/**
	 * Issue 24, point 5: the reason is the bound that refused, decided by the read that refused, not by
	 * a second read of the pool after an event was given back meanwhile.
	 */
	// Break seen failing: Permits.shortage reading the pool again after the refusal (the code of 49dc1dd).
	@Test
	@Timeout(value = 60, unit = TimeUnit.SECONDS)
	void aQueueShortOfEventsOnlySaysQueueFullWhileOtherThreadsGiveEventsBack() throws Exception {
		int stripes = 4;
		// Room for 8 events and for a million units: only the count can refuse.
		Permits permits = new Permits(8, 1_000_000L * Permits.UNIT_BYTES, stripes);
		Map<DropReason, LongAdder> refusals = takeAndGiveBack(permits, stripes, 8, 3, 1);
		assertThat(refusals).as("refusals by reason").containsKey(DropReason.QUEUE_FULL)
			.doesNotContainKey(DropReason.MEMORY_FULL);
	}

	/** Threads that each take {@code perRound} events of {@code units} at once, then give them back, round after round. */
	private static Map<DropReason, LongAdder> takeAndGiveBack(Permits permits, int stripes, int threads, int perRound,
			long units) throws InterruptedException {
		Map<DropReason, LongAdder> refusals = new ConcurrentHashMap<>();
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> takers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int stripe = t % stripes;
			Thread taker = new Thread(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				// At least 100,000 rounds, and on until refusals were seen: on a loaded machine the threads
				// may run one after the other for a while, and then nothing is short.
				for (int i = 0; i < 100_000 || (refusals.isEmpty() && i < 100_000_000); i++) {
					int taken = 0;
					for (int event = 0; event < perRound; event++) {
						DropReason refused = permits.take(stripe, units);
						if (refused == null) {
							taken++;
						}
						else {
							refusals.computeIfAbsent(refused, (reason) -> new LongAdder()).increment();
						}
					}
					for (; taken > 0; taken--) {
						permits.release(units);
					}
				}
			});
			takers.add(taker);
			taker.start();
		}
		start.countDown();
		for (Thread taker : takers) {
			taker.join();
		}
		return refusals;
	}

}
