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
 * {@link CallerCostBenchmark}'s Logback configurations again, with a do-nothing destination that
 * lets one event in at a time, as every Logback appender writing to a stream or a file does: there,
 * synchronous callers wait for each other. Throughput only.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class LockingDestinationBenchmark {

	@Param({ "LOGBACK_SYNC", "LOGBACK_ASYNC_APPENDER", "STARTER" })
	public Configuration config;

	private LogTarget target;

	/**
	 * The Logback configurations of {@link CallerCostBenchmark}, writing to a {@link LockingNoOpAppender}.
	 */
	public enum Configuration {

		LOGBACK_SYNC, LOGBACK_ASYNC_APPENDER, STARTER;

		LogTarget open() {
			return switch (this) {
				case LOGBACK_SYNC -> LogbackTargets.sync(new LockingNoOpAppender());
				case LOGBACK_ASYNC_APPENDER -> LogbackTargets.asyncAppender(new LockingNoOpAppender(), false);
				case STARTER -> LogbackTargets.starter(new LockingNoOpAppender(), LogbackTargets.losslessProperties());
			};
		}

	}

	@Setup(Level.Trial)
	public void open() {
		this.target = this.config.open();
	}

	@TearDown(Level.Trial)
	public void stop() {
		System.out.println();
		System.out.println(this.target.stop());
	}

	@Benchmark
	@Threads(1)
	public void oneThread() {
		this.target.info(CallerCostBenchmark.FORMAT, CallerCostBenchmark.ARGUMENT);
	}

	@Benchmark
	@Threads(2)
	public void twoThreads() {
		this.target.info(CallerCostBenchmark.FORMAT, CallerCostBenchmark.ARGUMENT);
	}

}
