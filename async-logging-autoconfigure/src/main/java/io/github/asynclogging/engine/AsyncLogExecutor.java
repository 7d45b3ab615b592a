package io.github.asynclogging.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.ToLongFunction;

/**
 * A bounded queue of log events written by a fixed set of worker threads.
 * <p>
 * A caller {@link #submit submits} an event; it is queued, or, when the queue is full, dropped or
 * waited for according to the {@link DropPolicy}, and every outcome is counted exactly. Workers
 * write queued events to the {@link Destination}. {@link #stop} drains the queue within a timeout.
 * <p>
 * The caller's path takes no lock, allocates nothing and never blocks except under
 * {@link DropPolicy#BLOCK}, for at most the block timeout.
 *
 * @param <E> the event type
 */
public final class AsyncLogExecutor<E> {

	private static final int NEW = 0;

	private static final int RUNNING = 1;

	/** Stopping: still accepting, the workers are emptying the queue. */
	private static final int DRAINING = 2;

	/** Not accepting; workers exit once the queue is empty. */
	private static final int CLOSED = 3;

	/**
	 * How long a worker with nothing to do naps before it looks again: a timed park that no caller
	 * has to end. Events logged meanwhile are taken as one batch when it ends, so that a caller pays
	 * neither for a wake-up call nor for sharing cache lines with a worker that polls right behind it,
	 * and a worker that spins does not slow down the caller's core. Timed parks last at least about
	 * 50 µs on Linux, whatever is asked.
	 */
	private static final long NAP_NANOS = 50_000;

	/** Naps, about a millisecond in all, before a worker parks until a caller wakes it. */
	private static final int NAP_ROUNDS = 20;

	/** Yields a caller tries, under {@code block}, before it parks: room is usually made within microseconds. */
	private static final int BLOCK_YIELDS = 10;

	private static final int EVICTION_ATTEMPTS = 8;

	/**
	 * Events a worker writes in one run of the destination at most, so that what a run holds (a lock)
	 * is paid for once per run, and released often enough for a reconfiguration to get it.
	 */
	private static final int RUN_LENGTH = 64;

	/**
	 * The longest pause of a blocked caller between two offers. A worker wakes blocked callers once it
	 * has made room for a good number; behind a slow destination, this is what finds a single slot.
	 */
	private static final long MAX_BLOCK_PAUSE_NANOS = 100_000;

	private static final long DRAIN_POLL_NANOS = 1_000_000;

	private static final LongConsumer[] NO_LISTENERS = {};

	private final ExecutorSettings settings;

	private final Destination<? super E> destination;

	private final EventTraits<? super E> traits;

	private final Consumer<String> warnings;

	private final StripedQueue<E> queue;

	/** Made once: a method reference made per eviction would allocate on the caller's path. */
	private final ToLongFunction<E> createdAt;

	/** Whether level shedding is on; when off, a caller never reads the queue's size. */
	private final boolean sheds;

	private final int shedAboveSize;

	private final EventCounters counters = new EventCounters();

	private final BlockedCallers blockedCallers = new BlockedCallers();

	/** Events a worker frees before it wakes the callers blocked on a full queue. */
	private final int wakeBlockedEvery;

	private volatile int state = NEW;

	/** Set when the shutdown timeout ran out: what is still queued is counted as dropped, not written. */
	private volatile boolean abandoned;

	private volatile WorkerThread[] workers = new WorkerThread[0];

	private volatile LongConsumer[] latencyListeners = NO_LISTENERS;

	private volatile Throwable lastFailure;

	/**
	 * Creates an executor; no thread runs until {@link #start()}.
	 * @param settings the settings
	 * @param destination where workers write events
	 * @param traits reads an event's level and creation time
	 * @param warnings receives the dropped-events summary lines
	 */
	public AsyncLogExecutor(ExecutorSettings settings, Destination<? super E> destination,
			EventTraits<? super E> traits, Consumer<String> warnings) {
		this.settings = Objects.requireNonNull(settings, "settings");
		this.destination = Objects.requireNonNull(destination, "destination");
		this.traits = Objects.requireNonNull(traits, "traits");
		this.warnings = Objects.requireNonNull(warnings, "warnings");
		int capacity = settings.queueCapacity();
		this.queue = new StripedQueue<>(capacity, Runtime.getRuntime().availableProcessors());
		this.createdAt = this.traits::createdEpochNanos;
		this.wakeBlockedEvery = Math.max(1, capacity / 8);
		this.sheds = settings.sheds();
		this.shedAboveSize = this.sheds ? (int) Math.floor(settings.discardThreshold() * capacity) : Integer.MAX_VALUE;
	}

