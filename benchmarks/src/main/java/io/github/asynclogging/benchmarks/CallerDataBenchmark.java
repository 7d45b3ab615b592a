package io.github.asynclogging.benchmarks;

import java.util.concurrent.TimeUnit;

import io.github.asynclogging.autoconfigure.AsyncLoggingProperties;
import io.github.asynclogging.logback.IncludeCallerData;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
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
 * What capturing caller data (class, method, file, line) costs the calling thread (issue 12): the
 * starter with {@code include-caller-data} {@code false} and {@code true}, to the same do-nothing
 * appender, and Logback's {@code AsyncAppender} with {@code includeCallerData} off and on, which
 * captures it the same way (Logback's {@code LoggingEvent.getCallerData()}: a {@code Throwable}'s
 * stack trace, walked past the logging frames).
 * <p>
 * The capture takes the whole stack of the calling thread, so its cost grows with the stack's depth:
 * {@code depth} 0 logs from the benchmark method itself (JMH's own frames, about 10), 100 logs from
 * 100 nested calls deeper, about as deep as a Spring MVC controller's call is.
 * <p>
 * Mode: average time of one call, in ns, with one thread; the lossless set-up of
 * {@link CallerCostBenchmark} ({@code drop-policy: block}, no shedding, queue of 8192).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@Threads(1)
public class CallerDataBenchmark {

	@Param({ "STARTER", "LOGBACK_ASYNC_APPENDER" })
	public String config;

	@Param({ "false", "true" })
	public boolean callerData;

	@Param({ "0", "100" })
	public int depth;

	private LogTarget target;

	@Setup(Level.Trial)
	public void open() {
		if ("STARTER".equals(this.config)) {
			AsyncLoggingProperties properties = LogbackTargets.losslessProperties();
			properties.setIncludeCallerData(this.callerData ? IncludeCallerData.TRUE : IncludeCallerData.FALSE);
			this.target = LogbackTargets.starter(new NoOpAppender(), properties);
		}
		else {
			this.target = LogbackTargets.asyncAppender(new NoOpAppender(), false, this.callerData);
		}
	}

	@TearDown(Level.Trial)
	public void stop() {
		System.out.println();
		System.out.println(this.target.stop());
	}

	@Benchmark
	public void log() {
		if (this.depth == 0) {
			this.target.info(CallerCostBenchmark.FORMAT, CallerCostBenchmark.ARGUMENT);
		}
		else {
			nested(this.target, this.depth);
		}
	}

	/** A call {@code depth} frames down; never inlined, so that each level is a real frame. */
	@CompilerControl(CompilerControl.Mode.DONT_INLINE)
	private static void nested(LogTarget target, int depth) {
		if (depth == 0) {
			target.info(CallerCostBenchmark.FORMAT, CallerCostBenchmark.ARGUMENT);
		}
		else {
			nested(target, depth - 1);
		}
	}

}
