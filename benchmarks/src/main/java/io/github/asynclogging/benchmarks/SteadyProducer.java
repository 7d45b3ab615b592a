package io.github.asynclogging.benchmarks;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.github.asynclogging.benchmarks.SteadyRateTargets.RateTarget;

/**
 * The application thread of the steady-rate benchmark: one log call every 1/rate seconds, and a
 * timed park until the next deadline in between, as a request thread that logs one line per
 * request sleeps between requests. Deadlines are fixed in advance (start + n × period), so a late
 * wake-up is made up by the next ones and the rate holds on average (a timed park here overshoots by
 * tens of µs, a large part of the 100 µs period at 10,000 events/s); the thread never spins, which
 * would take the CPU a worker needs on a two-vCPU machine. At rate 0 it parks until stopped.
 */
final class SteadyProducer implements Runnable {

	/**
	 * How far behind its deadlines the producer may fall and still catch up (by logging back to
	 * back); further behind (a GC pause, a busy machine, the JIT) it forgets the missed deadlines
	 * instead, so that a stall is not followed by a burst that no steady application would make.
	 */
	static final long MAX_LAG_NANOS = 10_000_000;

	private final RateTarget target;

	private final long periodNanos;

	private final long prewarmPeriodNanos;

	private final long prewarmEnd;

	private final AtomicLong produced = new AtomicLong();

	private final CountDownLatch started = new CountDownLatch(1);

	private volatile boolean running = true;

	private volatile int tid;

	private volatile Thread thread;

	/**
	 * @param target what to log with
	 * @param rate events per second; 0: none
	 * @param prewarmRate events per second until {@code prewarmEnd}
	 * @param prewarmEnd a {@link System#nanoTime()}
	 */
	SteadyProducer(RateTarget target, int rate, int prewarmRate, long prewarmEnd) {
		this.target = target;
		this.periodNanos = (rate > 0) ? 1_000_000_000L / rate : 0;
		this.prewarmPeriodNanos = 1_000_000_000L / prewarmRate;
		this.prewarmEnd = prewarmEnd;
	}

	@Override
	public void run() {
		this.thread = Thread.currentThread();
		this.tid = ProcThreads.currentTid();
		this.started.countDown();
		if (this.periodNanos == 0) {
			while (this.running) {
				LockSupport.park(this);
			}
			return;
		}
		long next = System.nanoTime();
		long count = 0;
		while (this.running) {
			this.target.log();
			// A release store: the count is read by the measuring thread, at no fence's cost here.
			this.produced.lazySet(++count);
			next += (next - this.prewarmEnd < 0) ? this.prewarmPeriodNanos : this.periodNanos;
			long now = System.nanoTime();
			if (now - next > MAX_LAG_NANOS) {
				next = now;
			}
			long wait;
			while ((wait = next - System.nanoTime()) > 0 && this.running) {
				LockSupport.parkNanos(wait);
			}
		}
	}

	/**
	 * Waits until the thread runs.
	 * @return its kernel thread id
	 */
	int awaitTid() throws InterruptedException {
		this.started.await();
		return this.tid;
	}

	/** Events logged so far. */
	long produced() {
		return this.produced.get();
	}

	/** Ends the loop after the current event. */
	void stop() {
		this.running = false;
		LockSupport.unpark(this.thread);
	}

}
