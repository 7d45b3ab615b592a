package io.github.asynclogging.logback;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import io.github.asynclogging.engine.AsyncLogExecutor;
import io.github.asynclogging.engine.DropPolicy;
import io.github.asynclogging.engine.EventLevel;
import io.github.asynclogging.engine.ExecutorSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Thirty seconds of steady logging through the bridge to a real encoder and appender: the number
 * of live threads and the heap that survives a full collection stay flat. The suite's one long
 * test; everything else here takes a few seconds at most.
 */
class SustainedLoadTests {

	private static final int PRODUCERS = 2;

	/** Events a producer logs per millisecond: 2 producers x 6 = 12,000 events a second. */
	private static final int EVENTS_PER_MILLI = 6;

	private static final Duration RUN = Duration.ofSeconds(30);

	private static final int WINDOWS = 6;

	private static final int SAMPLES_PER_WINDOW = 5;

	/** What the heap left after a full collection may grow by from the first window to the last. */
	private static final long HEAP_MARGIN_BYTES = 8L * 1024 * 1024;

	private static final String WORKER_PREFIX = "sustained-worker-";

	private final LoggerContext context = new LoggerContext();

	private final LineCountingStream output = new LineCountingStream();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final List<Thread> producers = new ArrayList<>();

	private LogbackBridge bridge;

	@AfterEach
	void close() {
		this.running.set(false);
		Bridges.stop(this.bridge, this.context);
	}

	@Test
	@Timeout(value = 90, unit = TimeUnit.SECONDS)
	void twelveThousandEventsASecondForThirtySecondsKeepThreadsAndHeapFlat() {
		AsyncLogExecutor<ILoggingEvent> executor = startBridge();
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		startProducers(this.context.getLogger("app.sustained"));

		List<Integer> threadCounts = new ArrayList<>();
		List<Long> workerCounts = new ArrayList<>();
		long[] heapAfterGc = new long[WINDOWS];
		long windowNanos = RUN.toNanos() / WINDOWS;
		long started = System.nanoTime();
		for (int window = 0; window < WINDOWS; window++) {
			long windowStart = started + window * windowNanos;
			// Samples at even intervals; the producers run on, paced by their own clocks.
			for (int sample = 0; sample < SAMPLES_PER_WINDOW; sample++) {
				parkUntil(windowStart + sample * windowNanos / SAMPLES_PER_WINDOW);
				threadCounts.add(threads.getThreadCount());
				workerCounts.add(liveThreadsNamed(WORKER_PREFIX));
			}
			parkUntil(windowStart + windowNanos);
			System.gc();
			heapAfterGc[window] = memory.getHeapMemoryUsage().getUsed();
		}
		long elapsedNanos = System.nanoTime() - started;
		this.running.set(false);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.producers.stream().noneMatch(Thread::isAlive));

		long submitted = executor.submitted();
		double perSecond = submitted / (elapsedNanos / 1e9);
		String samples = "threads " + threadCounts + ", workers " + workerCounts + ", heap after GC "
				+ Arrays.toString(heapAfterGc) + ", " + (long) perSecond + " events/s";
		assertThat(perSecond).as("events a second (%s)", samples).isGreaterThanOrEqualTo(10_000);
		// One destination, one thread: its lane's worker routes what callers queue and writes it.
		assertThat(workerCounts).as("live workers (%s)", samples).containsOnly(1L);
		assertThat(threadCounts).as("live threads never above the first sample (%s)", samples)
			.allMatch((count) -> count <= threadCounts.get(0));
		assertThat(heapAfterGc[WINDOWS - 1]).as("heap of the last window (%s)", samples)
			.isLessThanOrEqualTo(heapAfterGc[0] + HEAP_MARGIN_BYTES);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(executor.delivered() + executor.failed() + executor.dropped())
				.as("delivered + failed + dropped, of %d submitted", submitted)
				.isEqualTo(submitted));
		assertThat(this.output.lines.sum()).as("lines the encoder wrote").isEqualTo(executor.delivered());
	}

	private AsyncLogExecutor<ILoggingEvent> startBridge() {
		this.context.setMDCAdapter(new LogbackMDCAdapter());
		this.context.start();
		PatternLayoutEncoder encoder = new PatternLayoutEncoder();
		encoder.setContext(this.context);
		encoder.setPattern("%d %5p [%X{tag:-}] [%t] %logger{36} : %m%n");
		encoder.start();
		OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
		appender.setName("OUT");
		appender.setContext(this.context);
		appender.setEncoder(encoder);
		appender.setOutputStream(this.output);
		appender.start();
		this.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
		ExecutorSettings settings = new ExecutorSettings(8192, 1, DropPolicy.DROP_NEWEST, Duration.ofMillis(100),
				EventLevel.INFO, 0.8, Duration.ofSeconds(30), ExecutorSettings.DEFAULTS.linger(),
				ExecutorSettings.DEFAULTS.queueMemory(), WORKER_PREFIX);
		this.bridge = Bridges.bridge(this.context, settings, List.of(), BridgeOptions.DEFAULTS);
		AsyncLogExecutor<ILoggingEvent> executor = this.bridge.executor();
		this.bridge.start();
		return executor;
	}

	private void startProducers(Logger logger) {
		for (int p = 0; p < PRODUCERS; p++) {
			String tag = "producer-" + p;
			Thread producer = new Thread(() -> {
				this.context.getMDCAdapter().put("tag", tag);
				long sent = 0;
				// Paced: a few events every millisecond, catching up if the thread was descheduled.
				for (long next = System.nanoTime(); this.running.get(); next += 1_000_000L) {
					parkUntil(next);
					for (int i = 0; i < EVENTS_PER_MILLI; i++) {
						logger.info("sustained event {} from {}", sent++, tag);
					}
				}
			}, "sustained-producer-" + p);
			this.producers.add(producer);
		}
		this.producers.forEach(Thread::start);
	}

	private static void parkUntil(long deadlineNanos) {
		for (long left = deadlineNanos - System.nanoTime(); left > 0; left = deadlineNanos - System.nanoTime()) {
			LockSupport.parkNanos(left);
		}
	}

	private static long liveThreadsNamed(String prefix) {
		return Thread.getAllStackTraces().keySet().stream()
			.filter((thread) -> thread.getName().startsWith(prefix) && thread.isAlive())
			.count();
	}

	/** Counts what the encoder writes without keeping it. */
	private static final class LineCountingStream extends OutputStream {

		final LongAdder lines = new LongAdder();

		@Override
		public void write(int b) {
			if (b == '\n') {
				this.lines.increment();
			}
		}

		@Override
		public void write(byte[] bytes, int offset, int length) {
			for (int i = offset; i < offset + length; i++) {
				if (bytes[i] == '\n') {
					this.lines.increment();
				}
			}
		}

	}

}