	/**
	 * Starts the workers. Does nothing if they run already.
	 */
	public synchronized void start() {
		if (this.state == RUNNING) {
			return;
		}
		this.abandoned = false;
		DropSummary summary = new DropSummary(this.counters, this.settings.droppedWarningInterval(), this.warnings,
				System.nanoTime());
		WorkerThread[] started = new WorkerThread[this.settings.workers()];
		for (int i = 0; i < started.length; i++) {
			DropSummary own = (i == 0) ? summary : null;
			started[i] = new WorkerThread(this, i, this.settings.threadNamePrefix() + (i + 1),
					(self) -> work(self, own));
		}
		this.workers = started;
		this.state = RUNNING;
		for (WorkerThread worker : started) {
			worker.start();
		}
	}

	/**
	 * Hands an event to the workers. Never blocks but under {@link DropPolicy#BLOCK}.
	 * @param event the event, already prepared for deferred processing
	 * @return {@code true} if the executor took charge of the event (queued, written, or dropped and
	 * counted); {@code false} if it is not running and the caller must write the event itself
	 */
	public boolean submit(E event) {
		int current = this.state;
		if (current != RUNNING && current != DRAINING) {
			return false;
		}
		EventLevel level = this.traits.levelOf(event);
		this.counters.countSubmitted(level);
		// Logging from inside a destination: queueing it behind the event being written could wait forever.
		if (Thread.currentThread() instanceof WorkerThread worker && worker.owner == this) {
			writeOnWorker(worker, event, level);
			return true;
		}
		// The bound is one read of a line the workers write all the time: only when shedding is on.
		if (this.sheds && level.isAtOrBelow(this.settings.discardLevel())
				&& this.queue.sizeUpperBound() > this.shedAboveSize) {
			this.counters.countDropped(level, DropReason.DISCARDED);
			return true;
		}
		if (offer(event)) {
			afterOffer();
			return true;
		}
		switch (this.settings.dropPolicy()) {
			case DROP_NEWEST -> this.counters.countDropped(level, DropReason.QUEUE_FULL);
			case DROP_OLDEST -> evictThenOffer(event, level);
			case BLOCK -> waitThenOffer(event, level);
		}
		return true;
	}

	private boolean offer(E event) {
		return this.queue.offer(event);
	}

	private void afterOffer() {
		// The offer's CAS and this volatile read pair with stop()'s write of CLOSED and its sweep:
		// either the sweep sees the event or this caller sees CLOSED and writes the event itself.
		if (this.state == CLOSED) {
			writeQueuedOnCaller();
			return;
		}
		wakeWorker();
	}

	private void evictThenOffer(E event, EventLevel level) {
		for (int attempt = 0; attempt < EVICTION_ATTEMPTS; attempt++) {
			E oldest = this.queue.pollOldest(this.createdAt);
			if (oldest != null) {
				this.counters.countDropped(this.traits.levelOf(oldest), DropReason.EVICTED);
			}
			if (offer(event)) {
				afterOffer();
				return;
			}
		}
		this.counters.countDropped(level, DropReason.QUEUE_FULL);
	}

