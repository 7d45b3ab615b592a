package io.github.asynclogging.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * What one wake-up of a thread costs on this machine, in CPU time of the threads involved: the floor
 * under any worker that sleeps between events. Three shapes, each measured by the threads' own
 * {@code /proc/thread-self/schedstat} (ns on the CPU, user and system) and context-switch counts:
 * <ol>
 * <li>a <b>timed park</b> ({@code LockSupport.parkNanos}) repeated back to back, for a nap of 50 µs
 * (a napping worker) and the periods of 10,000, 1,000 and 100 events/s (a steady producer);</li>
 * <li>an <b>untimed park/unpark hand-off</b>: two threads waking each other in turn (ping-pong), each
 * parked without a timer until the other unparks it;</li>
 * <li>the <b>shape of a worker woken per event</b>: a producer on timed parks to its next deadline
 * unparks, on each tick, a worker parked without a timer, which counts and parks again; the
 * producer's cost per tick with the unpark against the same ticking without it gives what the
 * unpark adds to the caller, and the worker's CPU per wake-up what each event's wake-up costs.</li>
 * </ol>
 * Every measurement is repeated {@value #REPEATS} times, the list in turn, so that a moment of load
 * from elsewhere on the machine spoils one repeat of each rather than all of one; the table gives
 * the median and the range. Prints a Markdown table.
 * <p>
 * Then how <b>late</b> a wake-up comes, which bounds how late a lingering worker writes: the
 * distribution, over all repeats, of a timed park's overshoot (how much longer than asked
 * {@code parkNanos} of 1, 2 and 5 ms took), and of the delay from {@code unpark} to the woken
 * thread running, for a thread parked without a timer and woken 1,000 times a second. A second
 * Markdown table. Run: {@code java -cp
 * benchmarks/target/benchmarks.jar io.github.asynclogging.benchmarks.WakeUpCost [seconds per
 * measurement, all repeats together, default 2]}.
 */
public final class WakeUpCost {

	static final int REPEATS = 5;

	private WakeUpCost() {
	}

	public static void main(String[] args) throws Exception {
		double seconds = (args.length > 0) ? Double.parseDouble(args[0]) : 2;
		// A first pass of every measurement compiles the loops and the /proc readers; it is not kept.
		run(0.2, new Table());
		Table table = new Table();
		Lateness lateness = new Lateness();
		for (int i = 0; i < REPEATS; i++) {
			run(seconds / REPEATS, table);
			late(seconds / REPEATS, lateness);
		}
		table.print();
		System.out.println();
		lateness.print();
	}

	private static void late(double seconds, Lateness lateness) throws InterruptedException {
		for (long nap : new long[] { 1_000_000, 2_000_000, 5_000_000 }) {
			long count = Math.max(20, (long) (seconds * 1e9 / nap / 1.2));
			long[] over = new long[(int) count];
			for (int i = 0; i < count; i++) {
				long start = System.nanoTime();
				LockSupport.parkNanos(nap);
				over[i] = System.nanoTime() - start - nap;
			}
			lateness.add("timed park, parkNanos(" + micros(nap) + " µs): how much longer it took", over);
		}
		lateness.add("untimed park woken by unpark 1,000 times a second: from unpark to running",
				unparkDelays(1_000, seconds));
	}

	/** A thread parked without a timer, woken by this one at the rate: how long after each unpark it runs. */
	private static long[] unparkDelays(int rate, double seconds) throws InterruptedException {
		int count = Math.max(20, (int) (seconds * rate));
		long[] delays = new long[count];
		Waker waker = new Waker(delays);
		Thread thread = new Thread(waker, "woken");
		thread.start();
		long period = 1_000_000_000L / rate;
		long next = System.nanoTime();
		for (int i = 0; i < count; i++) {
			next += period;
			long wait;
			while ((wait = next - System.nanoTime()) > 0) {
				LockSupport.parkNanos(wait);
			}
			// The previous wake-up has been taken (or is very late): stamp and wake again.
			waker.stamp = System.nanoTime();
			LockSupport.unpark(thread);
		}
		waker.running = false;
		LockSupport.unpark(thread);
		thread.join();
		return Arrays.copyOf(delays, waker.taken);
	}

