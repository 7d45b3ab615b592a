package io.github.asynclogging.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a log call does to an {@link AsyncLogExecutor}: counts the event, sheds it, queues it or hands
 * it to the full-queue policy, and wakes a worker only when none is on its way. Kept apart from the
 * lifecycle so that what every caller pays reads at once: no lock, no allocation, no wait but under
 * {@link DropPolicy#BLOCK}.
 *
 * @param <E> the event type
 */
final class CallerPath<E> {

	/**
	 * How long a sweep waits for a caller between claiming a slot and filling it: a few instructions,
	 * or a core for a thread that lost it. Only a thread that died in between (an error thrown there)
	 * takes longer; this keeps it from hanging a stop, and each slot has its own wait, so that one such
	 * slot leaves the other stripes' waits whole.
	 */
	private static final long SWEEP_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

	/** What every sweep has dropped: see {@link #droppedAtShutdown()}. */
	private final AtomicLong droppedAtShutdown = new AtomicLong();

	/** The executor whose state and current workers the path reads. */
	private final AsyncLogExecutor<E> executor;

	private final ExecutorSettings settings;

	private final EventTraits<? super E> traits;

	private final StripedQueue<E> queue;

	private final EventCounters counters;

	private final RunWriter<E> writer;

	private final DestinationLanes<E, ?> lanes;

	/** The lanes' workers, which route this queue; {@code null} without lanes. */
	private final LaneWorkers laneWorkers;

	private final FullQueuePolicy<E> whenFull;

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

	CallerPath(AsyncLogExecutor<E> executor, ExecutorSettings settings, EventTraits<? super E> traits,
			StripedQueue<E> queue, EventCounters counters, RunWriter<E> writer, DestinationLanes<E, ?> lanes,
			BlockedCallers blockedCallers) {
		this.executor = executor;
		this.settings = settings;
		this.traits = traits;
		this.queue = queue;
		this.counters = counters;
		this.writer = writer;
		this.lanes = lanes;
		this.laneWorkers = (lanes != null) ? lanes.workers() : null;
		this.whenFull = FullQueuePolicy.of(settings, queue, this::dropped, traits, blockedCallers,
				executor::wakeAllWorkers, executor::isClosed);
		this.sheds = settings.sheds();
		this.shedAboveCount = (int) Math.floor(settings.discardThreshold() * settings.queueCapacity());
		this.shedAboveUnits = (long) Math.floor(settings.discardThreshold() * queue.maxUnits());
		this.wakeAboveCount = Math.max(1, Math.min(this.shedAboveCount, settings.queueCapacity()) / 2);
		this.wakeAboveUnits = Math.max(1, Math.min(this.shedAboveUnits, queue.maxUnits()) / 2);
		this.backlogCount = RunWriter.RUN_LENGTH + settings.queueCapacity() / 32;
	}

	/**
	 * See {@link AsyncLogExecutor#submit}.
	 * @param byOwnWorker whether a lane's own worker hands it the event as it routes
	 */
	boolean submit(E event, boolean byOwnWorker) {
		if (!this.executor.isRunning()) {
			return false;
		}
		EventLevel level = Levels.of(this.traits, event);
		this.counters.countSubmitted(level);
		Thread caller = Thread.currentThread();
		// Logging from inside a destination: queueing it behind the event being written could wait forever.
		if (!byOwnWorker && caller instanceof Worker<?> worker && this.executor.isOwnOrLaneWorker(worker)) {
			writeOnWorker(worker, event, level);
			return true;
		}
		if (this.laneWorkers != null && !this.laneWorkers.anyLane()) {
			boolean somewhere = this.lanes.declareRouteOf(event);
			if (!this.laneWorkers.anyLane()) {
				// No lane, so no worker to route: nowhere to go is written to no appender, as synchronous
				// Logback writes it (a context with none attached); a route of appenders that all stay
				// synchronous was written by this caller, and counts for none.
				if (!somewhere) {
					dropped(event, level, DropReason.DISCARDED);
				}
				return true;
			}
		}
		int stripe = this.queue.stripeOf(threadKey(caller));
		// The fill is one read of a line the workers write all the time: read only when shedding is on.
		if (this.sheds && level.isAtOrBelow(this.settings.discardLevel())) {
			DropReason filled = this.queue.boundFilledAbove(this.shedAboveCount, this.shedAboveUnits);
			if (filled != null) {
				if (this.queue.isClosed(stripe)) {
					return handedBack(level);
				}
				this.counters.boundReached(filled);
				dropped(event, level, DropReason.DISCARDED);
				return true;
			}
		}
		long units = this.queue.unitsOf(bytesOf(event));
		DropReason refused = this.queue.offer(event, stripe, units);
		if (refused == null) {
			return queued(event);
		}
		if (byOwnWorker && this.settings.dropPolicy() == DropPolicy.BLOCK) {
			// Only this worker makes room in its lane: it writes what is there, rather than wait for itself.
			refused = makeRoomAndOffer((Worker<?>) caller, event, stripe, units, refused);
			if (refused == null) {
				return queued(event);
			}
		}
		if (refused == DropReason.SHUTDOWN) {
			return handedBack(level);
		}
		// Every policy's drop, eviction or wait comes of this refusal: the summary's advice names this bound.
		this.counters.boundReached(refused);
		return switch (this.whenFull.onRefused(event, level, stripe, units, refused)) {
			case QUEUED -> queued(event);
			case HANDED_BACK -> handedBack(level);
			case DROPPED -> true;
		};
	}

	/**
	 * Closed by a stop since this call began (or woken by one while it waited for room): never taken,
	 * so not submitted either, and the caller writes it.
	 */
	private boolean handedBack(EventLevel level) {
		this.counters.uncountSubmitted(level);
		return false;
	}

	/**
	 * After any offer that queued the event: queued before a stop closed the queue, so that stop drains
	 * it, or drops it at its deadline.
	 * @return that the executor took charge of the event
	 */
	private boolean queued(E event) {
		wakeWorkers(event);
		return true;
	}

	private DropReason makeRoomAndOffer(Worker<?> own, E event, int stripe, long units, DropReason firstRefusal) {
		DropReason refused = firstRefusal;
		while (refused != null && refused != DropReason.SHUTDOWN && units <= this.queue.maxUnits()
				&& own.writeAvailable() > 0) {
			refused = this.queue.offer(event, stripe, units);
		}
		return refused;
	}

	/**
	 * A key that stays the same for a thread, to choose its stripe: its id, which {@code threadId()}
	 * also returns on Java 19 and later, where it has that name.
	 */
	@SuppressWarnings("deprecation")
	static long threadKey(Thread thread) {
		return thread.getId();
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
	void dropped(E event, EventLevel level, DropReason reason) {
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
	 * At a stop, once its workers are done: takes every event still queued, which its deadline left
	 * behind, and counts it as dropped at shutdown. Gives up only on a slot whose producer never fills
	 * it (see {@link #SWEEP_WAIT_NANOS}).
	 */
	void dropQueued() {
		long dropped = 0;
		for (int stripe = 0; stripe < this.queue.stripeCount(); stripe++) {
			long end = this.queue.producerIndex(stripe);
			E queued;
			while ((queued = this.queue.pollClaimed(stripe, end, SWEEP_WAIT_NANOS)) != null) {
				dropped(queued, Levels.of(this.traits, queued), DropReason.SHUTDOWN);
				dropped++;
			}
		}
		if (dropped > 0) {
			this.droppedAtShutdown.addAndGet(dropped);
		}
	}

	/** Events the stops' sweeps have dropped so far. */
	long droppedAtShutdown() {
		return this.droppedAtShutdown.get();
	}

	/** Wakes a worker for an event just queued, if none is on its way. */
	private void wakeWorkers(E event) {
		if (this.laneWorkers != null) {
			wakeToRoute(event);
			return;
		}
		Generation<E> workers = this.executor.generation;
		for (int slot = 0, size = workers.size(); slot < size; slot++) {
			Worker<E> worker = workers.worker(slot);
			int workerState = worker.state;
			if (workerState != Worker.RUNNING) {
				if (wokeOrGathered(worker, workerState, event)) {
					return;
				}
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
	 * Wakes a lane's worker to route an event just queued, unless one routes now (it looks at the queue
	 * again as it lets go) or one is on its way. A worker writing its lane is passed over: its destination
	 * may be slow or hang, and another's worker routes meanwhile.
	 */
	private void wakeToRoute(E event) {
		if (this.laneWorkers.isRouting()) {
			return;
		}
		AsyncLogExecutor<?>[] lanes = this.laneWorkers.executors();
		for (AsyncLogExecutor<?> lane : lanes) {
			Generation<?> workers = lane.generation;
			if (workers == null) {
				continue;
			}
			for (int slot = 0, size = workers.size(); slot < size; slot++) {
				Worker<?> worker = workers.worker(slot);
				int workerState = worker.state;
				if (workerState != Worker.RUNNING && wokeOrGathered(worker, workerState, event)) {
					return;
				}
			}
		}
	}

	/**
	 * A parked worker: an idle one is woken (one caller wins its state and pays for the unpark; the
	 * others see it awake), a lingering one gathers the event, or is woken when the queue fills.
	 * @return whether the worker is on its way: no other needs waking
	 */
	private boolean wokeOrGathered(Worker<?> worker, int workerState, E event) {
		if (workerState == Worker.IDLE) {
			return worker.wakeIfIdle();
		}
		if (this.queue.filledAbove(this.wakeAboveCount, this.wakeAboveUnits)) {
			worker.wakeIfLingering();
		}
		else {
			worker.gathered(this.traits.createdEpochNanos(event));
		}
		return true;
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

	/** Callers waiting for room now (block): a stop must not close while one can still queue its event. */
	int waitingForRoom() {
		return this.whenFull.waiting();
	}

}