	private void waitThenOffer(E event, EventLevel level) {
		Thread caller = Thread.currentThread();
		long deadline = System.nanoTime() + this.settings.blockTimeout().toNanos();
		// The queue is full: the workers should be writing now, even those taking a nap.
		wakeWorkersNow();
		// A worker that is runnable but has no core gets this one; often that is all the room takes.
		for (int i = 0; i < BLOCK_YIELDS && deadline - System.nanoTime() > 0 && !caller.isInterrupted(); i++) {
			Thread.yield();
			if (offer(event)) {
				afterOffer();
				return;
			}
		}
		// Registered, a caller is woken early by a worker that made room; registered or not (all slots
		// taken), it looks again after a short pause.
		int slot = this.blockedCallers.register(caller);
		try {
			// isInterrupted() keeps the caller's interrupt flag; an interrupted caller stops waiting.
			while (!caller.isInterrupted()) {
				// Offered after registering: a worker that made room before seeing this caller left room.
				if (offer(event)) {
					afterOffer();
					return;
				}
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					break;
				}
				wakeWorkersNow();
				LockSupport.parkNanos(this, Math.min(remaining, MAX_BLOCK_PAUSE_NANOS));
			}
		}
		finally {
			this.blockedCallers.unregister(slot);
		}
		this.counters.countDropped(level, DropReason.BLOCK_TIMEOUT);
	}

	private void wakeWorker() {
		for (WorkerThread worker : this.workers) {
			// One caller wins the flag and pays for the unpark; the others see a worker already woken.
			if (worker.parked && worker.claimWakeUp()) {
				LockSupport.unpark(worker);
				return;
			}
		}
	}

	private void wakeWorkersNow() {
		for (WorkerThread worker : this.workers) {
			worker.claimWakeUp();
			LockSupport.unpark(worker);
		}
	}

	private void writeOnWorker(WorkerThread worker, E event, EventLevel level) {
		if (worker.nestedWrites > 0) {
			// A destination logging about an event it writes while writing that: written once, not forever.
			this.counters.countDropped(level, DropReason.DISCARDED);
			return;
		}
		worker.nestedWrites++;
		this.destination.beginWrites();
		try {
			write(event);
		}
		finally {
			this.destination.endWrites();
			worker.nestedWrites--;
		}
	}

	private void writeQueuedOnCaller() {
		if (this.queue.isEmpty()) {
			return;
		}
		this.destination.beginWrites();
		try {
			E event;
			while ((event = this.queue.poll(0)) != null) {
				write(event);
			}
		}
		finally {
			this.destination.endWrites();
		}
	}

	/**
	 * Writes {@code first} and what follows it in the queue, up to a run's length, in one run of the
	 * destination. Events are taken one at a time: the queue holds what is not yet being written.
	 * @return the number of events written
	 */
	private int writeRun(E first, int stripe) {
		int written = 0;
		this.destination.beginWrites();
		try {
			E event = first;
			do {
				write(event);
				written++;
			}
			while (written < RUN_LENGTH && (event = this.queue.poll(stripe)) != null);
		}
		finally {
			this.destination.endWrites();
		}
		return written;
	}

	private void work(WorkerThread self, DropSummary summary) {
		int idleRounds = 0;
		int stripe = 0;
		int written = 0;
		int freed = 0;
		for (;;) {
			E event = this.queue.poll(stripe);
			if (event != null) {
				idleRounds = 0;
				int run = writeRun(event, stripe);
				stripe++;
				// Blocked callers are woken once there is room for a good number of them, not per event.
				freed += run;
				if (freed >= this.wakeBlockedEvery) {
					freed = 0;
					if (this.blockedCallers.any()) {
						this.blockedCallers.wakeAll();
					}
				}
				written += run;
				if (summary != null && written >= 1024) {
					written = 0;
					summary.reportIfDue(System.nanoTime());
				}
				continue;
			}
			if (this.blockedCallers.any()) {
				this.blockedCallers.wakeAll();
			}
			if (this.state == CLOSED) {
				return;
			}
			if (summary != null) {
				summary.reportIfDue(System.nanoTime());
			}
			idleRounds = idle(self, idleRounds, summary);
		}
	}

	private int idle(WorkerThread self, int rounds, DropSummary summary) {
		// A stray interrupt would end every park at once and turn this into a busy loop.
		Thread.interrupted();
		if (rounds < NAP_ROUNDS) {
			LockSupport.parkNanos(this, NAP_NANOS);
			return rounds + 1;
		}
		self.parked = true;
		// parked is written before the queue is read, and callers read parked after their offer:
		// one of the two sees the other, so an event is never left with every worker asleep.
		if (this.queue.isEmpty() && this.state != CLOSED) {
			long nanos = (summary != null) ? summary.parkNanos(System.nanoTime()) : 0;
			if (nanos > 0) {
				LockSupport.parkNanos(this, nanos);
			}
			else {
				LockSupport.park(this);
			}
		}
		self.parked = false;
		return 0;
	}

	/**
	 * Writes an event inside a run of the destination.
	 */
	private void write(E event) {
		if (this.abandoned) {
			this.counters.countDropped(this.traits.levelOf(event), DropReason.SHUTDOWN);
			return;
		}
		try {
			this.destination.write(event);
			// Counted at once, not per batch: a stop that times out reports exactly what was not written.
			this.counters.countDelivered();
		}
		catch (Throwable failure) {
			// Even an Error from a destination must not end the worker: count it and go on.
			this.counters.countFailed();
			this.lastFailure = failure;
		}
		LongConsumer[] listeners = this.latencyListeners;
		if (listeners.length > 0) {
			Instant now = Instant.now();
			long latency = (now.getEpochSecond() * 1_000_000_000L + now.getNano())
					- this.traits.createdEpochNanos(event);
			for (LongConsumer listener : listeners) {
				listener.accept(Math.max(0, latency));
			}
		}
	}

	/**
	 * Stops accepting events once the queue is drained, and stops the workers. Events submitted
	 * while it drains are still written. What is still queued when the timeout runs out is counted
	 * as dropped with reason {@code shutdown}.
	 * @param timeout how long the queue may take to drain
	 * @return what could not be written
	 */
	public synchronized StopReport stop(Duration timeout) {
		if (this.state != RUNNING) {
			this.state = CLOSED;
			return new StopReport(0, 0, timeout);
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		long shutdownDropsBefore = shutdownDrops();
		this.state = DRAINING;
		// Waiting for dead workers would only spend the timeout: the queue is then written below, on this thread.
		while (!this.queue.isEmpty() && deadline - System.nanoTime() > 0 && workersAlive() > 0) {
			wakeWorker();
			LockSupport.parkNanos(this, DRAIN_POLL_NANOS);
		}
		this.state = CLOSED;
		for (WorkerThread worker : this.workers) {
			LockSupport.unpark(worker);
		}
		boolean finished = joinWorkers(deadline);
		if (!finished) {
			this.abandoned = true;
			for (WorkerThread worker : this.workers) {
				worker.interrupt();
			}
		}
		writeQueuedOnCaller();
		// Callers blocked on the full queue: it has room now, or they find the executor closed.
		this.blockedCallers.wakeAll();
		long stuck = finished ? 0 : Math.max(0, submitted() - delivered() - failed() - dropped());
		return new StopReport(shutdownDrops() - shutdownDropsBefore, stuck, timeout);
	}

	private boolean joinWorkers(long deadline) {
		for (WorkerThread worker : this.workers) {
			long remaining = deadline - System.nanoTime();
			if (remaining > 0) {
				try {
					worker.join(Math.max(1, remaining / 1_000_000));
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

	private long shutdownDrops() {
		long total = 0;
		for (EventLevel level : EventLevel.all()) {
			total += this.counters.dropped(level, DropReason.SHUTDOWN);
		}
		return total;
	}

	/**
	 * Adds a listener of each written event's delivery latency, from creation to written.
	 * @param listener receives nanoseconds, on a worker thread
	 */
	public synchronized void addLatencyListener(LongConsumer listener) {
		LongConsumer[] grown = java.util.Arrays.copyOf(this.latencyListeners, this.latencyListeners.length + 1);
		grown[grown.length - 1] = Objects.requireNonNull(listener, "listener");
		this.latencyListeners = grown;
	}

	/**
	 * Whether the executor accepts events.
	 * @return {@code true} between {@link #start()} and {@link #stop}
	 */
	public boolean isRunning() {
		int current = this.state;
		return current == RUNNING || current == DRAINING;
	}

	/**
	 * The settings.
	 * @return the settings
	 */
	public ExecutorSettings settings() {
		return this.settings;
	}

	/**
	 * Events submitted at a level.
	 * @param level the level
	 * @return the count since creation
	 */
	public long submitted(EventLevel level) {
		return this.counters.submitted(level);
	}

	/**
	 * Events submitted at every level.
	 * @return the count since creation
	 */
	public long submitted() {
		return this.counters.submitted();
	}

	/**
	 * Events written to every destination.
	 * @return the count since creation
	 */
	public long delivered() {
		return this.counters.delivered();
	}

	/**
	 * Events a destination threw on.
	 * @return the count since creation
	 */
	public long failed() {
		return this.counters.failed();
	}

	/**
	 * Events of a level dropped for a reason.
	 * @param level the level
	 * @param reason the reason
	 * @return the count since creation
	 */
	public long dropped(EventLevel level, DropReason reason) {
		return this.counters.dropped(level, reason);
	}

	/**
	 * Events dropped for any reason.
	 * @return the count since creation
	 */
	public long dropped() {
		return this.counters.dropped();
	}

	/**
	 * Events waiting in the queue now.
	 * @return the queue's size
	 */
	public int queueSize() {
		return this.queue.size();
	}

	/**
	 * The configured capacity.
	 * @return the queue capacity
	 */
	public int queueCapacity() {
		return this.settings.queueCapacity();
	}

	/**
	 * Worker threads running now.
	 * @return the number of live workers
	 */
	public int workersAlive() {
		int alive = 0;
		for (WorkerThread worker : this.workers) {
			if (worker.isAlive()) {
				alive++;
			}
		}
		return alive;
	}

	/**
	 * The last failure a destination threw, if any.
	 * @return the failure, or {@code null}
	 */
	public Throwable lastFailure() {
		return this.lastFailure;
	}

}
