package io.github.asynclogging.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.github.asynclogging.engine.Settings.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Callers that log while a stop drains are written, also those whose event lands between the drain
 * finding the queue empty and the close: the executor took charge of it (its submit returned
 * {@code true}), so it must not be swept as a {@code shutdown} drop by a stop that ran out of nothing
 * but events.
 */
class StopRaceTests {

	@Test
	@Timeout(value = 120, unit = TimeUnit.SECONDS)
	void everyEventTakenWhileAStopDrainsIsWrittenNoneSweptAsShutdown() throws Exception {
		for (int round = 0; round < 250; round++) {
			Set<Integer> written = ConcurrentHashMap.newKeySet();
			// Under block nothing is dropped for room: every event taken is to be written.
			AsyncLogExecutor<TestEvent> executor = settings().capacity(1024)
				.policy(DropPolicy.BLOCK)
				.blockTimeout(Duration.ofSeconds(10))
				.executor((event) -> written.add(event.seq()));
			executor.start();
			Set<Integer> taken = ConcurrentHashMap.newKeySet();
			AtomicInteger next = new AtomicInteger();
			AtomicBoolean running = new AtomicBoolean(true);
			List<Thread> callers = new ArrayList<>();
			for (int t = 0; t < 2; t++) {
				Thread caller = new Thread(() -> {
					while (running.get()) {
						int seq = next.getAndIncrement();
						if (executor.submit(TestEvent.info(seq))) {
							taken.add(seq);
						}
					}
				}, "stop-race-caller-" + t);
				callers.add(caller);
				caller.start();
			}
			await().until(() -> taken.size() > 100);
			executor.stop(Duration.ofSeconds(10));
			running.set(false);
			for (Thread caller : callers) {
				caller.join();
			}
			assertThat(executor.dropped(EventLevel.INFO, DropReason.SHUTDOWN)).as("round %d", round).isZero();
			assertThat(executor.dropped()).as("round %d", round).isZero();
			Set<Integer> lost = new java.util.HashSet<>(taken);
			lost.removeAll(written);
			assertThat(lost).as("round %d: taken, not written", round).isEmpty();
		}
	}

}
