package io.github.asynclogging.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A worker thread of one {@link Generation}: it writes what the queue holds, stripe after stripe,
 * and waits in a way whose cost follows the events, not the clock.
 * <p>
 * How it waits: with nothing to do it parks without a timer, and the caller that queues the next
 * event wakes it (one unpark, paid only by a caller that finds it parked). Woken again soon after it
 * went idle, it takes the log rate for a busy one and, after each write, <em>lingers</em>: it parks
 * while events gather, and the first caller whose event was made a linger after the first event
 * gathered wakes it, so that a busy worker wakes once per linger, not once per event. A wake-up by
 * {@code unpark} costs a third of one by a timer (BENCHMARKS.md, "What a wake-up costs"), so the
 * linger's park has a timer only as a fallback, at twice the linger, for the last events of a burst
 * that no later caller comes to wake. A linger its timer ends ends the busy spell: events come too
 * seldom for gathering to pay. Callers also end a linger when the queue is filling up.
 * <p>
 * A thread of its own type so that a log call can tell, with one type check and no thread-local
 * lookup, that it is made on a worker and must not be queued behind itself.
 *
 * @param <E> the event type
 */
final class Worker<E> extends Thread implements RunTaker {

	static final int NOT_IN_FLIGHT = -1;

	/** Writing, or about to look at the queue again: needs no wake-up. */
	static final int RUNNING = 0;

	/** Parked while events gather: woken by a caller once they have gathered for the linger. */
	static final int LINGERING = 1;

	/** Parked without a timer: the next caller must wake it. */
	static final int IDLE = 2;

	/** What a pass of the loop answers: the worker ends. */
	private static final int EXIT = -1;

	/** What a pass of the loop answers: events come seldom, the worker waits without lingering. */
	private static final int QUIET = 0;

	/** What a pass of the loop answers: events come at least once a linger, the worker lingers. */
	private static final int BUSY = 1;

	private static final VarHandle STATE;

