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
		int threads = 8;
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
				for (int i = 0; i < 100_000; i++) {
					int taken = 0;
					for (int event = 0; event < 2; event++) {
						DropReason refused = permits.take(stripe, 10);
						if (refused == null) {
							taken++;
						}
						else {
							refusals.computeIfAbsent(refused, (reason) -> new LongAdder()).increment();
						}
					}
					for (; taken > 0; taken--) {
						permits.release(10);
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
		assertThat(refusals).as("refusals by reason").containsKey(DropReason.MEMORY_FULL)
			.doesNotContainKey(DropReason.QUEUE_FULL);
	}

}