	/** Parks without a timer; on each wake-up records how long ago it was stamped. */
	private static final class Waker implements Runnable {

		private final long[] delays;

		volatile long stamp;

		volatile boolean running = true;

		int taken;

		Waker(long[] delays) {
			this.delays = delays;
		}

		@Override
		public void run() {
			while (this.running) {
				LockSupport.park(this);
				long stamped = this.stamp;
				if (stamped != 0 && this.taken < this.delays.length) {
					this.delays[this.taken++] = System.nanoTime() - stamped;
					this.stamp = 0;
				}
			}
		}

	}

	/** Delays by row, every repeat together; printed as percentiles. */
	private static final class Lateness {

		private final Map<String, List<long[]>> rows = new LinkedHashMap<>();

		void add(String what, long[] delays) {
			this.rows.computeIfAbsent(what, (k) -> new ArrayList<>()).add(delays);
		}

		void print() {
			System.out.println("| how late | samples | p50 µs | p90 µs | p99 µs | p99.9 µs | max µs |");
			System.out.println("|---|---:|---:|---:|---:|---:|---:|");
			this.rows.forEach((what, all) -> {
				long[] delays = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
				if (delays.length == 0) {
					return;
				}
				System.out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s |%n", what, delays.length,
						at(delays, 0.5), at(delays, 0.9), at(delays, 0.99), at(delays, 0.999),
						micros(delays[delays.length - 1]));
			});
		}

