package io.github.asynclogging.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The workers of one {@link AsyncLogExecutor#start() start}, and the flags its stop sets for them.
 * A new start makes a new generation, so that a worker abandoned by an earlier stop (still inside a
 * destination that had not returned) sees its own generation abandoned when it comes back, and
 * exits instead of writing beside the new workers.
 *
 * @param <E> the event type
 */
final class Generation<E> implements QueueTakers {

	/** Set by stop: the queue is being drained, workers write without lingering. */
	volatile boolean closing;

	/** Set by stop once the queue is drained: workers exit when they find it empty. */
	volatile boolean finished;

	/** Set when the shutdown timeout ran out: workers write nothing more and exit. */
	volatile boolean abandoned;

	/** Beyond this many, a worker that dies is not replaced: something kills every worker at once. */
	static final int MAX_REPLACEMENTS = 100;

	/**
	 * The executor this generation's workers write for, shared with its destinations' lanes: a log
	 * call on any of them is made on a worker and must not be queued behind what it writes.
	 */
	final Object family;

	private final AtomicReferenceArray<Worker<E>> workers;

	private final Workers<E> newWorker;

	private final Consumer<String> warnings;

	private final AtomicInteger replaced = new AtomicInteger();

	private volatile Throwable lastDeath;

	/**
	 * @param workers the number of workers
	 * @param newWorker makes the worker of a slot for this generation
	 * @param warnings where a worker's death is said
	 * @param family the executor the workers write for
	 */
	Generation(int workers, Workers<E> newWorker, Consumer<String> warnings, Object family) {
		this.family = family;
		this.workers = new AtomicReferenceArray<>(workers);
		this.newWorker = newWorker;
		this.warnings = warnings;
		for (int slot = 0; slot < workers; slot++) {
			this.workers.set(slot, newWorker.create(this, slot));
		}
	}

	@Override
	public void closing() {
		this.closing = true;
	}

	@Override
	public void finish() {
		this.finished = true;
	}

	@Override
	public void abandon() {
		this.abandoned = true;
	}

	/**
	 * The workers of an executor's start, each named by the thread-name prefix and its slot.
	 * @param summary the drop summary worker 0 says
	 * @param routing the routing a lane's workers take part in, or {@code null}
	 */
	static <E> Generation<E> of(ExecutorSettings settings, StripedQueue<E> queue, RunWriter<E> writer,
			BlockedCallers blockedCallers, DropSummary summary, RoutingDuty routing, Consumer<String> warnings,
			Object family) {
		long lingerNanos = settings.linger().toNanos();
		String prefix = settings.threadNamePrefix();
		boolean blocks = settings.dropPolicy() == DropPolicy.BLOCK;
		return new Generation<>(settings.workers(),
				(generation, slot) -> new Worker<>(generation, slot, prefix + (slot + 1), queue, writer, blockedCallers,
						(slot == 0) ? summary : null, lingerNanos, routing, blocks),
				warnings, family);
	}

	void start() {
		for (int slot = 0; slot < this.workers.length(); slot++) {
			this.workers.get(slot).start();
		}
	}

	int size() {
		return this.workers.length();
	}

	Worker<E> worker(int slot) {
		return this.workers.get(slot);
	}

	/**
	 * A worker's thread ends. One that died of something its loop could not contain (an
	 * {@code Error} outside any destination, say) is replaced while the generation runs, so that the
	 * queue keeps being written: no event waits on a worker that is gone.
	 */
	void exited(Worker<E> worker, Throwable death) {
		if (death == null || this.abandoned) {
			return;
		}
		this.lastDeath = death;
		if (this.replaced.incrementAndGet() > MAX_REPLACEMENTS) {
			say("async-logging: worker " + worker.getName() + " died of " + death + "; after " + MAX_REPLACEMENTS
					+ " replacements it is not replaced again");
			return;
		}
		Worker<E> replacement = this.newWorker.create(this, worker.slot);
		if (this.workers.compareAndSet(worker.slot, worker, replacement)) {
			replacement.start();
		}
		say("async-logging: worker " + worker.getName() + " died of " + death + "; a new worker goes on writing the queue");
	}

	private void say(String line) {
		try {
			this.warnings.accept(line);
		}
		catch (Throwable ignored) {
			// Saying it is not worth losing the replacement for.
		}
	}

	/** Wakes every worker, whatever it waits for: a stop, a released hold, room freed under block. */
	@Override
	public void wakeAll() {
		for (int slot = 0; slot < this.workers.length(); slot++) {
			this.workers.get(slot).wakeNow();
		}
	}

	/**
	 * Waits for every worker's thread to end.
	 * @return {@code false} if one is still alive at the deadline
	 */
	@Override
	public boolean join(long deadlineNanos) {
		for (int slot = 0; slot < this.workers.length(); slot++) {
			Worker<E> worker = this.workers.get(slot);
			long remaining = deadlineNanos - System.nanoTime();
			if (remaining > 0) {
				try {
					worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
			if (worker.isAlive()) {
				return false;
			}
		}
		return true;
	}

	@Override
	public void interruptAll() {
		for (int slot = 0; slot < this.workers.length(); slot++) {
			this.workers.get(slot).interrupt();
		}
	}

	@Override
	public void wakeSummariser() {
		worker(0).wakeIfIdle();
	}

	/** Wakes the first worker parked without a timer, if any. */
	void wakeOneIdle() {
		for (int slot = 0; slot < this.workers.length(); slot++) {
			if (this.workers.get(slot).wakeIfIdle()) {
				return;
			}
		}
	}

	@Override
	public int alive() {
		return count(Thread::isAlive);
	}

	@Override
	public int writing() {
		return count(Worker::isWriting);
	}

	/** Workers still alive and inside a run: after a stop's margin, those are stuck in a destination. */
	@Override
	public int writingAlive() {
		return count((worker) -> worker.isAlive() && worker.isWriting());
	}

	private int count(Predicate<Worker<E>> test) {
		int count = 0;
		for (int slot = 0; slot < this.workers.length(); slot++) {
			if (test.test(this.workers.get(slot))) {
				count++;
			}
		}
		return count;
	}

	/** For each worker, the run it has in flight now, or -1: see {@link #haveEnded}. */
	@Override
	public long[] runsInFlight() {
		long[] runs = new long[this.workers.length()];
		for (int slot = 0; slot < runs.length; slot++) {
			Worker<E> worker = this.workers.get(slot);
			runs[slot] = worker.isWriting() ? worker.runsBegun : -1;
		}
		return runs;
	}

	/** Whether each run {@link #runsInFlight} saw has ended (a replaced worker's with it). */
	@Override
	public boolean haveEnded(long[] runs) {
		for (int slot = 0; slot < runs.length; slot++) {
			Worker<E> worker = this.workers.get(slot);
			if (runs[slot] >= 0 && worker.isWriting() && worker.runsBegun == runs[slot] && worker.isAlive()) {
				return false;
			}
		}
		return true;
	}

	@Override
	public boolean isWriting(int stripe) {
		for (int slot = 0; slot < this.workers.length(); slot++) {
			if (this.workers.get(slot).inFlightStripe == stripe) {
				return true;
			}
		}
		return false;
	}

	int replaced() {
		return Math.min(this.replaced.get(), MAX_REPLACEMENTS);
	}

	Throwable lastDeath() {
		return this.lastDeath;
	}

	/**
	 * Makes the worker of a slot.
	 *
	 * @param <E> the event type
	 */
	@FunctionalInterface
	interface Workers<E> {

		Worker<E> create(Generation<E> generation, int slot);

	}

}
