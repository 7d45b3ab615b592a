package io.github.asynclogging.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What Linux says each thread of this process has used: one snapshot of {@code /proc/self/task/*}.
 * Read from inside the JVM, so that the window it measures is exactly the one the benchmark chose;
 * reading about a hundred small files costs the reading thread a millisecond or two, the same in
 * every configuration.
 * <p>
 * CPU time comes from {@code schedstat} (nanoseconds on the CPU, user and system together), because
 * {@code stat}'s clock ticks (10 ms here) are too coarse for a thread that uses a few milliseconds in
 * a window; the ticks are kept as a cross-check, and the process's own {@code stat} line also counts
 * threads that ended during the window.
 */
final class ProcThreads {

	private static final Path TASKS = Path.of("/proc/self/task");

	private ProcThreads() {
	}

	/**
	 * One thread's counters.
	 * @param tid the kernel's thread id
	 * @param name the thread's name as the kernel has it ({@code comm}: at most 15 characters)
	 * @param cpuNanos time on the CPU, from {@code schedstat}
	 * @param cpuTicks user + system clock ticks, from {@code stat}
	 * @param voluntarySwitches times the thread gave up the CPU (parked, slept, waited on I/O)
	 * @param involuntarySwitches times the scheduler took the CPU away from it
	 */
	record Task(int tid, String name, long cpuNanos, long cpuTicks, long voluntarySwitches,
			long involuntarySwitches) {

		long switches() {
			return this.voluntarySwitches + this.involuntarySwitches;
		}

	}

	/**
	 * Every thread of the process at one instant, and the process's own tick count.
	 * @param nanoTime {@link System#nanoTime()} just before the reading began
	 * @param tasks the threads, by thread id
	 * @param processTicks user + system ticks of the whole process, ended threads included
	 * @param machineBusyTicks ticks every CPU of the machine spent on anything but idling and waiting
	 * for I/O, from {@code /proc/stat}: with {@code processTicks}, how busy the rest of the machine was
	 * @param machineTicks all ticks of every CPU of the machine
	 */
	record Snapshot(long nanoTime, Map<Integer, Task> tasks, long processTicks, long machineBusyTicks,
			long machineTicks) {

	}

	/**
	 * Reads every thread of this process.
	 * @return the snapshot
	 */
	static Snapshot take() {
		long now = System.nanoTime();
		Map<Integer, Task> tasks = new LinkedHashMap<>();
		try (DirectoryStream<Path> dirs = Files.newDirectoryStream(TASKS)) {
			for (Path dir : dirs) {
				Task task = readTask(dir);
				if (task != null) {
					tasks.put(task.tid(), task);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		// "cpu  user nice system idle iowait irq softirq steal guest guest_nice"; guest time is in user.
		String[] cpu = read(Path.of("/proc/stat")).lines().findFirst().orElseThrow().trim().split("\\s+");
		long total = 0;
		for (int i = 1; i <= 8; i++) {
			total += Long.parseLong(cpu[i]);
		}
		long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
		return new Snapshot(now, tasks, ticks(read(Path.of("/proc/self/stat"))), total - idle, total);
	}

	/**
	 * Whether a thread is one of the JIT's compiler threads ("C2 CompilerThread0" and so on).
	 * @param task the thread
	 * @return {@code true} if it compiles
	 */
	static boolean isCompiler(Task task) {
		return task.name().startsWith("C1 CompilerThre") || task.name().startsWith("C2 CompilerThre");
	}

	/**
	 * The kernel's id of the calling thread, from the {@code /proc/thread-self} link
	 * ({@code <pid>/task/<tid>}).
	 * @return the thread id
	 */
	static int currentTid() {
		try {
			Path link = Files.readSymbolicLink(Path.of("/proc/thread-self"));
			return Integer.parseInt(link.getFileName().toString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The calling thread's counters now.
	 * @return the thread's task
	 */
	static Task currentTask() {
		return readTask(Path.of("/proc/thread-self"));
	}

	private static Task readTask(Path dir) {
		try {
			String stat = read(dir.resolve("stat"));
			String status = read(dir.resolve("status"));
			String schedstat = read(dir.resolve("schedstat"));
			String comm = read(dir.resolve("comm")).strip();
			int tid = Integer.parseInt(stat.substring(0, stat.indexOf(' ')));
			return new Task(tid, comm, firstNumber(schedstat), ticks(stat), field(status, "voluntary_ctxt_switches:"),
					field(status, "nonvoluntary_ctxt_switches:"));
		}
		catch (UncheckedIOException ex) {
			if (ex.getCause() instanceof NoSuchFileException) {
				// The thread ended while the directory was being read.
				return null;
			}
			throw ex;
		}
	}

	/**
	 * utime + stime of a {@code stat} line: fields 14 and 15, counted after the closing parenthesis
	 * of the name, which may itself hold spaces and parentheses.
	 */
	private static long ticks(String stat) {
		String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		// after[0] is field 3 (state), so field n is after[n - 3].
		return Long.parseLong(after[14 - 3]) + Long.parseLong(after[15 - 3]);
	}

	private static long field(String status, String key) {
		int at = status.indexOf(key);
		if (at < 0) {
			throw new IllegalStateException("no " + key + " in /proc status");
		}
		int end = status.indexOf('\n', at);
		return Long.parseLong(status.substring(at + key.length(), (end < 0) ? status.length() : end).strip());
	}

	private static long firstNumber(String line) {
		return Long.parseLong(line.substring(0, line.indexOf(' ')));
	}

	private static String read(Path file) {
		try {
			return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
