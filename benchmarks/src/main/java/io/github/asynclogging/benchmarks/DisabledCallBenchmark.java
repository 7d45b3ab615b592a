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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a call below the logger's level costs, and a level query: {@code logger.debug(...)} with the
 * logger at INFO, and {@code logger.isDebugEnabled()}, with synchronous Logback and with the starter
 * running (the same Logback context, the same logger). Nothing is written by either; what differs is
 * what Logback does before its level check when its turbo-filter list is not empty (for one and two
 * arguments it builds an {@code Object[]} for the chain) and what the starter's filter does there.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@Threads(1)
public class DisabledCallBenchmark {

	/** The logger of every target, at INFO through the root logger. */
	private static final String LOGGER_NAME = "bench.Orders";

	@Param({ "LOGBACK_SYNC", "STARTER" })
	public Configuration config;

	/** Fields, not constants, as an application's arguments are. */
	private Object argument = "A-10042";

	private Object secondArgument = "Lyon";

	private LogTarget target;

	private Logger logger;

	/**
	 * Synchronous Logback (no turbo filter), or the starter as its auto-configuration builds it.
	 */
	public enum Configuration {

		LOGBACK_SYNC,

		STARTER;

		LogTarget open() {
			return switch (this) {
				case LOGBACK_SYNC -> LogbackTargets.sync(new NoOpAppender());
				case STARTER -> LogbackTargets.starter(new NoOpAppender(), LogbackTargets.losslessProperties());
			};
		}

	}

	@Setup(Level.Trial)
	public void open() {
		this.target = this.config.open();
		this.logger = LoggerFactory.getLogger(LOGGER_NAME);
		if (this.logger.isDebugEnabled() || !this.logger.isInfoEnabled()) {
			throw new IllegalStateException("the logger is not at INFO");
		}
	}

	@TearDown(Level.Trial)
	public void stop() {
		System.out.println();
		System.out.println(this.target.stop());
	}

	/** {@code logger.debug("Order A-10042 shipped")}: no argument. */
	@Benchmark
	public void debugNoArgument() {
		this.logger.debug(CallerCostBenchmark.NO_ARGUMENT_MESSAGE);
	}

	/** {@code logger.debug("Order {} shipped", id)}: Logback's turbo path builds {@code new Object[]{id}}. */
	@Benchmark
	public void debugOneArgument() {
		this.logger.debug(CallerCostBenchmark.FORMAT, this.argument);
	}

	/** {@code logger.debug("Order {} shipped to {}", id, city)}: {@code new Object[]{id, city}} likewise. */
	@Benchmark
	public void debugTwoArguments() {
		this.logger.debug("Order {} shipped to {}", this.argument, this.secondArgument);
	}

	/** {@code logger.isDebugEnabled()}: Logback asks the turbo filters with no message. */
	@Benchmark
	public boolean isDebugEnabled() {
		return this.logger.isDebugEnabled();
	}

}
