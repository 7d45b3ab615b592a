package io.github.asynclogging.engine;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The routing of an executor with lanes, for one start: no thread of its own. The lanes' workers
 * take turns, one at a time, to take what callers queued and hand each event to the lane of each
 * destination on its route; a worker routes between the runs of its own lane. One at a time keeps
 * each thread's events in order; any of them can route, so that a destination that is slow or hangs
 * holds up only its own lane's worker, and the others go on routing. A worker that finds another
 * routing leaves it to that one, which looks at the queue again as it lets go.
 * <p>
 * So an event wakes one thread per destination, as the same number of Logback {@code AsyncAppender}s
 * do, and there are as many threads as destinations' workers.
 *
 * @param <E> the event type
 */
final class Routing<E> implements RunTaker, QueueTakers {

	/** Events a worker routes in one turn at most: four runs. */
	static final int TURN_EVENTS = 4 * RunWriter.RUN_LENGTH;

	private final StripedQueue<E> queue;

	private final RunLoop<E> runs;

	private final DropSummary summary;

	private final LaneWorkers lanes;

	/** The worker routing now, or {@code null}. */
	private final AtomicReference<Thread> router = new AtomicReference<>();

	private volatile int inFlightStripe = Worker.NOT_IN_FLIGHT;

	private volatile long runsBegun;

	private volatile boolean closing;

	/** Set once the stop has drained the queue: no turn begins after. */
	private volatile boolean finished;

	/** The room check of the worker whose turn it is; touched by that worker only. */
	private BooleanSupplier ownLaneHasRoom;

	private volatile boolean abandoned;

	Routing(StripedQueue<E> queue, RunWriter<E> writer, BlockedCallers blockedCallers, DropSummary summary,
			LaneWorkers lanes) {
		this.queue = queue;
		this.runs = new RunLoop<>(queue, writer, blockedCallers, summary, 0);
		this.summary = summary;
		this.lanes = lanes;
	}

	/**
	 * See {@link RoutingDuty#routeAvailable(BooleanSupplier)}. A turn ends after {@link #TURN_EVENTS}, so that a worker
	 * that routes a flood also writes its own lane between turns, rather than let it overflow.
	 */
	int routeAvailable(BooleanSupplier ownLaneHasRoom) {
		int total = 0;
		boolean turnEnded = false;
		// Looked at again after letting go: a caller that queued while this worker routed, and saw it
		// routing, left the event to it.
		while (!turnEnded && !this.finished && !this.abandoned && hasSomethingToTake()
				&& this.router.compareAndSet(null, Thread.currentThread())) {
			try {
				this.ownLaneHasRoom = ownLaneHasRoom;
				expireHoldIfDue();
				int routed = this.runs.writeAvailable(this, TURN_EVENTS - total);
				total += routed;
				turnEnded = total >= TURN_EVENTS || !ownLaneHasRoom.getAsBoolean();
			}
			finally {
				this.ownLaneHasRoom = null;
				this.router.set(null);
			}
		}
		if (turnEnded && hasSomethingToTake()) {
			// This worker goes to its own lane, which may be slow: callers that saw it routing woke nobody.
			this.lanes.wakeOneIdle();
		}
		return total;
	}

	/** See {@link RoutingDuty#hasWork()}. */
	boolean hasWork() {
		return !this.abandoned && this.router.get() == null && hasSomethingToTake();
	}

	private boolean hasSomethingToTake() {
		return !this.queue.hasNothingToTake() || holdExpired();
	}

	/** Whether another thread is routing now, and will look at the queue again as it lets go. */
	boolean isRouting() {
		return this.router.get() != null;
	}

	/** See {@link RoutingDuty#parkNanos(long)}. */
	long parkNanos(long nowNanos) {
		long nanos = this.summary.parkNanos(nowNanos);
		StripedQueue.Hold held = this.queue.held();
		if (held != null) {
			long left = Math.max(1, held.deadlineNanos() - nowNanos);
			nanos = (nanos > 0) ? Math.min(nanos, left) : left;
		}
		return nanos;
	}

	/** Says the routing's own drop summary if due: drops of events that had no destination. */
	void reportIfDue(long nowNanos) {
		this.summary.reportIfDue(nowNanos);
	}

	private boolean holdExpired() {
		StripedQueue.Hold held = this.queue.held();
		return held != null && held.deadlineNanos() - System.nanoTime() <= 0;
	}

	/** A hold nobody releases (a configuration that never says it ended) ends by itself. */
	private void expireHoldIfDue() {
		StripedQueue.Hold held = this.queue.held();
		if (held != null && held.deadlineNanos() - System.nanoTime() <= 0 && this.queue.release(held)) {
			held.onExpired().run();
		}
	}

	// As a taker of runs.

	@Override
	public void takingFrom(int stripe) {
		this.inFlightStripe = stripe;
		this.runsBegun++;
	}

	@Override
	public void taken() {
		this.inFlightStripe = Worker.NOT_IN_FLIGHT;
	}

	@Override
	public void beganRun() {
	}

	@Override
	public boolean abandoned() {
		return this.abandoned;
	}

	@Override
	public boolean mayTakeRun() {
		BooleanSupplier room = this.ownLaneHasRoom;
		return room == null || room.getAsBoolean();
	}

	// As the takers of the callers' queue, for its waits and its stop.

	@Override
	public boolean isWriting(int stripe) {
		return this.inFlightStripe == stripe;
	}

	@Override
	public int writing() {
		return (this.inFlightStripe != Worker.NOT_IN_FLIGHT) ? 1 : 0;
	}

	@Override
	public int alive() {
		return this.lanes.alive();
	}

	@Override
	public long[] runsInFlight() {
		return new long[] { (this.inFlightStripe != Worker.NOT_IN_FLIGHT) ? this.runsBegun : -1 };
	}

	@Override
	public boolean haveEnded(long[] runs) {
		return runs[0] < 0 || this.inFlightStripe == Worker.NOT_IN_FLIGHT || this.runsBegun != runs[0];
	}

	@Override
	public void closing() {
		this.closing = true;
	}

	boolean isClosing() {
		return this.closing;
	}

	@Override
	public void finish() {
		this.finished = true;
	}

	@Override
	public void abandon() {
		this.abandoned = true;
	}

	@Override
	public void wakeAll() {
		this.lanes.wakeAll();
	}

	@Override
	public void wakeSummariser() {
		this.lanes.wakeOneIdle();
	}

	@Override
	public boolean join(long deadlineNanos) {
		// No turn begins once finished: the one under way, if any, ends.
		for (Thread routing = this.router.get(); routing != null && routing.isAlive(); routing = this.router.get()) {
			if (deadlineNanos - System.nanoTime() <= 0) {
				return false;
			}
			LockSupport.parkNanos(this, QueueWaits.DRAIN_POLL_NANOS / 5);
		}
		return true;
	}

	@Override
	public void interruptAll() {
		Thread routing = this.router.get();
		if (routing != null) {
			routing.interrupt();
		}
	}

	@Override
	public int writingAlive() {
		Thread routing = this.router.get();
		return (routing != null && routing.isAlive() && this.inFlightStripe != Worker.NOT_IN_FLIGHT) ? 1 : 0;
	}

}
