package io.github.asynclogging.benchmarks;

import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;

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
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link CallerCostBenchmark}'s Logback configurations again, with two other do-nothing
 * destinations. {@code LOCKING} lets one event in at a time, as every Logback appender writing to a
 * stream or a file does: there, synchronous callers wait for each other. {@code CONSUMING} hands each
 * event to a JMH blackhole, so that the event counts as used, as it does for any real appender.
 * Throughput only.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class DestinationKindsBenchmark {

	@Param({ "LOCKING", "CONSUMING" })
	public Destination destination;

	@Param({ "LOGBACK_SYNC", "LOGBACK_ASYNC_APPENDER", "STARTER" })
	public Configuration config;

	private LogTarget target;

	/**
	 * The do-nothing destinations.
	 */
	public enum Destination {

		/** A {@link LockingNoOpAppender}. */
		LOCKING,

		/** A {@link ConsumingAppender}. */
		CONSUMING;

		Appender<ILoggingEvent> open(Blackhole blackhole) {
			return (this == LOCKING) ? new LockingNoOpAppender() : new ConsumingAppender(blackhole);
		}

	}

	/**
	 * The Logback configurations of {@link CallerCostBenchmark}.
	 */
	public enum Configuration {

		LOGBACK_SYNC, LOGBACK_ASYNC_APPENDER, STARTER;

		LogTarget open(Appender<ILoggingEvent> appender) {
			return switch (this) {
				case LOGBACK_SYNC -> LogbackTargets.sync(appender);
				case LOGBACK_ASYNC_APPENDER -> LogbackTargets.asyncAppender(appender, false);
				case STARTER -> LogbackTargets.starter(appender, LogbackTargets.losslessProperties());
			};
		}

	}

	@Setup(Level.Trial)
	public void open(Blackhole blackhole) {
		this.target = this.config.open(this.destination.open(blackhole));
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
