package io.github.asynclogging.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.asynclogging.autoconfigure.AsyncLoggingProperties;
import io.github.asynclogging.engine.AsyncLogExecutor;
import io.github.asynclogging.engine.DropPolicy;
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
 * What a log call costs when its event is dropped because the queue is full: the destination never
 * returns, so the one worker stays inside it, the queue fills up in the set-up and stays full, and
 * every measured call takes the full-queue path of its policy.
 * <p>
 * {@code block} waits its block timeout ({@value #BLOCK_TIMEOUT_MICROS} µs here) before it drops, so
 * its cost is that timeout by design. Logback's AsyncAppender with {@code neverBlock=true} is the
 * peer that drops instead of waiting.
 */
@State(Scope.Benchmark)
@BenchmarkMode({ Mode.Throughput, Mode.SampleTime })
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class DropPathBenchmark {

	static final long BLOCK_TIMEOUT_MICROS = 100;

	@Param({ "DROP_NEWEST", "DROP_OLDEST", "BLOCK", "LOGBACK_ASYNC_APPENDER_NEVER_BLOCK" })
	public String policy;

	private StuckAppender destination;

	private LogTarget target;

	@Setup(Level.Trial)
	public void open() throws InterruptedException {
		this.destination = new StuckAppender();
		AsyncLogExecutor<ILoggingEvent> executor = null;
		if (this.policy.startsWith("LOGBACK")) {
			this.target = LogbackTargets.asyncAppender(this.destination, true);
		}
		else {
			AsyncLoggingProperties properties = LogbackTargets.losslessProperties();
			properties.setDropPolicy(DropPolicy.valueOf(this.policy));
			properties.setBlockTimeout(Duration.ofNanos(TimeUnit.MICROSECONDS.toNanos(BLOCK_TIMEOUT_MICROS)));
			LogbackTargets.StarterTarget starter = LogbackTargets.starter(this.destination, properties);
			executor = starter.executor();
			this.target = starter;
		}
		// The worker takes the first event and stays in the destination; the next ones fill the queue.
		this.target.info(CallerCostBenchmark.FORMAT, CallerCostBenchmark.ARGUMENT);
		this.destination.awaitEntered();
		for (int i = 0; i < LogbackTargets.CAPACITY; i++) {
			this.target.info(CallerCostBenchmark.FORMAT, CallerCostBenchmark.ARGUMENT);
		}
		if (executor != null && executor.queueSize() != LogbackTargets.CAPACITY) {
			throw new IllegalStateException("queue not full: " + executor.queueSize());
		}
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.destination.release();
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
