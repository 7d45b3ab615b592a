package io.github.asynclogging.benchmarks;

import java.util.concurrent.TimeUnit;

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

/**
 * What logging an exception costs the calling thread (issue 14): {@code logger.error("Order {}
 * failed", "A-10042", e)} with {@code e} a 300-frame exception with two causes
 * ({@link DeepException}), against the same call without the exception, for synchronous Logback,
 * Logback's {@code AsyncAppender} and the starter, to the same do-nothing appender. Logback itself
 * builds the event's {@code ThrowableProxy} (a proxy per frame) on the caller in every configuration;
 * the starter adds its size estimate of the event ({@code LogbackEventTraits.estimatedBytes}, which
 * {@code EventSizeEstimateBenchmark} measures alone) and the hand-off.
 * <p>
 * One exception instance is logged over and over, as in a storm where every request fails the same
 * way. Lossless set-ups as in {@link CallerCostBenchmark}; the starter's queue is also bounded by
 * {@code queue-memory} (5 % of the 1 GB heap), which holds about 470 such events: when it is full,
 * the caller waits for room ({@code block}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@Threads(1)
public class ExceptionEventBenchmark {

	static final String FORMAT = "Order {} failed";

	static final int FRAMES = 300;

	@Param({ "LOGBACK_SYNC", "LOGBACK_ASYNC_APPENDER", "STARTER" })
	public String config;

	/** {@code PLAIN}: the call without the exception; {@code EXCEPTION}: with it. */
	@Param({ "PLAIN", "EXCEPTION" })
	public String event;

	private LogTarget target;

	private Throwable thrown;

	@Setup(Level.Trial)
	public void open() {
		this.target = switch (this.config) {
			case "LOGBACK_SYNC" -> LogbackTargets.sync(new NoOpAppender());
			case "LOGBACK_ASYNC_APPENDER" -> LogbackTargets.asyncAppender(new NoOpAppender(), false);
			case "STARTER" -> LogbackTargets.starter(new NoOpAppender(), LogbackTargets.losslessProperties());
			default -> throw new IllegalArgumentException(this.config);
		};
		this.thrown = "EXCEPTION".equals(this.event) ? DeepException.withTwoCauses(FRAMES) : null;
	}

	@TearDown(Level.Trial)
	public void stop() {
		System.out.println();
		System.out.println(this.target.stop());
	}

	@Benchmark
	public void log() {
		this.target.error(FORMAT, CallerCostBenchmark.ARGUMENT, this.thrown);
	}

}
