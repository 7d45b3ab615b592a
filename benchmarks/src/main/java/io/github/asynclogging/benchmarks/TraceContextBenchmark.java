package io.github.asynclogging.benchmarks;

import java.util.concurrent.TimeUnit;

import io.github.asynclogging.autoconfigure.AsyncLoggingProperties;
import io.github.asynclogging.engine.DropPolicy;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
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
 * What carrying the caller's OpenTelemetry context to the worker costs a log call: the starter as in
 * {@link CallerCostBenchmark} (the do-nothing appender, a queue of 8192, no level shedding), with
 * carrying off (an application without OpenTelemetry), on without a current span, and on inside a
 * span.
 * <p>
 * Two queues: {@code BLOCK}, lossless as in {@link CallerCostBenchmark}, gives the sustained cost, in
 * which the caller waits for the worker, so it includes what the worker pays too (making the
 * caller's context current and closing it again around each event of a span); {@code DROP_NEWEST}
 * never makes the caller wait (what the queue cannot take is dropped), so it gives the caller's own
 * path: preparing the event, reading the context and, in a span, the object that carries it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class TraceContextBenchmark {

	@Param({ "NOT_CARRIED", "NO_SPAN", "IN_SPAN" })
	public Caller caller;

	@Param({ "BLOCK", "DROP_NEWEST" })
	public DropPolicy queue;

	private LogTarget target;

	/** Where the log call is made. */
	public enum Caller {

		/** Carrying off: what an application without OpenTelemetry on its class path runs. */
		NOT_CARRIED,

		/** Carrying on, no span current: the caller reads the root context and queues the event as it is. */
		NO_SPAN,

		/** Carrying on, inside a sampled span: the event is queued with the caller's context. */
		IN_SPAN

	}

	/** Each calling thread's span, current on that thread for the whole trial. */
	@State(Scope.Thread)
	public static class CallerSpan {

		private io.opentelemetry.context.Scope scope;

		@Setup(Level.Trial)
		public void enter(TraceContextBenchmark benchmark) {
			if (benchmark.caller == Caller.IN_SPAN) {
				SpanContext span = SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
						TraceFlags.getSampled(), TraceState.getDefault());
				this.scope = Context.root().with(Span.wrap(span)).makeCurrent();
			}
		}

		@TearDown(Level.Trial)
		public void leave() {
			if (this.scope != null) {
				this.scope.close();
			}
		}

	}

	@Setup(Level.Trial)
	public void open() {
		AsyncLoggingProperties properties = LogbackTargets.losslessProperties();
		properties.setDropPolicy(this.queue);
		this.target = LogbackTargets.starter(new NoOpAppender(), properties, this.caller != Caller.NOT_CARRIED);
	}

	@TearDown(Level.Trial)
	public void stop() {
		System.out.println();
		System.out.println(this.target.stop());
	}

	@Benchmark
	@Threads(1)
	public void oneThread(CallerSpan span) {
		this.target.info(CallerCostBenchmark.FORMAT, CallerCostBenchmark.ARGUMENT);
	}

	@Benchmark
	@Threads(2)
	public void twoThreads(CallerSpan span) {
		this.target.info(CallerCostBenchmark.FORMAT, CallerCostBenchmark.ARGUMENT);
	}

}
