package io.github.asynclogging.engine;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * A bounded queue of log events written by a fixed set of worker threads.
 * <p>
 * A caller {@link #submit submits} an event; it is queued, or, when the queue is full, handled by
 * the {@link DropPolicy}, and every outcome is counted exactly. Workers write queued events to the
 * {@link Destination}. {@link #stop} drains the queue within a timeout.
 * <p>
 * This class owns the lifecycle and the caller's path; the rest has one owner each: the queue and
 * its bounds ({@link StripedQueue}, {@link Permits}), what a full queue means
 * ({@link FullQueuePolicy}), the workers' loop and waiting ({@link Worker}, {@link Generation}),
 * writing and accounting ({@link RunWriter}).
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

	/** Not accepting. */
	private static final int CLOSED = 3;

	/** How often a stop looks whether the queue is written. */
	private static final long DRAIN_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

	/**
	 * How long a stop whose timeout ran out waits for workers to finish the event they write: a
	 * worker still inside a destination then is left behind as hung.
	 */
	private static final long ABANDON_MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

	private final ExecutorSettings settings;

	private final EventTraits<? super E> traits;

	private final Consumer<String> warnings;

	private final StripedQueue<E> queue;

	private final EventCounters counters = new EventCounters(this::wakeSummarisingWorker);

	private final BlockedCallers blockedCallers = new BlockedCallers();

	private final RunWriter<E> writer;

	private final FullQueuePolicy<E> whenFull;

	private final DropSummary summary;

	private final boolean sheds;

	private final int shedAboveCount;

	private final long shedAboveUnits;

	/** Fill at which callers end a worker's linger early, so that a burst does not overflow the queue. */
	private final int wakeAboveCount;

	private final long wakeAboveUnits;

	/**
	 * Fill above which a worker that writes has a backlog behind it, and callers wake the next one: more
	 * than a run, beyond the permits stripes may hold unused (a thirty-second of the capacity), which the
	 * fill read from the pool counts as queued.
	 */
	private final int backlogCount;

	private final Object lifecycle = new Object();

	/** The lanes this executor's workers hand events to, or {@code null} if they write its destination. */
	private final DestinationLanes<E, ?> lanes;

	/** This executor, or the one whose lanes it is one of. */
	private final Object family;

	private volatile int state = NEW;

	private volatile Generation<E> generation;

	/**
	 * Creates an executor; no thread runs until {@link #start()}.
	 * @param settings the settings
	 * @param destination where workers write events
	 * @param traits reads an event's level, creation time and size
	 * @param warnings receives the dropped-events summary lines and notices about workers
	 */
	public AsyncLogExecutor(ExecutorSettings settings, Destination<? super E> destination,
			EventTraits<? super E> traits, Consumer<String> warnings) {
		this(settings, destination, traits, warnings, null, null);
	}

	/**
	 * Creates an executor whose workers route each event to one lane per destination: a destination
	 * that is slow, throws or hangs fills and drops only its own lane.
	 * @param settings the settings of the queue callers write to; each lane has its own
	 * @param lanes the lanes, which route each event and write it
	 * @param traits reads an event's level, creation time and size
	 * @param warnings receives the dropped-events summary lines and notices about workers
	 */
	public AsyncLogExecutor(ExecutorSettings settings, DestinationLanes<E, ?> lanes, EventTraits<? super E> traits,
			Consumer<String> warnings) {
		this(settings, (Destination<? super E>) lanes, traits, warnings, null, null);
	}

	/**
	 * @param destinationName the destination this executor is the lane of, named in its drop summary
	 * @param family the executor whose lane this is, or {@code null}
	 */
	@SuppressWarnings("unchecked")
	AsyncLogExecutor(ExecutorSettings settings, Destination<? super E> destination, EventTraits<? super E> traits,
			Consumer<String> warnings, String destinationName, Object family) {
		this.settings = Objects.requireNonNull(settings, "settings");
		this.traits = Objects.requireNonNull(traits, "traits");
		this.warnings = Objects.requireNonNull(warnings, "warnings");
		Objects.requireNonNull(destination, "destination");
		this.queue = new StripedQueue<>(settings.queueCapacity(), settings.queueMemory(),
				Runtime.getRuntime().availableProcessors());
		this.family = (family != null) ? family : this;
		this.lanes = (destination instanceof DestinationLanes<?, ?> own) ? (DestinationLanes<E, ?>) own : null;
		if (this.lanes != null) {
			this.lanes.joinFamily(this);
		}
		this.writer = new RunWriter<>(destination, traits, this.counters);
		this.whenFull = FullQueuePolicy.of(settings, this.queue, this::dropped, traits, this.blockedCallers,
				this::wakeAllWorkers, () -> this.state == CLOSED);
		this.summary = new DropSummary(this.counters, settings.droppedWarningInterval(), warnings, destinationName,
				System.nanoTime());
		this.sheds = settings.sheds();
		this.shedAboveCount = (int) Math.floor(settings.discardThreshold() * settings.queueCapacity());
		this.shedAboveUnits = (long) Math.floor(settings.discardThreshold() * this.queue.maxUnits());
		this.wakeAboveCount = Math.max(1, Math.min(this.shedAboveCount, settings.queueCapacity()) / 2);
		this.wakeAboveUnits = Math.max(1, Math.min(this.shedAboveUnits, this.queue.maxUnits()) / 2);
		this.backlogCount = RunWriter.RUN_LENGTH + settings.queueCapacity() / 32;
	}

	/**
	 * The estimate of an event, made once, on the calling thread: the queue keeps the units it was
	 * charged and gives back those as it leaves.
	 */
	private long bytesOf(E event) {
		try {
			return this.traits.estimatedBytes(event);
		}
		catch (Throwable ex) {
			// An estimate that fails must not lose the event: counted against the count bound alone.
			return 0;
		}
	}

	/**
	 * Counts a drop: with lanes, for each destination of the event's route, and here only when it has
	 * none (inside a reset), so that each drop is counted and said once.
	 */
	private void dropped(E event, EventLevel level, DropReason reason) {
		if (this.lanes != null) {
			try {
				if (this.lanes.droppedBeforeRouting(event, level, reason)) {
					return;
				}
			}
			catch (Throwable ex) {
				// A route that cannot be read leaves the drop counted here.
			}
		}
		this.counters.countDropped(level, reason);
	}

	/**
	 * Starts the workers. Does nothing if they run already.
	 */
	public void start() {
		synchronized (this.lifecycle) {
			if (this.state == RUNNING) {
				return;
			}
			if (this.lanes != null) {
				this.lanes.start();
			}
			long lingerNanos = this.settings.linger().toNanos();
			String prefix = this.settings.threadNamePrefix();
			Generation<E> started = new Generation<>(this.settings.workers(),
					(generation, slot) -> new Worker<>(generation, slot, prefix + (slot + 1), this.queue, this.writer,
							this.blockedCallers, (slot == 0) ? this.summary : null, lingerNanos),
					this::warn, this.family);
			this.generation = started;
			this.state = RUNNING;
			started.start();
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
		EventLevel level = Levels.of(this.traits, event);
		this.counters.countSubmitted(level);
		Thread caller = Thread.currentThread();
		// Logging from inside a destination: queueing it behind the event being written could wait forever.
		if (caller instanceof Worker<?> worker && isOwnOrLaneWorker(worker)) {
			writeOnWorker(worker, event, level);
			return true;
		}
		// The fill is one read of a line the workers write all the time: read only when shedding is on.
		if (this.sheds && level.isAtOrBelow(this.settings.discardLevel())) {
			DropReason filled = this.queue.boundFilledAbove(this.shedAboveCount, this.shedAboveUnits);
			if (filled != null) {
				this.counters.boundReached(filled);
				dropped(event, level, DropReason.DISCARDED);
				return true;
			}
		}
		int stripe = this.queue.stripeOf(threadKey(caller));
		long units = this.queue.unitsOf(bytesOf(event));
		DropReason refused = this.queue.offer(event, stripe, units);
		if (refused == null) {
			if (afterOffer(event)) {
				// Queued after the stop's sweep, and taken back: the caller writes it, as after the stop.
				this.counters.uncountSubmitted(level);
				return false;
			}
			return true;
		}
		// Every policy's drop, eviction or wait comes of this refusal: the summary's advice names this bound.
		this.counters.boundReached(refused);
		switch (this.whenFull.onRefused(event, level, stripe, units, refused)) {
			case QUEUED -> wakeWorkers(event);
			case HANDED_BACK -> {
				// Woken by a stop while it waited for room: never taken, so not submitted either.
				this.counters.uncountSubmitted(level);
				return false;
			}
			case DROPPED -> {
			}
		}
		return true;
	}

	/**
	 * A key that stays the same for a thread, to choose its stripe: its id, which {@code threadId()}
	 * also returns on Java 19 and later, where it has that name.
	 */
	@SuppressWarnings("deprecation")
	private static long threadKey(Thread thread) {
		return thread.getId();
	}

	/**
	 * @return whether the caller's event was taken back, to be written by the caller
	 */
	private boolean afterOffer(E event) {
		// The offer's CAS and this volatile read pair with stop()'s write of CLOSED and its sweep: either
		// the sweep counts the event or this caller sees CLOSED, sweeps, and takes its own back.
		if (this.state == CLOSED) {
			return takeBackAfterStop(event);
		}
		wakeWorkers(event);
		return false;
	}

	/**
	 * A caller that queued its event after the stop swept the queue (it read that the executor ran, then
	 * lost its core for the whole stop) takes its event back, so that it is written, not lost; what
	 * else it finds there is counted as dropped at shutdown, as the stop's sweep counts it.
	 */
	private boolean takeBackAfterStop(E event) {
		boolean found = false;
		for (int stripe = 0; stripe < this.queue.stripeCount(); stripe++) {
			E queued;
			while ((queued = this.queue.poll(stripe)) != null) {
				if (queued == event) {
					found = true;
				}
				else {
					dropped(queued, Levels.of(this.traits, queued), DropReason.SHUTDOWN);
				}
			}
		}
		return found;
	}

	/**
	 * Wakes a worker for an event just queued, if none is on its way. A caller that waited for room
	 * comes here without afterOffer's sweep: a stop sweeps only once no caller waits (see stop).
	 */
	private void wakeWorkers(E event) {
		Generation<E> workers = this.generation;
		for (int slot = 0, size = workers.size(); slot < size; slot++) {
			Worker<E> worker = workers.worker(slot);
			int workerState = worker.state;
			if (workerState == Worker.IDLE) {
				// One caller wins the worker's state and pays for the unpark; the others see it awake.
				if (worker.wakeIfIdle()) {
					return;
				}
			}
			else if (workerState == Worker.LINGERING) {
				if (this.queue.filledAbove(this.wakeAboveCount, this.wakeAboveUnits)) {
					worker.wakeIfLingering();
				}
				else {
					worker.gathered(this.traits.createdEpochNanos(event));
				}
				return;
			}
			else if (slot + 1 == size || !this.queue.filledAbove(this.backlogCount, Long.MAX_VALUE)) {
				// Writing, with no more queued than it is about to take: one worker is enough.
				return;
			}
			// Writing, and a backlog behind it: the next worker writes too, so that N workers write N times
			// what one does under a steady backlog.
		}
	}

	/**
	 * A drop a caller counted while the worker that says the drop summary was idle: it parked without
	 * a timer, having nothing to say, and would say this drop only when the next event woke it. Woken,
	 * it parks again until the summary is due.
	 */
	private void wakeSummarisingWorker() {
		Generation<E> workers = this.generation;
		if (workers != null && this.summary.enabled()) {
			workers.worker(0).wakeIfIdle();
		}
	}

	private void wakeAllWorkers() {
		Generation<E> workers = this.generation;
		if (workers != null) {
			for (int slot = 0, size = workers.size(); slot < size; slot++) {
				workers.worker(slot).wakeNow();
			}
		}
	}

	private void writeOnWorker(Worker<?> worker, E event, EventLevel level) {
		if (worker.nestedWrites > 0) {
			// A destination logging about an event it writes while writing that: written once, not forever.
			dropped(event, level, DropReason.DISCARDED);
			return;
		}
		worker.nestedWrites++;
		try {
			if (this.lanes != null) {
				this.lanes.writeHere(event);
			}
			else {
				this.writer.writeAlone(event);
			}
		}
		catch (Destination.NotWritten ex) {
			// Nowhere to go, as with synchronous Logback inside a reset.
		}
		finally {
			worker.nestedWrites--;
		}
	}

	/**
	 * Writes an event of this lane on the calling thread, counted as any: for an event logged on a
	 * worker, and for one handed to a lane that has stopped.
	 */
	void writeHere(E event) {
		this.counters.countSubmitted(Levels.of(this.traits, event));
		this.writer.writeAlone(event);
	}

	/**
	 * Accounts for an event of this lane that the worker of the callers' queue wrote itself (a
	 * destination that is alone): handed, and written, failed or nowhere to go.
	 */
	void accountWrittenElsewhere(EventLevel level, long createdEpochNanos, Throwable failure, boolean notWritten) {
		this.writer.accountWrittenElsewhere(level, createdEpochNanos, failure, notWritten);
	}

	/**
	 * Counts an event its executor dropped before it reached this lane: handed, and dropped.
	 */
	void countDroppedUnqueued(EventLevel level, DropReason reason) {
		this.counters.countSubmitted(level);
		this.counters.countDropped(level, reason);
	}

	/** Whether a thread is one of this executor's own workers, of the current start. */
	boolean isOwnWorker(Thread thread) {
		return thread instanceof Worker<?> worker && worker.generation == this.generation;
	}

	private boolean isOwnOrLaneWorker(Worker<?> worker) {
		return worker.generation == this.generation || (this.lanes != null && this.lanes.isLaneWorker(worker));
	}

	/**
	 * Waits until the calling thread's events queued so far are written: its stripe is empty and no
	 * worker is writing from it. For a caller that is about to write synchronously and must not pass
	 * the events it queued before.
	 * @param deadlineNanos the {@link System#nanoTime()} after which it stops waiting
	 * @return {@code true} if they are written (or dropped), {@code false} if the deadline came first
	 */
	public boolean awaitCallersEventsWritten(long deadlineNanos) {
		boolean routed = awaitCallersEventsTaken(deadlineNanos);
		// Also when this executor has stopped routing: its lanes may still hold the caller's events.
		return (this.lanes == null) ? routed : this.lanes.awaitHandedSoFarWritten(deadlineNanos) && routed;
	}

	private boolean awaitCallersEventsTaken(long deadlineNanos) {
		int stripe = this.queue.stripeOf(threadKey(Thread.currentThread()));
		Generation<E> workers = this.generation;
		while (!this.queue.isEmpty(stripe) || (workers != null && workers.isWriting(stripe))) {
			if (deadlineNanos - System.nanoTime() <= 0 || workers == null || workers.alive() == 0) {
				return false;
			}
			LockSupport.parkNanos(this, DRAIN_POLL_NANOS / 5);
		}
		return true;
	}

	/**
	 * Waits until every event queued before this call is written (or dropped), however much is queued
	 * meanwhile: for a context that stands by and stops while the application goes on logging. No
	 * worker is asked to be idle: each stripe's events before the call must have been taken, and the
	 * runs in flight then must have ended.
	 * @param deadlineNanos the {@link System#nanoTime()} after which it stops waiting
	 * @return {@code true} if they are, {@code false} if the deadline came first or no worker runs
	 */
	public boolean awaitQueuedSoFarWritten(long deadlineNanos) {
		Generation<E> workers = this.generation;
		if (workers == null || !isRunning() || isWorkerThread()) {
			return false;
		}
		long[] marks = this.queue.producerIndices();
		while (!this.queue.isTakenUpTo(marks)) {
			if (deadlineNanos - System.nanoTime() <= 0 || workers.alive() == 0) {
				return false;
			}
			LockSupport.parkNanos(this, DRAIN_POLL_NANOS / 5);
		}
		long[] runs = workers.runsInFlight();
		while (!workers.haveEnded(runs)) {
			if (deadlineNanos - System.nanoTime() <= 0) {
				return false;
			}
			LockSupport.parkNanos(this, DRAIN_POLL_NANOS / 5);
		}
		return this.lanes == null || this.lanes.awaitHandedSoFarWritten(deadlineNanos);
	}

	/**
	 * From now on, until {@link #release()}, the workers write only the events queued before this
	 * call; those queued after wait in the queue, in order, and the queue's bounds and drop policy
	 * apply to them as to any. For a reconfiguration of the destination: what was queued before it
	 * is written to the destination as it was, what is logged during it to the destination as it will
	 * be. A hold while held keeps the first. A stop releases it.
	 * @param atMost how long the hold may last if nobody releases it
	 * @param onExpired runs on a worker, once, if it lasted that long
	 */
	public void hold(Duration atMost, Runnable onExpired) {
		synchronized (this.lifecycle) {
			// A stop releases any hold and must find none after: it drains everything.
			if (this.state == RUNNING) {
				this.queue.hold(System.nanoTime() + Durations.saturatedNanos(atMost), onExpired);
			}
		}
	}

	/**
	 * Waits until the events queued before the {@link #hold} are written (or dropped) and no worker
	 * writes. Returns at once on a worker, which must never wait for the queue.
	 * @param deadlineNanos the {@link System#nanoTime()} after which it stops waiting: a destination
	 * that hangs
	 * @return {@code true} if they are written, {@code false} if the deadline came first or no worker runs
	 */
	public boolean awaitHeldWritten(long deadlineNanos) {
		Generation<E> workers = this.generation;
		if (workers == null || !isRunning() || isWorkerThread()) {
			return false;
		}
		while (!this.queue.isTakenUpToHold() || workers.writing() > 0) {
			if (deadlineNanos - System.nanoTime() <= 0 || workers.alive() == 0) {
				return false;
			}
			LockSupport.parkNanos(this, DRAIN_POLL_NANOS / 5);
		}
		return this.lanes == null || this.lanes.awaitHandedSoFarWritten(deadlineNanos);
	}

	/**
	 * Ends a {@link #hold}: the workers write every event queued, in order.
	 */
	public void release() {
		this.queue.release();
		wakeAllWorkers();
	}

	/**
	 * Whether the calling thread is one of this executor's workers, which must never wait for the
	 * queue to be written.
	 * @return {@code true} on a worker of the current start
	 */
	public boolean isWorkerThread() {
		return Thread.currentThread() instanceof Worker<?> worker && isOwnOrLaneWorker(worker);
	}

	/**
	 * Stops accepting events once the queue is drained, and stops the workers. Events submitted
	 * while it drains are still written. When the queue is written before the timeout, the stop ends
	 * then; what is still queued when the timeout runs out is counted as dropped with reason
	 * {@code shutdown}, and workers still inside a destination then are left behind.
	 * @param timeout how long the queue may take to drain
	 * @return what could not be written, and the drops not yet summarised
	 */
	public StopReport stop(Duration timeout) {
		synchronized (this.lifecycle) {
			if (this.state != RUNNING) {
				this.state = CLOSED;
				StopReport none = new StopReport(0, 0, timeout, null);
				return (this.lanes != null) ? none.and(this.lanes.stop(System.nanoTime(), timeout)) : none;
			}
			long deadline = System.nanoTime() + Durations.saturatedNanos(timeout);
			Generation<E> stopping = this.generation;
			this.state = DRAINING;
			// What a reconfiguration held back is written too: the destination is what it is now.
			this.queue.release();
			stopping.closing = true;
			wakeAllWorkers();
			// With lanes, the queue callers write to stays open until the lanes have written what it routed:
			// a caller that logs meanwhile is routed and written too, as it would be without lanes.
			boolean drained = awaitDrained(stopping, deadline) && (this.lanes == null
					|| this.lanes.awaitHandedSoFarWritten(deadline) && awaitDrained(stopping, deadline));
			if (!drained) {
				// The timeout ran out: workers finish the event they write, then write nothing more.
				stopping.abandoned = true;
			}
			this.state = CLOSED;
			stopping.finished = true;
			wakeAllWorkers();
			// Callers still waiting for room see CLOSED and take their event back; until they have, one of
			// them may still queue its event, which the sweep below must count.
			this.blockedCallers.wakeAll();
			long margin = drained ? Math.max(ABANDON_MARGIN_NANOS, deadline - System.nanoTime()) : ABANDON_MARGIN_NANOS;
			long marginEnd = System.nanoTime() + margin;
			if (!join(stopping, marginEnd)) {
				stopping.abandoned = true;
				interruptAll(stopping);
			}
			awaitNoCallerWaiting(Math.max(marginEnd, System.nanoTime() + ABANDON_MARGIN_NANOS));
			long dropped = dropQueued();
			int stuck = stopping.writingAlive();
			StopReport report = new StopReport(dropped, stuck, timeout, this.summary.takeLastLine());
			// What the lanes hold is written by the same deadline: their workers wrote while the router drained.
			return (this.lanes != null) ? report.and(this.lanes.stop(deadline, timeout)) : report;
		}
	}

	private boolean awaitDrained(Generation<E> stopping, long deadline) {
		// A caller waiting for room (block) queues its event once there is some: it is still to write.
		while (!this.queue.isEmpty() || stopping.writing() > 0 || this.whenFull.waiting() > 0) {
			if (deadline - System.nanoTime() <= 0) {
				return false;
			}
			if (stopping.alive() == 0) {
				// Every worker died and none was replaced: nothing will write the queue.
				return false;
			}
			LockSupport.parkNanos(this, DRAIN_POLL_NANOS);
		}
		return true;
	}

	/**
	 * Waits until no caller waits for room under block: each looks at the state between two pauses of
	 * at most a tenth of a millisecond. A caller that has lost its core past the deadline may still queue
	 * its event after the sweep; it then counts the event itself, as afterOffer does.
	 */
	private void awaitNoCallerWaiting(long deadline) {
		while (this.whenFull.waiting() > 0 && deadline - System.nanoTime() > 0) {
			this.blockedCallers.wakeAll();
			LockSupport.parkNanos(this, DRAIN_POLL_NANOS / 5);
		}
	}

	private static boolean join(Generation<?> stopping, long deadline) {
		for (int slot = 0; slot < stopping.size(); slot++) {
			Worker<?> worker = stopping.worker(slot);
			long remaining = deadline - System.nanoTime();
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

	private static void interruptAll(Generation<?> stopping) {
		for (int slot = 0; slot < stopping.size(); slot++) {
			stopping.worker(slot).interrupt();
		}
	}

	/**
	 * Takes every event still queued and counts it as dropped at shutdown.
	 * @return how many
	 */
	private long dropQueued() {
		long dropped = 0;
		for (int stripe = 0; stripe < this.queue.stripeCount(); stripe++) {
			E event;
			while ((event = this.queue.poll(stripe)) != null) {
				dropped(event, Levels.of(this.traits, event), DropReason.SHUTDOWN);
				dropped++;
			}
		}
		return dropped;
	}

	private void warn(String line) {
		this.warnings.accept(line);
	}

	/**
	 * Adds a listener of each written event's delivery latency, from creation to written.
	 * @param listener receives nanoseconds, on a worker thread; what it throws is caught
	 */
	public void addLatencyListener(LongConsumer listener) {
		this.writer.addLatencyListener(listener);
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
		if (this.lanes != null) {
			return sumOfLanes(DestinationLane::delivered);
		}
		return this.counters.delivered();
	}

	/**
	 * Events a destination threw on.
	 * @return the count since creation
	 */
	public long failed() {
		if (this.lanes != null) {
			return sumOfLanes(DestinationLane::failed);
		}
		return this.counters.failed();
	}

	/**
	 * Events of a level dropped for a reason.
	 * @param level the level
	 * @param reason the reason
	 * @return the count since creation
	 */
	public long dropped(EventLevel level, DropReason reason) {
		return this.counters.dropped(level, reason) + sumOfLanes((lane) -> lane.dropped(level, reason));
	}

	/**
	 * Events dropped for any reason.
	 * @return the count since creation
	 */
	public long dropped() {
		return this.counters.dropped() + sumOfLanes(DestinationLane::dropped);
	}

	/**
	 * Events waiting in the queue now.
	 * @return the queue's size
	 */
	public int queueSize() {
		return this.queue.size() + (int) sumOfLanes((lane) -> lane.executor().queueSize());
	}

	/** Events waiting in this executor's own queue, not in its lanes. */
	int ownQueueSize() {
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
	 * Estimated bytes the queued events hold now.
	 * @return bytes, rounded up to the estimate's unit
	 */
	public long queueMemoryUsed() {
		return this.queue.bytesQueued() + ((this.lanes != null) ? this.lanes.bytesQueued() : 0);
	}

	/**
	 * The most bytes the queued events may hold.
	 * @return bytes
	 */
	public long queueMemoryMax() {
		return this.queue.maxBytes() + ((this.lanes != null) ? this.lanes.maxBytes() : 0);
	}

	/**
	 * How many events of an estimated size the memory bound holds, as the queue rounds each event's
	 * estimate.
	 * @param estimatedBytes an event's estimated size
	 * @return events
	 */
	public long eventsFittingInMemory(long estimatedBytes) {
		return this.queue.maxUnits() / Math.max(1, this.queue.unitsOf(estimatedBytes));
	}

	/**
	 * Worker threads running now.
	 * @return the number of live workers of the current start
	 */
	public int workersAlive() {
		Generation<E> workers = this.generation;
		int own = (workers != null && this.state != CLOSED) ? workers.alive() : 0;
		return own + ((this.lanes != null) ? this.lanes.workersAlive() : 0);
	}

	/**
	 * The worker threads this executor should have running: its own, and each lane's.
	 * @return the number of workers
	 */
	public int workers() {
		return this.settings.workers()
				+ (int) sumOfLanes((lane) -> lane.executor().isRunning() ? lane.settings().workers() : 0);
	}

	/**
	 * The lanes of the destinations, one each, if this executor routes to lanes.
	 * @return the lanes made so far; empty if its workers write one destination themselves
	 */
	public List<DestinationLane> destinations() {
		return (this.lanes != null) ? this.lanes.lanes() : List.of();
	}

	/**
	 * Makes the lanes of the destinations known now, so that their meters exist before their first
	 * event. Does nothing if this executor does not route to lanes.
	 * @param names the destinations' names
	 */
	public void declareDestinations(java.util.Collection<String> names) {
		if (this.lanes != null) {
			this.lanes.declare(names);
		}
	}

	/**
	 * Tells a listener of every destination's lane, those made already and those made later (an
	 * appender added at run time).
	 * @param listener receives each lane once
	 */
	public void forEachDestination(Consumer<DestinationLane> listener) {
		if (this.lanes != null) {
			this.lanes.forEachLane(listener);
		}
	}

	private long sumOfLanes(java.util.function.ToLongFunction<DestinationLane> count) {
		long sum = 0;
		if (this.lanes != null) {
			for (DestinationLane lane : this.lanes.lanes()) {
				sum += count.applyAsLong(lane);
			}
		}
		return sum;
	}

	/**
	 * Workers that died of something outside any destination and were replaced since the last start.
	 * @return the number of replacements
	 */
	public int workersReplaced() {
		Generation<E> workers = this.generation;
		return ((workers != null) ? workers.replaced() : 0)
				+ (int) sumOfLanes((lane) -> lane.executor().workersReplaced());
	}

	/**
	 * The last failure a destination threw, if any.
	 * @return the failure, or {@code null}
	 */
	public Throwable lastFailure() {
		Throwable own = this.writer.lastFailure();
		if (own != null || this.lanes == null) {
			return own;
		}
		for (DestinationLane lane : this.lanes.lanes()) {
			if (lane.lastFailure() != null) {
				return lane.lastFailure();
			}
		}
		return null;
	}

}
