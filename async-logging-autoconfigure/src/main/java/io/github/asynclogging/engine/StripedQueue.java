package io.github.asynclogging.engine;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.ToLongFunction;

import org.jctools.queues.atomic.MpmcAtomicArrayQueue;

/**
 * The bounded queue of an executor: a lock-free array queue per stripe of calling threads, and the
 * capacity shared between the stripes as permits.
 * <p>
 * Stripes, because two callers offering into one array queue from two cores pass its producer
 * index and its slots back and forth on every event: on a 2-core machine, two callers went from
 * about 7 to 18-20 million events a second once each had a stripe of its own. A thread always offers
 * into the same stripe, so one worker still writes each thread's events in order.
 * <p>
 * Permits, because the capacity must hold exactly over all stripes and one busy thread must still
 * be able to fill all of it, without a count that every offer would share. A stripe takes permits
 * from the shared pool in small chunks and spends one per event; workers give one back per event
 * they take; a stripe that finds the pool empty takes back what the other stripes hold unused.
 * Every stripe's array holds the whole capacity, so an offer with a permit always finds room.
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

	/** Ints between two counts: 128 bytes, so that no two counts share a cache line. */
	private static final int STRIDE = 32;

	private final MpmcAtomicArrayQueue<E>[] stripes;

	private final int mask;

	private final int capacity;

	/** Permits a stripe takes from the pool at once; small enough that those held unused stay under 1/32 of the capacity. */
	private final int chunk;

	/** The pool's free permits, then each stripe's unused ones, each count on a cache line of its own. */
	private final AtomicIntegerArray permits;

	private final int poolIndex;

	@SuppressWarnings("unchecked")
	StripedQueue(int capacity, int processors) {
		this.capacity = capacity;
		int count = stripesFor(capacity, processors);
		this.stripes = new MpmcAtomicArrayQueue[count];
		for (int i = 0; i < count; i++) {
			// JCTools needs at least 2 slots and rounds up to a power of two.
			this.stripes[i] = new MpmcAtomicArrayQueue<>(Math.max(2, capacity));
		}
		this.mask = count - 1;
		this.chunk = Math.max(1, Math.min(64, capacity / (count * 32)));
		this.permits = new AtomicIntegerArray(STRIDE * (count + 2));
		this.poolIndex = STRIDE;
		this.permits.set(this.poolIndex, capacity);
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
	 * Queues an event in the calling thread's stripe if the queue has room.
	 * @return {@code false} if the queue is full
	 */
	boolean offer(E event) {
		// Thread ids are handed out in sequence, so threads started one after the other get stripes in turn.
		return offer(event, (int) Thread.currentThread().getId());
	}

	/**
	 * Queues an event in a given stripe if the queue has room.
	 * @param stripe any int, taken modulo the number of stripes
	 * @return {@code false} if the queue is full
	 */
	boolean offer(E event, int anyStripe) {
		int stripe = anyStripe & this.mask;
		if (!takePermit(stripe)) {
			return false;
		}
		if (this.stripes[stripe].offer(event)) {
			return true;
		}
		// Cannot happen while permits are counted right; if it did, the permit must not be lost.
		givePermits(1);
		return false;
	}

	private boolean takePermit(int stripe) {
		int index = heldIndex(stripe);
		for (;;) {
			int held = this.permits.get(index);
			if (held == 0) {
				return refill(stripe);
			}
			if (this.permits.compareAndSet(index, held, held - 1)) {
				return true;
			}
		}
	}

	private boolean refill(int stripe) {
		int taken = takeFromPool();
		if (taken == 0) {
			taken = takeBackUnused();
		}
		if (taken == 0) {
			return false;
		}
		if (taken > 1) {
			this.permits.addAndGet(heldIndex(stripe), taken - 1);
		}
		return true;
	}

	private int takeFromPool() {
		for (;;) {
			int free = this.permits.get(this.poolIndex);
			if (free == 0) {
				return 0;
			}
			int taken = Math.min(free, this.chunk);
			if (this.permits.compareAndSet(this.poolIndex, free, free - taken)) {
				return taken;
			}
		}
	}

	private int takeBackUnused() {
		int taken = 0;
		for (int i = 0; i <= this.mask; i++) {
			if (this.permits.get(heldIndex(i)) > 0) {
				taken += this.permits.getAndSet(heldIndex(i), 0);
			}
		}
		return taken;
	}

	private void givePermits(int count) {
		this.permits.addAndGet(this.poolIndex, count);
	}

	private int heldIndex(int stripe) {
		return STRIDE * (stripe + 2);
	}

	/**
	 * Takes one event, looking at the stripes in turn from {@code first} on; a worker starts each run
	 * of writes at another stripe so that a busy one does not starve the others.
	 * @param first the stripe to look at first, any int
	 * @return the event, or {@code null} if none was ready
	 */
	E poll(int first) {
		for (int i = 0; i <= this.mask; i++) {
			// relaxedPoll: a slot a caller has claimed but not yet filled is left for later rather than
			// waited for (that caller may have lost its core); isEmpty() still counts it.
			E event = this.stripes[(first + i) & this.mask].relaxedPoll();
			if (event != null) {
				givePermits(1);
				return event;
			}
		}
		return null;
	}

	/**
	 * Takes the oldest event: each stripe is in order, so it is the oldest of the stripes' heads.
	 * @param createdAt an event's creation time
	 * @return the event, or {@code null} if the queue is empty or another thread took it first
	 */
	E pollOldest(ToLongFunction<? super E> createdAt) {
		MpmcAtomicArrayQueue<E> oldest = null;
		long oldestAt = Long.MAX_VALUE;
		for (MpmcAtomicArrayQueue<E> stripe : this.stripes) {
			E head = stripe.peek();
			if (head != null && (oldest == null || createdAt.applyAsLong(head) < oldestAt)) {
				oldest = stripe;
				oldestAt = createdAt.applyAsLong(head);
			}
		}
		E event = (oldest != null) ? oldest.poll() : null;
		if (event != null) {
			givePermits(1);
		}
		return event;
	}

	/**
	 * Events queued now.
	 */
	int size() {
		int size = 0;
		for (MpmcAtomicArrayQueue<E> stripe : this.stripes) {
			size += stripe.size();
		}
		return size;
	}

	/**
	 * Events queued or about to be, read from the pool alone so that a caller pays for one read: more
	 * than {@link #size()} by the permits stripes hold unused, under 1/32 of the capacity.
	 */
	int sizeUpperBound() {
		return this.capacity - this.permits.get(this.poolIndex);
	}

	boolean isEmpty() {
		for (MpmcAtomicArrayQueue<E> stripe : this.stripes) {
			if (!stripe.isEmpty()) {
				return false;
			}
		}
		return true;
	}

}