		private static String at(long[] sorted, double quantile) {
			return micros(sorted[Math.min(sorted.length - 1, (int) (sorted.length * quantile))]);
		}

	}

	private static void run(double seconds, Table table) throws InterruptedException {
		for (long nap : new long[] { 50_000, 100_000, 1_000_000, 10_000_000 }) {
			table.row("timed park, parkNanos(" + micros(nap) + " µs) back to back", timedParks(nap, seconds));
		}
		table.row("untimed park/unpark ping-pong, per hand-off (both threads)", pingPong(seconds));
		for (int rate : new int[] { 1_000, 10_000 }) {
			Ticks alone = producerWakingWorker(rate, seconds, false);
			Ticks waking = producerWakingWorker(rate, seconds, true);
			table.row("producer at " + rate + "/s, timed parks to each deadline, per tick", alone.producer);
			table.row("producer at " + rate + "/s unparking a parked worker every tick, per tick", waking.producer);
			table.row("that worker (" + rate + "/s), per wake-up from an untimed park", waking.worker);
		}
	}

	/**
	 * CPU time, switches and wall time of one thread's loop, per iteration.
	 * @param cpuMicros CPU time per iteration
	 * @param switches context switches per iteration
	 * @param wallMicros wall time per iteration
	 */
	record PerWake(double cpuMicros, double switches, double wallMicros) {
	}

	/** Counters of the calling thread, to take the difference of. */
	private record Mark(long wall, long cpu, long switches) {

		static Mark now() {
			ProcThreads.Task task = ProcThreads.currentTask();
			return new Mark(System.nanoTime(), task.cpuNanos(), task.switches());
		}

		PerWake since(Mark start, long count) {
			return new PerWake((this.cpu - start.cpu) / 1e3 / count, (double) (this.switches - start.switches) / count,
					(this.wall - start.wall) / 1e3 / count);
		}

	}

	private static PerWake timedParks(long nap, double seconds) {
		long count = Math.max(50, (long) (seconds * 1e9 / nap / 1.5));
		Mark start = Mark.now();
		for (long i = 0; i < count; i++) {
			LockSupport.parkNanos(nap);
		}
		return Mark.now().since(start, count);
	}

	/**
	 * Two threads hand a turn back and forth; each waits for it parked without a timer. Returns the
	 * two threads' CPU and switches together per hand-off, and the wall time per hand-off.
	 */
	private static PerWake pingPong(double seconds) throws InterruptedException {
		long rounds = (long) (seconds * 1e9 / 40_000);
		PingPong game = new PingPong(rounds);
		Thread other = new Thread(game::answer, "pong");
		other.start();
		PerWake mine = game.serve(other);
		other.join();
		PerWake theirs = game.answerer;
		// Both are per round trip, which is two hand-offs: one each way.
		return new PerWake((mine.cpuMicros() + theirs.cpuMicros()) / 2, (mine.switches() + theirs.switches()) / 2,
				mine.wallMicros() / 2);
	}

	private static final class PingPong {

		private final long rounds;

		/** Whose turn: 0 the server's, 1 the answerer's. */
		private volatile int turn;

		private volatile Thread server;

		private volatile PerWake answerer;

		PingPong(long rounds) {
			this.rounds = rounds;
		}

		PerWake serve(Thread answering) {
			this.server = Thread.currentThread();
			Mark start = Mark.now();
			for (long i = 0; i < this.rounds; i++) {
				this.turn = 1;
				LockSupport.unpark(answering);
				while (this.turn != 0) {
					LockSupport.park(this);
				}
			}
			return Mark.now().since(start, this.rounds);
		}

		void answer() {
			Mark start = Mark.now();
			for (long i = 0; i < this.rounds; i++) {
				while (this.turn != 1) {
					LockSupport.park(this);
				}
				this.turn = 0;
				Thread waiting = this.server;
				while (waiting == null) {
					Thread.onSpinWait();
					waiting = this.server;
				}
				LockSupport.unpark(waiting);
			}
			this.answerer = Mark.now().since(start, this.rounds);
		}

	}

	/** The producer's and the worker's cost per tick. */
	record Ticks(PerWake producer, PerWake worker) {
	}

	private static Ticks producerWakingWorker(int rate, double seconds, boolean wake) throws InterruptedException {
		long ticks = (long) (seconds * rate);
		Worker worker = new Worker();
		Thread thread = new Thread(worker, "worker");
		thread.start();
		worker.ready.await();
		long period = 1_000_000_000L / rate;
		Mark start = Mark.now();
		long next = System.nanoTime();
		for (long i = 0; i < ticks; i++) {
			if (wake) {
				worker.pending = true;
				LockSupport.unpark(thread);
			}
			next += period;
			long wait;
			while ((wait = next - System.nanoTime()) > 0) {
				LockSupport.parkNanos(wait);
			}
		}
		PerWake producer = Mark.now().since(start, ticks);
		worker.stop(thread);
		thread.join();
		long wakes = Math.max(1, worker.wakes);
		return new Ticks(producer, wake ? worker.cost(wakes) : null);
	}

	/** Parks without a timer until unparked; counts its wake-ups. */
	private static final class Worker implements Runnable {

		final CountDownLatch ready = new CountDownLatch(1);

		volatile boolean pending;

		volatile boolean running = true;

		long wakes;

		private Mark start;

		private Mark end;

		@Override
		public void run() {
			this.start = Mark.now();
			this.ready.countDown();
			while (this.running) {
				LockSupport.park(this);
				if (this.pending) {
					this.pending = false;
					this.wakes++;
				}
			}
			this.end = Mark.now();
		}

		void stop(Thread thread) {
			this.running = false;
			LockSupport.unpark(thread);
		}

		PerWake cost(long count) {
			return this.end.since(this.start, count);
		}

	}

	/** The measurements by row, in the order first added; printed as Markdown with medians. */
	private static final class Table {

		private final Map<String, List<PerWake>> rows = new LinkedHashMap<>();

		void row(String what, PerWake cost) {
			this.rows.computeIfAbsent(what, (k) -> new ArrayList<>()).add(cost);
		}

		void print() {
			System.out.println("| what | CPU µs per wake-up, median | range of " + REPEATS
					+ " repeats | context switches per wake-up | wall µs per wake-up |");
			System.out.println("|---|---:|---:|---:|---:|");
			this.rows.forEach((what, costs) -> {
				double[] cpu = costs.stream().mapToDouble(PerWake::cpuMicros).sorted().toArray();
				System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f-%.1f | %.2f | %.1f |%n", what, median(cpu), cpu[0],
						cpu[cpu.length - 1], median(costs.stream().mapToDouble(PerWake::switches).sorted().toArray()),
						median(costs.stream().mapToDouble(PerWake::wallMicros).sorted().toArray()));
			});
		}

		private static double median(double[] sorted) {
			int middle = sorted.length / 2;
			return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
		}

	}

	private static String micros(long nanos) {
		return String.format(Locale.ROOT, "%,d", nanos / 1000);
	}

}
