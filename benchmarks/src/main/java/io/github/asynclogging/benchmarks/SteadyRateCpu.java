package io.github.asynclogging.benchmarks;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.asynclogging.benchmarks.SteadyRateTargets.Configuration;
import io.github.asynclogging.benchmarks.SteadyRateTargets.Destination;
import io.github.asynclogging.benchmarks.SteadyRateTargets.RateTarget;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What logging at an ordinary, steady rate costs the whole machine: one configuration, one rate,
 * one destination, in this JVM. One application thread ({@link SteadyProducer}) logs one event
 * every 1/rate seconds and sleeps in between, as a request thread would; after a warm-up, two
 * snapshots of {@code /proc/self/task/*} a window apart give the CPU time and context switches of
 * every thread of the process ({@link WindowUsage}).
 * <p>
 * Prints one JSON line on standard output; {@code benchmarks/steady-rate.sh} runs every
 * configuration in a JVM of its own and {@code benchmarks/steady_rate_table.py} makes the tables.
 * <p>
 * Arguments: {@code --config STARTER [--destination NOOP|FILE] [--rate 1000] [--prewarm 2]
 * [--warmup 60] [--max-warmup 75] [--window 8] [--round 1] [--linger 2ms]}, times in seconds but
 * {@code --linger}: the starter's {@code async-logging.linger} ({@code 0}, {@code 500us}, {@code 1ms},
 * {@code 5ms}; without it, the property's default). Warm-up, in order:
 * <ol>
 * <li>the pre-warm logs at 10,000 events/s whatever the rate, so that the JIT compiles the logging
 * path with a full profile (at 100 events/s it would stay interpreted or in C1 for a minute);</li>
 * <li>then at least {@code --warmup} seconds at the rate itself, so that the window starts in the
 * steady state of that rate: a worker that parks between events runs its wake-up code once per
 * wake-up, a few hundred times a second, and C2 compiles it only after thousands of calls (the
 * starter's worker loop after 48 s at 100 events/s, 19 s at 1,000/s);</li>
 * <li>then until the JIT's queue is empty at two checks half a second apart, at most until
 * {@code --max-warmup} seconds after the start: code compiled for 10,000 events/s is often
 * recompiled when the rate drops (a branch it never took), and that belongs to the warm-up.</li>
 * </ol>
 */
public final class SteadyRateCpu {

	static final int PREWARM_RATE = 10_000;

	private SteadyRateCpu() {
	}

	public static void main(String[] args) throws Exception {
		Options options = Options.parse(args);
		Path directory = Files.createTempDirectory("steady-rate-");
		try {
			System.out.println(run(options, directory));
		}
		finally {
			deleteTree(directory);
		}
	}

	private static JsonLine run(Options options, Path directory) throws InterruptedException {
		Configuration configuration = options.configuration;
		RateTarget target = SteadyRateTargets.open(configuration, options.destination, directory, options.linger);
		Recorder latency = new Recorder(TimeUnit.MINUTES.toNanos(1), 3);
		int harnessTid = ProcThreads.currentTid();
		long start = System.nanoTime();
		int rate = (configuration == Configuration.IDLE) ? 0 : options.rate;
		long prewarmEnd = start + nanos((rate > 0) ? options.prewarmSeconds : 0);
		SteadyProducer producer = new SteadyProducer(target, rate, PREWARM_RATE, prewarmEnd);
		Thread thread = new Thread(producer, "producer");
		thread.start();
		int producerTid = producer.awaitTid();
		// The measuring code's own first (interpreted, class-loading) runs, kept out of the window.
		for (int i = 0; i < 20; i++) {
			JvmCounters.read();
			ProcThreads.take();
			target.deliveredSoFar();
			JitQueue.isIdle();
		}
		sleepUntil(prewarmEnd);
		awaitWarm(prewarmEnd + nanos(options.warmupSeconds), start + nanos(options.maxWarmupSeconds));
		double warmupSeconds = (System.nanoTime() - start) / 1e9;
		// Every window starts with an empty young generation, so that a collection in the window is
		// one the configuration's own allocation caused, not the warm-up's or the harness's.
		System.gc();

		JvmCounters jvmBefore = JvmCounters.read();
		long producedBefore = producer.produced();
		long deliveredBefore = target.deliveredSoFar();
		ProcThreads.Snapshot before = ProcThreads.take();
		sleepUntil(before.nanoTime() + nanos(options.windowSeconds));
		ProcThreads.Snapshot after = ProcThreads.take();
		long deliveredAfter = target.deliveredSoFar();
		long producedAfter = producer.produced();
		JvmCounters jvmAfter = JvmCounters.read();
		// The delivery latency in a window of its own, after the CPU's: recording each event's latency
		// cost the starter's worker more than writing the event (about 13 us an event at 100 events/s,
		// the histogram's cache lines cold after each park), a cost of this benchmark's, which
		// AsyncAppender, measured without one, would not pay.
		Histogram latencies = null;
		if (target.reportsLatency()) {
			target.onLatency(latency::recordValue);
			latency.getIntervalHistogram();
			sleepUntil(System.nanoTime() + nanos(options.windowSeconds));
			latencies = latency.getIntervalHistogram();
		}

		producer.stop();
		thread.join();
		String stopped = target.stop();

		WindowUsage usage = new WindowUsage(before, after, producerTid, harnessTid, target.threadPrefix());
		double window = usage.seconds();
		JsonLine json = new JsonLine().field("config", configuration.name())
			.field("label", configuration.label)
			.field("destination", configuration.logs() ? options.destination.name() : "-")
			.field("rate", rate)
			.field("round", options.round)
			.field("linger", (configuration == Configuration.STARTER) ? options.lingerText : null)
			.field("java", Runtime.version().toString())
			.field("warmup_s", warmupSeconds)
			.field("window_s", window)
			.field("events_per_s", (producedAfter - producedBefore) / window)
			.field("delivered_per_s", (deliveredAfter - deliveredBefore) / window);
		usage.addTo(json);
		json.field("gc_count", jvmAfter.gcCount() - jvmBefore.gcCount())
			.field("gc_ms", jvmAfter.gcMillis() - jvmBefore.gcMillis())
			.field("jit_compile_ms", jvmAfter.jitMillis() - jvmBefore.jitMillis());
		if (latencies != null && latencies.getTotalCount() > 0) {
			json.field("latency_count", latencies.getTotalCount())
				.field("latency_p50_us", latencies.getValueAtPercentile(50) / 1e3)
				.field("latency_p99_us", latencies.getValueAtPercentile(99) / 1e3)
				.field("latency_p999_us", latencies.getValueAtPercentile(99.9) / 1e3)
				.field("latency_max_us", latencies.getMaxValue() / 1e3);
		}
		return json.field("produced", producer.produced())
			.field("delivered", target.deliveredInAll())
			.field("stopped", stopped)
			.field("threads", usage.byThread())
			.field("logging_by_tid", usage.loggingByThread());
	}

	/**
	 * Waits, half a second at a time, until {@code minimumEnd} has passed and the JIT's queue was
	 * empty at two checks in a row, or until {@code deadline}.
	 */
	private static void awaitWarm(long minimumEnd, long deadline) throws InterruptedException {
		boolean idleBefore = false;
		while (System.nanoTime() - deadline < 0) {
			TimeUnit.MILLISECONDS.sleep(500);
			boolean idle = JitQueue.isIdle();
			if (idle && idleBefore && System.nanoTime() - minimumEnd >= 0) {
				return;
			}
			idleBefore = idle;
		}
	}

	private static long nanos(double seconds) {
		return (long) (seconds * 1e9);
	}

	private static void sleepUntil(long deadline) throws InterruptedException {
		long left;
		while ((left = deadline - System.nanoTime()) > 0) {
			TimeUnit.NANOSECONDS.sleep(left);
		}
	}

	private static void deleteTree(Path directory) throws IOException {
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

	/**
	 * The JVM's own view of GC and JIT activity, to show when either landed in the window.
	 */
	private record JvmCounters(long gcCount, long gcMillis, long jitMillis) {

		static JvmCounters read() {
			long count = 0;
			long millis = 0;
			for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
				count += Math.max(0, gc.getCollectionCount());
				millis += Math.max(0, gc.getCollectionTime());
			}
			return new JvmCounters(count, millis, ManagementFactory.getCompilationMXBean().getTotalCompilationTime());
		}

	}

	/**
	 * The command line.
	 */
	static final class Options {

		Configuration configuration;

		Destination destination = Destination.NOOP;

		int rate = 1000;

		double prewarmSeconds = 2;

		double warmupSeconds = 60;

		double maxWarmupSeconds = 75;

		double windowSeconds = 8;

		int round = 1;

		/** The starter's linger, or {@code null}: the property's default. */
		Duration linger;

		/** {@link #linger} as given on the command line, for the result line. */
		String lingerText;

		static Options parse(String[] args) {
			Options options = new Options();
			for (int i = 0; i + 1 < args.length; i += 2) {
				String value = args[i + 1];
				switch (args[i]) {
					case "--config" -> options.configuration = Configuration.valueOf(value);
					case "--destination" -> options.destination = Destination.valueOf(value);
					case "--rate" -> options.rate = Integer.parseInt(value);
					case "--prewarm" -> options.prewarmSeconds = Double.parseDouble(value);
					case "--warmup" -> options.warmupSeconds = Double.parseDouble(value);
					case "--max-warmup" -> options.maxWarmupSeconds = Double.parseDouble(value);
					case "--window" -> options.windowSeconds = Double.parseDouble(value);
					case "--round" -> options.round = Integer.parseInt(value);
					case "--linger" -> {
						options.linger = duration(value);
						options.lingerText = value;
					}
					default -> throw new IllegalArgumentException("unknown option " + args[i]);
				}
			}
			if (options.configuration == null || args.length % 2 != 0) {
				throw new IllegalArgumentException("usage: --config " + Arrays.toString(Configuration.values())
						+ " [--destination NOOP|FILE] [--rate events/s] [--prewarm s] [--warmup s] [--max-warmup s]"
						+ " [--window s] [--round n] [--linger 0|500us|2ms|...]");
			}
			return options;
		}

		/** A duration as the starter's properties take it in short form: {@code 0}, {@code 500us}, {@code 2ms}, {@code 1s}. */
		static Duration duration(String text) {
			Matcher matcher = Pattern.compile("(\\d+)(ns|us|ms|s)?").matcher(text.trim());
			if (!matcher.matches()) {
				throw new IllegalArgumentException("not a duration: " + text + " (e.g. 0, 500us, 2ms)");
			}
			long amount = Long.parseLong(matcher.group(1));
			String unit = (matcher.group(2) != null) ? matcher.group(2) : "ms";
			return switch (unit) {
				case "ns" -> Duration.ofNanos(amount);
				case "us" -> Duration.ofNanos(amount * 1000);
				case "s" -> Duration.ofSeconds(amount);
				default -> Duration.ofMillis(amount);
			};
		}

	}

}
