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
 * What a log call costs the thread that makes it, with every configuration writing to the same
 * do-nothing destination and none losing an event: a full queue makes the caller wait. Each
 * configuration runs in a JVM of its own.
 * <p>
 * Throughput is all callers' calls per microsecond; sample time is the distribution of single calls.
 */
@State(Scope.Benchmark)
@BenchmarkMode({ Mode.Throughput, Mode.SampleTime })
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class CallerCostBenchmark {

	/** A typical log line: a constant pattern and one argument. */
	static final String FORMAT = "Order {} shipped";

	/** A String, so that the harness boxes nothing. */
	static final Object ARGUMENT = "A-10042";

	/** The same line without an argument: nothing to format, on any thread. */
	static final String NO_ARGUMENT_MESSAGE = "Order A-10042 shipped";

	@Param({ "LOGBACK_SYNC", "LOGBACK_ASYNC_APPENDER", "STARTER", "LOG4J2_ASYNC_LOGGERS", "LOG4J2_ASYNC_APPENDER" })
	public Configuration config;

	/**
	 * {@code ONE_ARGUMENT}: {@code logger.info("Order {} shipped", "A-10042")}, whose message the
	 * starter formats on the caller (since f3ed16f; before, it left it to the worker when every
	 * argument was immutable) and Logback's {@code AsyncAppender} too; {@code NO_ARGUMENT}:
	 * {@code logger.info("Order A-10042 shipped")}, with nothing to format.
	 */
	@Param({ "ONE_ARGUMENT", "NO_ARGUMENT" })
	public String message;

	private boolean noArgument;

	private LogTarget target;

	/**
	 * The configurations under test; all lossless, all with a queue of 8192 events where there is one.
	 */
	public enum Configuration {

		/** Logback writing on the calling thread. */
		LOGBACK_SYNC,

		/** Logback's AsyncAppender, neverBlock=false, discardingThreshold=0. */
		LOGBACK_ASYNC_APPENDER,

		/** This starter, drop-policy block, no level shedding. */
		STARTER,

		/** Log4j2 with every logger asynchronous (LMAX Disruptor). */
		LOG4J2_ASYNC_LOGGERS,

		/** Log4j2's AsyncAppender, blocking. */
		LOG4J2_ASYNC_APPENDER,

		/**
		 * Two destinations (two do-nothing appenders on the root logger), each in front of a Logback
		 * AsyncAppender of its own, as LOGBACK_ASYNC_APPENDER. Not in the default list: {@code -p config=...}.
		 */
		LOGBACK_ASYNC_APPENDER_TWO,

		/**
		 * This starter with the same two destinations on the root logger, as STARTER: a lane each
		 * where the starter has lanes. Not in the default list: {@code -p config=...}.
		 */
		STARTER_TWO;

		LogTarget open() {
			return switch (this) {
				case LOGBACK_SYNC -> LogbackTargets.sync(new NoOpAppender());
				case LOGBACK_ASYNC_APPENDER -> LogbackTargets.asyncAppender(new NoOpAppender(), false);
				case STARTER -> LogbackTargets.starter(new NoOpAppender(), LogbackTargets.losslessProperties());
				case LOG4J2_ASYNC_LOGGERS -> Log4j2Targets.asyncLoggers();
				case LOG4J2_ASYNC_APPENDER -> Log4j2Targets.asyncAppender();
				case LOGBACK_ASYNC_APPENDER_TWO -> LogbackTargets.asyncAppenders(new NoOpAppender(), new NoOpAppender(),
						false);
				case STARTER_TWO -> LogbackTargets.starter(new NoOpAppender(), new NoOpAppender(),
						LogbackTargets.losslessProperties());
			};
		}

	}

	@Setup(Level.Trial)
	public void open() {
		this.target = this.config.open();
		this.noArgument = "NO_ARGUMENT".equals(this.message);
	}

	@TearDown(Level.Trial)
	public void stop() {
		System.out.println();
		System.out.println(this.target.stop());
	}

	@Benchmark
	@Threads(1)
	public void oneThread() {
		log();
	}

	@Benchmark
	@Threads(2)
	public void twoThreads() {
		log();
	}

	private void log() {
		if (this.noArgument) {
			this.target.info(NO_ARGUMENT_MESSAGE);
		}
		else {
			this.target.info(FORMAT, ARGUMENT);
		}
	}

}
