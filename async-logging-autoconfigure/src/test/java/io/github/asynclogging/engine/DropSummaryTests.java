package io.github.asynclogging.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static io.github.asynclogging.engine.Settings.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The periodic drop summary: a drop counted while the worker that says it is idle (parked without a
 * timer, nothing to say) is said when due, not when the next event happens to wake the worker; and
 * drops racing with the summary are each said once, in lines that never say zero.
 */
class DropSummaryTests {

	// Break seen failing: wakeSummarisingWorker doing nothing (also failed before it existed).
	@Test
	void aDropWhileTheWorkerIsIdleIsSummarisedWithinAFewIntervals() {
		List<String> warnings = new CopyOnWriteArrayList<>();
		AsyncLogExecutor<TestEvent> executor = new AsyncLogExecutor<>(
				settings().queueMemory(4096).warningInterval(Duration.ofMillis(100)).build(), (event) -> {
				}, TestEvent.TRAITS, warnings::add);
		executor.start();
		try {
			Thread worker = WorkerThreads.named("test-worker-1");
			await().until(() -> worker.getState() == Thread.State.WAITING);
			// Larger than the whole memory bound: dropped at once, as one huge stack trace would be.
			executor.submit(TestEvent.ofBytes(EventLevel.ERROR, 0, 1_000_000));
			assertThat(executor.dropped(EventLevel.ERROR, DropReason.MEMORY_FULL)).isEqualTo(1);
			await().atMost(Duration.ofSeconds(3)).until(() -> warnings.size() == 1);
		}
		finally {
			executor.stop(Duration.ofSeconds(1));
		}
	}

	/**
	 * Drops racing with the summary: every line says a positive number of drops, and the lines and the
	 * stop's last line together say every drop exactly once.
	 */
	@Test
	void dropsRacingWithTheSummaryAreEachSaidOnceAndNoLineSaysZero() throws Exception {
		List<String> warnings = new CopyOnWriteArrayList<>();
		AsyncLogExecutor<TestEvent> executor = new AsyncLogExecutor<>(
				settings().capacity(16).warningInterval(Duration.ofMillis(1)).build(), (event) -> {
				}, TestEvent.TRAITS, warnings::add);
		executor.start();
		List<Thread> callers = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			Thread caller = new Thread(() -> {
				for (int i = 0; i < 300_000; i++) {
					executor.submit(TestEvent.info(i));
				}
			});
			callers.add(caller);
			caller.start();
		}
		for (Thread caller : callers) {
			caller.join();
		}
		StopReport report = executor.stop(Duration.ofSeconds(10));
		List<String> lines = new ArrayList<>(warnings);
		if (report.lastDropSummary() != null) {
			lines.add(report.lastDropSummary());
		}
		Pattern said = Pattern.compile("dropped (\\d+) log events");
		long total = 0;
		for (String line : lines) {
			Matcher matcher = said.matcher(line);
			assertThat(matcher.find()).as(line).isTrue();
			long count = Long.parseLong(matcher.group(1));
			assertThat(count).as("a line of %d", lines.size()).isPositive();
			total += count;
		}
		assertThat(executor.dropped()).isPositive();
		assertThat(total).as("drops said in %d lines", lines.size()).isEqualTo(executor.dropped());
	}

}
