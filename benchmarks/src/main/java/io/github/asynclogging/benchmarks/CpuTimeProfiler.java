package io.github.asynclogging.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time per operation, by the threads' own clocks ({@code ThreadMXBean.getThreadCpuTime}), where
 * JMH's scores are wall time. On a machine whose CPUs other processes keep busy, a benchmark thread
 * waits for a CPU as long as it runs, and its wall time per call says more about the machine's load
 * than about the call; the CPU time it spent does not include that wait.
 * <p>
 * Per measured operation, in ns: {@code cpu.caller} (the benchmark's own threads, JMH's
 * {@code jmh-worker}s: what the call costs the thread that makes it), {@code cpu.logging} (the
 * logging library's own threads: the starter's {@code async-logging-worker-*}, Logback's
 * {@code AsyncAppender-Worker-*}, Log4j2's {@code Log4j2-*}) and {@code cpu.process} (the whole JVM,
 * JIT, GC and JMH's own threads included). Counted from the start to the end of each iteration,
 * JMH's synchronisation of the threads at its edges included, so a little above the steady state.
 * Per thousand operations: {@code switches.caller} and {@code switches.logging}, the context
 * switches of the same threads (see {@link #switchesSince}).
 * <p>
 * Use: {@code -prof io.github.asynclogging.benchmarks.CpuTimeProfiler}.
 */
public final class CpuTimeProfiler implements InternalProfiler {

	private static final String[] LOGGING_PREFIXES = { "async-logging-worker", "AsyncAppender-Worker", "Log4j2-" };

	private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private final com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
		.getOperatingSystemMXBean();

	private Map<Long, Long> before = new HashMap<>();

	private long processBefore;

	private ProcThreads.Snapshot switchesBefore;

	@Override
	public String getDescription() {
		return "CPU time per operation of the calling threads, the logging threads and the process";
	}

	@Override
	public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
		this.before = cpuByThread();
		this.processBefore = this.os.getProcessCpuTime();
		this.switchesBefore = ProcThreads.take();
	}

	@Override
	public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
			IterationParams iterationParams, IterationResult result) {
		long process = this.os.getProcessCpuTime() - this.processBefore;
		long caller = 0;
		long logging = 0;
		long[] ids = this.threads.getAllThreadIds();
		ThreadInfo[] infos = this.threads.getThreadInfo(ids);
		for (int i = 0; i < ids.length; i++) {
			if (infos[i] == null) {
				continue;
			}
			long now = this.threads.getThreadCpuTime(ids[i]);
			if (now < 0) {
				continue;
			}
			long used = now - this.before.getOrDefault(ids[i], 0L);
			String name = infos[i].getThreadName();
			if (name.contains("jmh-worker")) {
				caller += used;
			}
			else if (isLogging(name)) {
				logging += used;
			}
		}
		long ops = Math.max(1, result.getMetadata().getMeasuredOps());
		List<Result> results = new ArrayList<>();
		results.add(new ScalarResult("cpu.caller", (double) caller / ops, "ns/op", AggregationPolicy.AVG));
		results.add(new ScalarResult("cpu.logging", (double) logging / ops, "ns/op", AggregationPolicy.AVG));
		results.add(new ScalarResult("cpu.process", (double) process / ops, "ns/op", AggregationPolicy.AVG));
		long[] switches = switchesSince(this.switchesBefore, ProcThreads.take());
		results.add(new ScalarResult("switches.caller", 1000.0 * switches[0] / ops, "#/1000 ops", AggregationPolicy.AVG));
		results.add(new ScalarResult("switches.logging", 1000.0 * switches[1] / ops, "#/1000 ops", AggregationPolicy.AVG));
		return results;
	}

	/**
	 * Context switches, voluntary and not, of the calling threads and of the logging threads, as the
	 * kernel names them ({@code comm}, 15 characters: a JMH worker's name begins with the benchmark's
	 * package). A thread that parks for room or for work switches once per park: where two builds cost
	 * the same per event on the CPU, this says whether they wait differently.
	 */
	private static long[] switchesSince(ProcThreads.Snapshot before, ProcThreads.Snapshot after) {
		long[] switches = new long[2];
		for (ProcThreads.Task task : after.tasks().values()) {
			ProcThreads.Task earlier = before.tasks().get(task.tid());
			long count = task.switches() - ((earlier != null) ? earlier.switches() : 0);
			if (task.name().startsWith("io.github.async")) {
				switches[0] += count;
			}
			else if (task.name().startsWith("async-logging-w") || task.name().startsWith("AsyncAppender-W")
					|| isLogging(task.name())) {
				switches[1] += count;
			}
		}
		return switches;
	}

	private Map<Long, Long> cpuByThread() {
		Map<Long, Long> cpu = new HashMap<>();
		for (long id : this.threads.getAllThreadIds()) {
			long used = this.threads.getThreadCpuTime(id);
			if (used >= 0) {
				cpu.put(id, used);
			}
		}
		return cpu;
	}

	private static boolean isLogging(String name) {
		for (String prefix : LOGGING_PREFIXES) {
			if (name.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

}
