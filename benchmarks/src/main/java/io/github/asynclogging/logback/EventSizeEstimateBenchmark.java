package io.github.asynclogging.logback;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.github.asynclogging.benchmarks.DeepException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What the starter's size estimate of one event costs alone (issue 14):
 * {@code LogbackEventTraits.estimatedBytes}, package-private, reached from this package. The engine
 * calls it twice per event: on the caller when the event is offered, and on the worker when it
 * leaves the queue (to give its memory back).
 * <p>
 * The events are built once, as the caller would have left them (a {@code LoggingEvent} prepared by
 * the bridge's {@code EventCapture}: arguments that are values copied, the message not formatted), in
 * five shapes: no argument; one argument; ten arguments;
 * 20 MDC entries; one argument and a 300-frame exception with two causes ({@link DeepException}).
 * The estimate itself, in bytes, is printed at set-up.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@Threads(1)
public class EventSizeEstimateBenchmark {

	@Param({ "NO_ARGUMENT", "ONE_ARGUMENT", "TEN_ARGUMENTS", "MDC_20", "EXCEPTION_300_FRAMES_2_CAUSES" })
	public String shape;

	private ILoggingEvent event;

	@Setup(org.openjdk.jmh.annotations.Level.Trial)
	public void open() {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		Logger logger = context.getLogger("bench.Orders");
		String fqcn = Logger.class.getName();
		Level info = Level.INFO;
		LoggingEvent made = switch (this.shape) {
			case "NO_ARGUMENT" -> new LoggingEvent(fqcn, logger, info, "Order A-10042 shipped", null, null);
			case "ONE_ARGUMENT" -> new LoggingEvent(fqcn, logger, info, "Order {} shipped", null,
					new Object[] { "A-10042" });
			case "TEN_ARGUMENTS" -> new LoggingEvent(fqcn, logger, info, "{} {} {} {} {} {} {} {} {} {}", null,
					new Object[] { "A-10042", 42, 3.5, true, 'x', 7L, "EUR", 100, "shipped", 12 });
			case "MDC_20" -> withMdc(() -> new LoggingEvent(fqcn, logger, info, "Order {} shipped", null,
					new Object[] { "A-10042" }));
			case "EXCEPTION_300_FRAMES_2_CAUSES" -> new LoggingEvent(fqcn, logger, Level.ERROR, "Order {} failed",
					DeepException.withTwoCauses(300), new Object[] { "A-10042" });
			default -> throw new IllegalArgumentException(this.shape);
		};
		this.event = new EventCapture(false, CallerContext.NONE, context).prepare(made);
		System.out.println();
		System.out.println(this.shape + ": estimated " + LogbackEventTraits.INSTANCE.estimatedBytes(this.event)
				+ " bytes");
	}

	private static LoggingEvent withMdc(Supplier<LoggingEvent> event) {
		for (int i = 0; i < 20; i++) {
			MDC.put("key" + i, "value-" + i + "-0123456789");
		}
		try {
			LoggingEvent built = event.get();
			// The event reads the MDC when it is prepared: while the entries are there.
			built.getMDCPropertyMap();
			Map<String, String> mdc = built.getMDCPropertyMap();
			if (mdc.size() != 20) {
				throw new IllegalStateException("MDC not captured: " + mdc);
			}
			return built;
		}
		finally {
			MDC.clear();
		}
	}

	@Benchmark
	public long estimatedBytes() {
		return LogbackEventTraits.INSTANCE.estimatedBytes(this.event);
	}

}