	private static final VarHandle FIRST_GATHERED;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			STATE = lookup.findVarHandle(Worker.class, "state", int.class);
			FIRST_GATHERED = lookup.findVarHandle(Worker.class, "firstGathered", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	final Generation<E> generation;

	final int slot;

	private final StripedQueue<E> queue;

	private final RunLoop<E> runs;

	private final DropSummary summary;

	/** The routing of the callers' queue this worker's lane takes part in, or {@code null}. */
	private final RoutingDuty routing;

	/** Made once: asked before each run this worker routes. */
	private final BooleanSupplier hasRoomForARun = this::hasRoomForARun;

	/** Whether the lane can be filled beyond its room while routing only under {@code block}. */
	private final boolean blocks;

	private final long lingerNanos;

	volatile int state = RUNNING;

	/**
	 * When the first event queued during this linger was made, in nanoseconds since the epoch, or 0:
	 * set by that event's caller, reset as the worker begins to linger.
	 */
	volatile long firstGathered;

	/** The stripe whose events this worker is taking or writing now, or {@link #NOT_IN_FLIGHT}. */
	volatile int inFlightStripe = NOT_IN_FLIGHT;

	/** Runs this worker has begun: a run in flight has ended once this has moved on or nothing is in flight. */
	volatile long runsBegun;

	/** Depth of events written directly on this worker; touched by this thread only. */
	int nestedWrites;

	/**
	 * @param summary the drop summary this worker says, or {@code null}
	 * @param routing the routing this worker takes part in (a lane's worker), or {@code null}
	 * @param blocks whether its queue's policy is {@code block}
	 */
	Worker(Generation<E> generation, int slot, String name, StripedQueue<E> queue, RunWriter<E> writer,
			BlockedCallers blockedCallers, DropSummary summary, long lingerNanos, RoutingDuty routing, boolean blocks) {
		super(name);
		setDaemon(true);
		this.generation = generation;
		this.slot = slot;
		this.queue = queue;
		// Workers beyond the stripes share them: slot 5 of 4 stripes starts at stripe 1.
		this.runs = new RunLoop<>(queue, writer, blockedCallers, summary, slot);
		this.summary = summary;
		this.lingerNanos = lingerNanos;
		this.routing = routing;
		this.blocks = blocks;
	}

	/**
	 * Whether this worker's queue, its lane, has room for a run routed into it: under {@code block} only
	 * this worker could make room once it is full, and not while the others wait for it to route.
	 */
	private boolean hasRoomForARun() {
		// An empty lane takes a run however small it is: the run's worst case falls back on writing first.
		return !this.blocks || this.queue.isEmpty() || !this.queue.filledAbove(
				Math.max(0, this.queue.capacity() - RunWriter.RUN_LENGTH), this.queue.maxUnits() - this.queue.maxUnits() / 8);
	}

	/**
	 * Ends an idle park, if the worker is in one.
	 * @return whether this call woke it
	 */
	boolean wakeIfIdle() {
		if (this.state == IDLE && STATE.compareAndSet(this, IDLE, RUNNING)) {
			LockSupport.unpark(this);
			return true;
		}
		return false;
	}

	/**
	 * An event was queued while this worker lingers: the first one's time is kept, and the caller of
	 * one made a linger or more after it ends the linger. The events' own times are the clock: the
	 * caller reads no other. A clock set back leaves the wake-up to the fallback timer; one set forward
	 * wakes the worker early: neither loses an event.
	 * @param createdEpochNanos when the event was made
	 */
	void gathered(long createdEpochNanos) {
		long first = this.firstGathered;
		if (first == 0) {
			FIRST_GATHERED.compareAndSet(this, 0L, createdEpochNanos);
		}
		else if (createdEpochNanos - first >= this.lingerNanos) {
			wakeIfLingering();
		}
	}

	/**
	 * Ends a linger early, if the worker is in one.
	 */
	void wakeIfLingering() {
		if (this.state == LINGERING && STATE.compareAndSet(this, LINGERING, RUNNING)) {
			LockSupport.unpark(this);
		}
	}

	/**
	 * Ends any park now: the queue is full, or the executor stops.
	 */
	void wakeNow() {
		this.state = RUNNING;
		LockSupport.unpark(this);
	}

	/**
	 * A run begins. More queued than this run takes is a backlog: a parked sibling is woken to write
	 * beside this worker, and as its own run begins it wakes the next, so that under a steady backlog
	 * every worker writes, also once callers have gone quiet. (Callers go past a writing worker to the
	 * next only while they see a backlog: AsyncLogExecutor.wakeWorkers.)
	 */
	@Override
	public void beganRun() {
		if (this.generation.size() > 1 && this.queue.size() > RunWriter.RUN_LENGTH) {
			this.generation.wakeOneIdle();
		}
	}

	@Override
	public void takingFrom(int stripe) {
		this.inFlightStripe = stripe;
		this.runsBegun++;
	}

	@Override
	public void taken() {
		this.inFlightStripe = NOT_IN_FLIGHT;
	}

	@Override
	public boolean abandoned() {
		return this.generation.abandoned;
	}

	boolean isWriting() {
		return this.inFlightStripe != NOT_IN_FLIGHT;
	}

	@Override
	public void run() {
		Throwable death = null;
		try {
			work();
		}
		catch (Throwable ex) {
			death = ex;
		}
		finally {
			this.generation.exited(this, death);
		}
	}

	private void work() {
		// The loop's body is a method of its own: at a low log rate the loop turns too seldom for the
		// JIT to compile it in place (an on-stack replacement waits for tens of thousands of turns), so
		// it ran interpreted, and every call out of it paid the crossing into compiled code; a method is
		// compiled after a few thousand calls (docs/benchmarks.md, "The worker's loop, compiled").
		for (int pass = QUIET; pass != EXIT; pass = pass(pass == BUSY)) {
		}
	}

	/**
	 * Writes once what there is, then waits as the rate calls for.
	 * @param busy whether events came at least once a linger lately
	 * @return {@link #EXIT}, or whether events now come at least once a linger ({@link #BUSY} or {@link #QUIET})
	 */
	private int pass(boolean busy) {
		// Routing first: what it queues in this worker's own lane is written right after.
		int written = ((this.routing != null) ? this.routing.routeAvailable(this.hasRoomForARun) : 0)
				+ writeAvailable();
		if (this.generation.abandoned) {
			return EXIT;
		}
		if (written == 0 && this.generation.finished && this.queue.isEmpty()) {
			return EXIT;
		}
		if (written > 0 && this.routing != null && this.routing.hasWork()) {
			// A turn spent with more to route: routed on at once, as a worker writes its own queue.
			return busy ? BUSY : QUIET;
		}
		if (busy && written > 0 && !this.generation.closing && (this.routing == null || !this.routing.closing())) {
			// A linger its timer ended found no caller a linger behind the first: too few events for
			// gathering to pay, and lingering again would wake on the timer, the dearer wake-up.
			return linger() ? BUSY : QUIET;
		}
		long idleSince = System.nanoTime();
		idle();
		// Woken within a linger of going idle: events come at least that often, so let the next ones gather.
		return (this.lingerNanos > 0 && System.nanoTime() - idleSince < this.lingerNanos) ? BUSY : QUIET;
	}

	/**
	 * Writes what this worker's queue holds, until a full round finds nothing: also called while it
	 * routes, when its own lane is full under {@code block} and only it can make room.
	 * @return the number of events written
	 */
	int writeAvailable() {
		return this.runs.writeAvailable(this, Integer.MAX_VALUE);
	}

	/**
	 * Parks while events gather.
	 * @return whether a caller ended the linger, rather than its fallback timer
	 */
	private boolean linger() {
		clearStrayInterrupt();
		this.firstGathered = 0;
		this.state = LINGERING;
		// A fallback: in a steady stream a caller ends the park after about one linger.
		LockSupport.parkNanos(this, 2 * this.lingerNanos);
		// A caller sets RUNNING before it unparks.
		boolean byCaller = this.state != LINGERING;
		this.state = RUNNING;
		return byCaller;
	}

	private void idle() {
		if (this.summary != null) {
			this.summary.reportIfDue(System.nanoTime());
		}
		clearStrayInterrupt();
		this.state = IDLE;
		// state is written before the queue is read, and callers read it after their offer: one of the
		// two sees the other, so an event is never left with every worker parked.
		if (this.queue.hasNothingToTake() && (this.routing == null || !this.routing.hasWork())
				&& !this.generation.finished && !this.generation.abandoned) {
			long nanos = (this.summary != null) ? this.summary.parkNanos(System.nanoTime()) : 0;
			if (this.routing != null) {
				nanos = earlier(nanos, this.routing.parkNanos(System.nanoTime()));
			}
			StripedQueue.Hold held = this.queue.held();
			if (held != null) {
				// A hold nobody releases (a configuration that never says it ended) ends by itself.
				long left = held.deadlineNanos() - System.nanoTime();
				if (left <= 0) {
					expire(held);
					this.state = RUNNING;
					return;
				}
				nanos = (nanos > 0) ? Math.min(nanos, left) : left;
			}
			if (nanos > 0) {
				LockSupport.parkNanos(this, nanos);
			}
			else {
				LockSupport.park(this);
			}
		}
		this.state = RUNNING;
	}

	/** The earlier of two parks' lengths, where 0 stands for a park without a timer. */
	private static long earlier(long nanos, long other) {
		return (nanos == 0 || (other != 0 && other < nanos)) ? other : nanos;
	}

	private void expire(StripedQueue.Hold held) {
		if (this.queue.release(held)) {
			held.onExpired().run();
		}
	}

	private void clearStrayInterrupt() {
		// A stray interrupt would end every park at once and turn the wait into a busy loop.
		if (!this.generation.abandoned) {
			Thread.interrupted();
		}
	}

}
