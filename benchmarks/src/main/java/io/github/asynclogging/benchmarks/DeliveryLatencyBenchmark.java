package io.github.asynclogging.benchmarks;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.github.asynclogging.metrics.AsyncLoggingMetrics;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * How long an event waits between the log call and its being written, by the starter's own timer:
 * the latency each worker reports through {@code AsyncLogExecutor.addLatencyListener}, which is what
 * feeds {@code async.logging.delivery.latency}. One caller logs an event every {@code intervalNanos}
 * (0: back to back, the queue full), so that the worker is busy, napping between events, or parked.
 * Between events the caller spins for short intervals and sleeps (parks) for those of
 * {@value #SLEEP_ABOVE_NANOS} ns and more, as an application thread would; a caller that kept its
 * core busy would also keep a woken worker from running on it.
 * <p>
 * The percentiles are printed when the trial ends: one line from an HdrHistogram of the measured
 * iterations only, one from the starter's Micrometer timer (which also saw the warm-up). The score
 * JMH reports is only the call rate.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@Threads(1)
public class DeliveryLatencyBenchmark {

	static final long SLEEP_ABOVE_NANOS = 100_000;

	@Param({ "0", "10000", "1000000" })
	public long intervalNanos;

	private LogbackTargets.StarterTarget target;

	private final Recorder recorder = new Recorder(TimeUnit.SECONDS.toNanos(60), 3);

	private final Histogram measured = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);

	private SimpleMeterRegistry registry;

	private boolean measuring;

	private long next;

	@Setup(Level.Trial)
	public void open() {
		this.target = LogbackTargets.starter(new NoOpAppender(), LogbackTargets.losslessProperties());
		this.registry = new SimpleMeterRegistry();
		this.registry.config().meterFilter(new MeterFilter() {
			@Override
			public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
				if (!id.getName().equals("async.logging.delivery.latency")) {
					return config;
				}
				return DistributionStatisticConfig.builder()
					.percentiles(0.5, 0.99, 0.999)
					.expiry(Duration.ofHours(1))
					.bufferLength(1)
					.build()
					.merge(config);
			}
		});
		new AsyncLoggingMetrics(this.target.executor()).bindTo(this.registry);
		this.target.executor().addLatencyListener(this.recorder::recordValue);
	}

	@Setup(Level.Iteration)
	public void startIteration(IterationParams iteration) {
		this.measuring = iteration.getType() == IterationType.MEASUREMENT;
		// Forget what the warm-up (or the pause between iterations) recorded.
		this.recorder.getIntervalHistogram();
		this.next = System.nanoTime();
	}

	@TearDown(Level.Iteration)
	public void endIteration() {
		Histogram iteration = this.recorder.getIntervalHistogram();
		if (this.measuring) {
			this.measured.add(iteration);
		}
	}

	@TearDown(Level.Trial)
	public void stop() {
		String stopped = this.target.stop();
		System.out.println();
		System.out.println(stopped);
		System.out.printf(Locale.ROOT,
				"delivery latency, interval %d ns, measured iterations (HdrHistogram): count=%d p50=%.1f us p99=%.1f us p99.9=%.1f us max=%.1f us%n",
				this.intervalNanos, this.measured.getTotalCount(), micros(this.measured.getValueAtPercentile(50)),
				micros(this.measured.getValueAtPercentile(99)), micros(this.measured.getValueAtPercentile(99.9)),
				micros(this.measured.getMaxValue()));
		Timer timer = this.registry.get("async.logging.delivery.latency").timer();
		HistogramSnapshot snapshot = timer.takeSnapshot();
		StringBuilder line = new StringBuilder("delivery latency, interval " + this.intervalNanos
				+ " ns, async.logging.delivery.latency timer (warm-up included): count=" + snapshot.count());
		for (ValueAtPercentile percentile : snapshot.percentileValues()) {
			line.append(String.format(Locale.ROOT, " p%s=%.1f us", trim(percentile.percentile() * 100),
					percentile.value(TimeUnit.MICROSECONDS)));
		}
		line.append(String.format(Locale.ROOT, " max=%.1f us", snapshot.max(TimeUnit.MICROSECONDS)));
		System.out.println(line);
	}

	@Benchmark
	public void logThenPause() {
		this.target.info(CallerCostBenchmark.FORMAT, CallerCostBenchmark.ARGUMENT);
		if (this.intervalNanos > 0) {
			this.next += this.intervalNanos;
			long left;
			while ((left = this.next - System.nanoTime()) > 0) {
				if (this.intervalNanos >= SLEEP_ABOVE_NANOS) {
					LockSupport.parkNanos(left);
				}
				else {
					Thread.onSpinWait();
				}
			}
		}
	}

	private static double micros(long nanos) {
		return nanos / 1000.0;
	}

	private static String trim(double percent) {
		return (percent == Math.rint(percent)) ? Long.toString((long) percent) : Double.toString(percent);
	}

}
