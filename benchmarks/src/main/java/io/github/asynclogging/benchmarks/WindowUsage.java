package io.github.asynclogging.benchmarks;

import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time and context switches of every thread of the process between two snapshots, split by
 * what the thread is:
 * <ul>
 * <li><b>producer</b>: the application thread that logs;</li>
 * <li><b>logging</b>: the configuration's own threads (a worker), by their kernel name;</li>
 * <li><b>jvm</b>: every other thread of the JVM: GC, VM thread, periodic tasks;</li>
 * <li><b>jit</b>: the JIT's compiler threads, apart because compiling in the window is the tail of
 * the warm-up, not a cost that recurs every second;</li>
 * <li><b>harness</b>: the thread that takes the snapshots, apart because it is the measurement's
 * own cost.</li>
 * </ul>
 * The <b>process</b> figure is producer + logging + jvm: what the configuration costs every second
 * of a long run; <b>whole</b> adds jit and harness, everything the kernel counted.
 */
final class WindowUsage {

	/** A clock tick of {@code /proc}'s {@code stat} files: USER_HZ, 100 on Linux, a fixed ABI value. */
	private static final double TICK_MILLIS = 10.0;

	private final double seconds;

	private final Usage producer = new Usage();

	private final Usage logging = new Usage();

	private final Usage jvm = new Usage();

	private final Usage jit = new Usage();

	private final Usage harness = new Usage();

	/** By thread family ("GC Thread#0" and "GC Thread#1" are "GC Thread"). */
	private final Map<String, Usage> families = new TreeMap<>();

	private final long processTicks;

	private final long machineBusyTicks;

	private final long machineTicks;

	private final int threads;

	private final int threadsEnded;

	/** The configuration's own threads alive at the window's end, idle ones included. */
	private final int loggingThreads;

	/** Each of the configuration's own threads, by thread id: a worker's CPU is told from an idle one's. */
	private final Map<Integer, Usage> loggingByTid = new TreeMap<>();

	WindowUsage(ProcThreads.Snapshot before, ProcThreads.Snapshot after, int producerTid, int harnessTid,
			String loggingPrefix) {
		this.seconds = (after.nanoTime() - before.nanoTime()) / 1e9;
		this.processTicks = after.processTicks() - before.processTicks();
		this.machineBusyTicks = after.machineBusyTicks() - before.machineBusyTicks();
		this.machineTicks = after.machineTicks() - before.machineTicks();
		this.threads = after.tasks().size();
		this.threadsEnded = (int) before.tasks().keySet().stream().filter((tid) -> !after.tasks().containsKey(tid)).count();
		int logging = 0;
		for (ProcThreads.Task now : after.tasks().values()) {
			// A thread born in the window used in the window all it has used.
			ProcThreads.Task then = before.tasks()
				.getOrDefault(now.tid(), new ProcThreads.Task(now.tid(), now.name(), 0, 0, 0, 0));
			long cpu = now.cpuNanos() - then.cpuNanos();
			long switches = now.switches() - then.switches();
			String family;
			Usage kind;
			if (now.tid() == producerTid) {
				kind = this.producer;
				family = "(producer)";
			}
			else if (now.tid() == harnessTid) {
				kind = this.harness;
				family = "(harness)";
			}
			else {
				family = now.name().replaceAll("[#\\-]?\\d+$", "");
				if (loggingPrefix != null && now.name().startsWith(loggingPrefix)) {
					kind = this.logging;
					logging++;
					this.loggingByTid.put(now.tid(), new Usage().add(cpu, switches));
				}
				else if (ProcThreads.isCompiler(now)) {
					kind = this.jit;
				}
				else {
					kind = this.jvm;
				}
			}
			kind.add(cpu, switches);
			this.families.computeIfAbsent(family, (k) -> new Usage()).add(cpu, switches);
		}
		this.loggingThreads = logging;
	}

	/** The window's length. */
	double seconds() {
		return this.seconds;
	}

	/** Adds the figures, per second of the window, to a result line. */
	void addTo(JsonLine json) {
		Usage process = new Usage().add(this.producer).add(this.logging).add(this.jvm);
		Usage whole = new Usage().add(process).add(this.jit).add(this.harness);
		json.field("process_ms_per_s", process.millisPerSecond(this.seconds))
			.field("whole_ms_per_s", whole.millisPerSecond(this.seconds))
			.field("whole_ticks_ms_per_s", this.processTicks * TICK_MILLIS / this.seconds)
			.field("producer_ms_per_s", this.producer.millisPerSecond(this.seconds))
			.field("logging_ms_per_s", this.logging.millisPerSecond(this.seconds))
			.field("jvm_ms_per_s", this.jvm.millisPerSecond(this.seconds))
			.field("jit_ms_per_s", this.jit.millisPerSecond(this.seconds))
			.field("harness_ms_per_s", this.harness.millisPerSecond(this.seconds))
			.field("process_switches_per_s", process.switches / this.seconds)
			.field("producer_switches_per_s", this.producer.switches / this.seconds)
			.field("logging_switches_per_s", this.logging.switches / this.seconds)
			.field("jvm_switches_per_s", this.jvm.switches / this.seconds)
			// What the rest of the machine used meanwhile (2,000 ms/s = both vCPUs busy).
			.field("others_ms_per_s", (this.machineBusyTicks - this.processTicks) * TICK_MILLIS / this.seconds)
			.field("machine_busy_pct", 100.0 * this.machineBusyTicks / Math.max(1, this.machineTicks))
			.field("thread_count", this.threads)
			.field("threads_ended", this.threadsEnded)
			.field("logging_threads", this.loggingThreads);
	}

	/** Each of the configuration's own threads (by thread id, so in the order they started), idle ones included. */
	JsonLine loggingByThread() {
		JsonLine json = new JsonLine();
		this.loggingByTid.forEach((tid, usage) -> json.field(String.valueOf(tid),
				new JsonLine().field("ms_per_s", usage.millisPerSecond(this.seconds))
					.field("switches_per_s", usage.switches / this.seconds)));
		return json;
	}

	/** Per thread family, the families that did anything. */
	JsonLine byThread() {
		JsonLine json = new JsonLine();
		this.families.forEach((name, usage) -> {
			if (usage.cpuNanos > 0 || usage.switches > 0) {
				json.field(name, new JsonLine().field("ms_per_s", usage.millisPerSecond(this.seconds))
					.field("switches_per_s", usage.switches / this.seconds));
			}
		});
		return json;
	}

	/** CPU time and context switches of some threads. */
	private static final class Usage {

		long cpuNanos;

		long switches;

		Usage add(long cpuNanos, long switches) {
			this.cpuNanos += cpuNanos;
			this.switches += switches;
			return this;
		}

		Usage add(Usage other) {
			return add(other.cpuNanos, other.switches);
		}

		double millisPerSecond(double seconds) {
			return this.cpuNanos / 1e6 / seconds;
		}

	}

}
