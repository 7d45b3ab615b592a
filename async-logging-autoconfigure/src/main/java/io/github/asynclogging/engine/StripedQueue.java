package io.github.asynclogging.engine;

import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * The bounded queue of an executor: a lock-free array queue per stripe of calling threads
 * ({@link Stripe}), bounded in events and in memory by {@link Permits}. Each event keeps the memory
 * units it was charged as it entered, and gives back exactly those as it leaves.
 * <p>
 * Stripes, because two callers offering into one array queue from two cores pass its producer
 * index and its slots back and forth on every event: on a 2-core machine, two callers went from
 * about 7 to 18-20 million events a second once each had a stripe of its own. A caller always offers
 * into the same stripe (its thread's), so one worker still writes each thread's events in order.
 * Every stripe's array holds the whole capacity, so an offer with a permit always finds room.
 * <p>
 * Nothing here waits: a slot a producer has claimed but not yet filled is skipped by the relaxed
 * reads rather than spun on, since that producer may have lost its core.
 *
 * @param <E> the event type
 */
final class StripedQueue<E> {

	private static final int MAX_STRIPES = 16;

	/**
	 * Slots of all stripes together beyond which a large capacity gets fewer stripes: each stripe's
	 * array costs 12 bytes a slot from start-up, so stripes are worth it for the usual capacities,
	 * not for a million-event queue.
	 */
	private static final int MAX_STRIPED_SLOTS = 1 << 20;

	private final Stripe<E>[] stripes;

	private final int mask;

	private final Permits permits;

	/** While held: the producer index of each stripe when the hold began; {@code null} otherwise. */
	private volatile Hold hold;

	/**
	 * The events queued before a hold began are taken; those queued after stay until it is released.
	 *
	 * @param marks each stripe's producer index when it began
	 * @param deadlineNanos when a hold nobody released ends by itself
	 * @param onExpired what runs, once, on the worker that finds it expired
	 */
	record Hold(long[] marks, long deadlineNanos, Runnable onExpired) {
	}

	/**
	 * @param capacity events the queue holds
	 * @param maxBytes memory the queued events may hold
	 * @param processors processors to spread callers over
	 */
	StripedQueue(int capacity, long maxBytes, int processors) {
		this(capacity, maxBytes, processors, false);
	}

	/**
	 * @param oneStripe whether every event goes in one stripe, whichever thread queues it: a lane,
	 * which the lanes' workers fill in turns and whose order is the order they route in
	 */
	@SuppressWarnings("unchecked")
	StripedQueue(int capacity, long maxBytes, int processors, boolean oneStripe) {
		int count = oneStripe ? 1 : stripesFor(capacity, processors);
		this.mask = count - 1;
		this.permits = new Permits(capacity, maxBytes, count);
		this.stripes = new Stripe[count];
		for (int i = 0; i < count; i++) {
			this.stripes[i] = new Stripe<>(capacity, this.permits);
		}
	}

	/**
	 * Two stripes per processor, so that two busy threads seldom share one, within the limits above;
	 * a power of two.
	 */
	static int stripesFor(int capacity, int processors) {
		int forProcessors = Integer.highestOneBit(Math.max(1, 2 * processors - 1)) << 1;
		int forMemory = Integer.highestOneBit(Math.max(1, MAX_STRIPED_SLOTS / Math.max(1, capacity)));
		return Math.min(MAX_STRIPES, Math.min(forProcessors, forMemory));
	}

	/**
	 * The stripe of a calling thread.
	 * @param threadKey a key that stays the same for a thread (its id)
	 * @return the stripe's index
	 */
	int stripeOf(long threadKey) {
		// Thread ids are handed out in sequence, so threads started one after the other get stripes in turn.
		return (int) threadKey & this.mask;
	}

	/**
	 * The memory units an event estimated at so many bytes is charged.
	 */
	long unitsOf(long estimatedBytes) {
		return this.permits.unitsOf(estimatedBytes);
	}

	/**
	 * Queues an event in a stripe if both bounds have room.
	 * @param units the event's {@link #unitsOf memory units}
	 * @return {@code null} if queued, else the bound that refused it, or {@link DropReason#SHUTDOWN} if the
	 * queue is {@link #close closed}
	 */
	DropReason offer(E event, int stripe, long units) {
		DropReason refused = this.permits.take(stripe, units);
		if (refused == null && offerWithPermits(event, stripe, units)) {
			return null;
		}
		// The stripe's own bit, full or not (a stop's deadline ran out with the queue full): a stop's close
		// and a start's open set the stripes one after the other.
		if (isClosed(stripe)) {
			return DropReason.SHUTDOWN;
		}
		return (refused != null) ? refused : DropReason.QUEUE_FULL;
	}

	/** From now on nothing is queued: an offer answers {@link DropReason#SHUTDOWN}, the caller keeps its event. */
	void close() {
		for (Stripe<E> stripe : this.stripes) {
			stripe.close();
		}
	}

	void open() {
		for (Stripe<E> stripe : this.stripes) {
			stripe.open();
		}
	}

	boolean isClosed(int stripe) {
		return this.stripes[stripe].isClosed();
	}

	/**
	 * Queues an event whose permits the caller holds already (taken from an evicted event).
	 * @return {@code false} only if the permits were not counted right; they are given back then
	 */
	boolean offerWithPermits(E event, int stripe, long units) {
		if (this.stripes[stripe].offer(event, units)) {
			return true;
		}
		// Cannot happen while permits are counted right; if it did, the permits must not be lost.
		this.permits.release(units);
		return false;
	}

	/**
	 * Takes one event from a stripe and gives its permits back.
	 * @return the event, or {@code null} if the stripe had none ready
	 */
	E poll(int stripe) {
		Hold held = this.hold;
		return (held == null) ? this.stripes[stripe].poll() : this.stripes[stripe].poll(held.marks[stripe]);
	}

	/**
	 * Takes one event claimed in a stripe before the given index, whatever a hold says, and gives its
	 * permits back: for a sweep, which waits for a slot claimed and not yet filled (see {@link Stripe#pollClaimed}).
	 * @param before the stripe's {@link #producerIndex} as the sweep began
	 * @param maxWaitNanos how long to wait for a claimed slot to be filled
	 * @return the event, or {@code null} once every event before that index is taken (or a slot was not
	 * filled in time)
	 */
	E pollClaimed(int stripe, long before, long maxWaitNanos) {
		return this.stripes[stripe].pollClaimed(before, maxWaitNanos);
	}

	/** The index the next event queued in a stripe takes: every event claimed so far is before it. */
	long producerIndex(int stripe) {
		return this.stripes[stripe].producerIndex();
	}

	/**
	 * Takes the oldest event, keeping its permits for the caller: each stripe is in order, so it is
	 * the oldest of the stripes' heads. The caller passes the permits on with
	 * {@link #offerWithPermits} or gives them back with {@link #release}.
	 * @param createdAt an event's creation time
	 * @param evicted receives the event taken
	 * @return the memory units it was charged, or -1 if no stripe had an event ready
	 */
	long evictOldest(ToLongFunction<? super E> createdAt, Consumer<? super E> evicted) {
		Stripe<E> oldest = null;
		long oldestAt = Long.MAX_VALUE;
		for (Stripe<E> stripe : this.stripes) {
			E head = stripe.peek();
			if (head != null) {
				long at = createdAt.applyAsLong(head);
				if (oldest == null || at < oldestAt) {
					oldest = stripe;
					oldestAt = at;
				}
			}
		}
		return (oldest != null) ? oldest.evict(evicted) : -1;
	}

	/**
	 * Gives back permits the caller holds and will not use.
	 */
	void release(int count, long units) {
		this.permits.give(count, units);
	}

	/**
	 * Which bound's fill, read from the pool alone, is above its level: the count's first.
	 * @return {@link DropReason#QUEUE_FULL} for the count, {@link DropReason#MEMORY_FULL} for the
	 * memory, or {@code null} if neither
	 */
	DropReason boundFilledAbove(int count, long units) {
		long pool = this.permits.pool();
		if (this.permits.countUpperBound(pool) > count) {
			return DropReason.QUEUE_FULL;
		}
		return (this.permits.unitsUpperBound(pool) > units) ? DropReason.MEMORY_FULL : null;
	}

	/**
	 * Whether the fill read from the pool alone is above either bound's shedding level.
	 */
	boolean filledAbove(int count, long units) {
		long pool = this.permits.pool();
		return this.permits.countUpperBound(pool) > count || this.permits.unitsUpperBound(pool) > units;
	}

	int stripeCount() {
		return this.mask + 1;
	}

	int capacity() {
		return this.permits.capacity();
	}

	long maxUnits() {
		return this.permits.maxUnits();
	}

	/** Events queued now. */
	int size() {
		int size = 0;
		for (Stripe<E> stripe : this.stripes) {
			size += stripe.size();
		}
		return size;
	}

	/** Estimated bytes the queued events hold now. */
	long bytesQueued() {
		return this.permits.unitsQueued() * Permits.UNIT_BYTES;
	}

	/** The memory bound in bytes, as the units round it. */
	long maxBytes() {
		return this.permits.maxUnits() * Permits.UNIT_BYTES;
	}

	/** Whether every stripe is empty, counting a slot claimed but not yet filled as an event. */
	boolean isEmpty() {
		for (Stripe<E> stripe : this.stripes) {
			if (!stripe.isEmpty()) {
				return false;
			}
		}
		return true;
	}

	/**
	 * From now on, until {@link #release}, only the events queued so far are taken. A hold while held
	 * keeps the first one's marks and moves its deadline out.
	 */
	synchronized void hold(long deadlineNanos, Runnable onExpired) {
		Hold held = this.hold;
		if (held != null) {
			// Held still: the first marks stand, the later deadline counts.
			if (deadlineNanos - held.deadlineNanos() > 0) {
				this.hold = new Hold(held.marks(), deadlineNanos, onExpired);
			}
			return;
		}
		long[] marks = new long[this.stripes.length];
		for (int i = 0; i < marks.length; i++) {
			marks[i] = this.stripes[i].producerIndex();
		}
		this.hold = new Hold(marks, deadlineNanos, onExpired);
	}

	synchronized void release() {
		this.hold = null;
	}

	/** Releases this hold, if it is still the one: whoever gets {@code true} ended it. */
	synchronized boolean release(Hold expected) {
		if (this.hold != expected) {
			return false;
		}
		this.hold = null;
		return true;
	}

	Hold held() {
		return this.hold;
	}

	/** Whether every event queued before the hold has been taken (or there is no hold). */
	boolean isTakenUpToHold() {
		Hold held = this.hold;
		if (held == null) {
			return isEmpty();
		}
		for (int i = 0; i < this.stripes.length; i++) {
			if (this.stripes[i].consumerIndex() < held.marks[i]) {
				return false;
			}
		}
		return true;
	}

	/** Each stripe's producer index now: every event queued so far is before it. */
	long[] producerIndices() {
		long[] marks = new long[this.stripes.length];
		for (int i = 0; i < marks.length; i++) {
			marks[i] = this.stripes[i].producerIndex();
		}
		return marks;
	}

	/** Whether every event before the given producer indices has been taken. */
	boolean isTakenUpTo(long[] marks) {
		for (int i = 0; i < this.stripes.length; i++) {
			if (this.stripes[i].consumerIndex() < marks[i]) {
				return false;
			}
		}
		return true;
	}

	/** Whether a worker finds nothing to take: nothing queued, or only events held back. */
	boolean hasNothingToTake() {
		return this.hold == null ? isEmpty() : isTakenUpToHold();
	}

	boolean isEmpty(int stripe) {
		return this.stripes[stripe].isEmpty();
	}

	/**
	 * Whether a stripe's head event is there to take: what a run looks at first. Read as a poll reads
	 * it (the head slot), not by the producers' index, whose cache line the callers write.
	 */
	boolean headFilled(int stripe) {
		return this.stripes[stripe].peek() != null;
	}

}
