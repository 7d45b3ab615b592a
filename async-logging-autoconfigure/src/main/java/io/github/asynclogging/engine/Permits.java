package io.github.asynclogging.engine;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The two bounds of the queue, events and memory, shared between its stripes as permits: a permit
 * for one event and as many memory units as the event is estimated to hold.
 * <p>
 * Both counts of a cell live in one long (events in the high half, memory units in the low half),
 * so that a caller pays for both bounds with one compare-and-set. A stripe takes permits from the
 * shared pool in small chunks and spends them one event at a time; a worker gives an event's
 * permits back to the pool when it takes the event; a stripe that finds the pool short takes back
 * what the other stripes hold unused. So the bounds hold exactly over all stripes and one busy
 * thread can still use all of them, without a count that every event would share.
 */
final class Permits {

	/** Bytes per memory unit: estimates are rounded up to it, so that the units fit an int. */
	static final int UNIT_BYTES = 64;

	/** Longs between two cells: 128 bytes, so that no two cells share a cache line. */
	private static final int STRIDE = 16;

	private static final long UNITS_MASK = 0xFFFF_FFFFL;

	private final AtomicLongArray cells;

	private final int capacity;

	private final long maxUnits;

	/** Event permits a stripe takes at once: those held unused stay under 1/32 of the capacity. */
	private final int countChunk;

	/** Memory units a stripe takes at once, beyond what an event needs: likewise under 1/32. */
	private final long unitChunk;

	Permits(int capacity, long maxBytes, int stripes) {
		this.capacity = capacity;
		this.maxUnits = Math.min(UNITS_MASK, Math.max(1, maxBytes / UNIT_BYTES));
		this.countChunk = Math.max(1, Math.min(64, capacity / (stripes * 32)));
		this.unitChunk = Math.max(1, this.maxUnits / (stripes * 32L));
		this.cells = new AtomicLongArray(STRIDE * (stripes + 2));
		this.cells.set(poolIndex(), pack(capacity, this.maxUnits));
	}

	/**
	 * The memory units of an estimate, rounded up; more than the whole bound when it can never fit.
	 */
	long unitsOf(long bytes) {
		if (bytes <= 0) {
			return 0;
		}
		long units = (bytes + UNIT_BYTES - 1) / UNIT_BYTES;
		return Math.min(units, this.maxUnits + 1);
	}

	/**
	 * Takes the permits of one event for a stripe.
	 * @return {@code null} if taken, else the bound that refused it, as the read of the pool that
	 * refused it found it: never read again, since an event given back meanwhile would make a count
	 * that refused look like memory that did
	 */
	DropReason take(int stripe, long units) {
		if (units > this.maxUnits) {
			return DropReason.MEMORY_FULL;
		}
		int held = heldIndex(stripe);
		long want = pack(1, units);
		for (int refills = 0;; refills++) {
			long has = this.cells.get(held);
			if (count(has) >= 1 && units(has) >= units) {
				if (this.cells.compareAndSet(held, has, has - want)) {
					return null;
				}
				continue;
			}
			DropReason shortOf = refill(held, has, units);
			if (shortOf != null) {
				// The pool is short: what other stripes hold unused is as good as free.
				reclaimUnused();
				shortOf = refill(held, this.cells.get(held), units);
				if (shortOf != null) {
					return shortOf;
				}
			}
			if (refills == 2) {
				// Refilled three times and taken back each time by another stripe's reclaimUnused: the bounds
				// are that close to full. Taken from the pool itself, whose read decides.
				return takeFromPool(units);
			}
		}
	}

	/**
	 * Takes one event's permits from the pool itself, once the stripes' unused permits are back in it.
	 * @return {@code null} if taken, else the bound the read of the pool found short: the count first,
	 * as a full queue is one whatever its events hold
	 */
	private DropReason takeFromPool(long units) {
		reclaimUnused();
		int pool = poolIndex();
		for (;;) {
			long free = this.cells.get(pool);
			if (count(free) < 1) {
				return DropReason.QUEUE_FULL;
			}
			if (units(free) < units) {
				return DropReason.MEMORY_FULL;
			}
			if (this.cells.compareAndSet(pool, free, free - pack(1, units))) {
				return null;
			}
		}
	}

	/**
	 * Moves from the pool to a stripe what one event lacks there, with a chunk more of what is lacking.
	 * @return {@code null} if the stripe has what the event needs now, else the bound the pool was
	 * found short of, by the read that found it
	 */
	private DropReason refill(int held, long has, long units) {
		int needCount = (count(has) >= 1) ? 0 : 1;
		long needUnits = Math.max(0, units - units(has));
		if (needCount == 0 && needUnits == 0) {
			return null;
		}
		int pool = poolIndex();
		for (;;) {
			long free = this.cells.get(pool);
			if (count(free) < needCount) {
				return DropReason.QUEUE_FULL;
			}
			if (units(free) < needUnits) {
				return DropReason.MEMORY_FULL;
			}
			int takeCount = (needCount == 0) ? 0 : Math.min(count(free), this.countChunk);
			long takeUnits = (needUnits == 0) ? 0 : Math.min(units(free), Math.max(needUnits, this.unitChunk));
			long taken = pack(takeCount, takeUnits);
			if (this.cells.compareAndSet(pool, free, free - taken)) {
				this.cells.getAndAdd(held, taken);
				return null;
			}
		}
	}

	private void reclaimUnused() {
		long reclaimed = 0;
		for (int index = heldIndex(0); index < this.cells.length(); index += STRIDE) {
			if (this.cells.get(index) != 0) {
				reclaimed += this.cells.getAndSet(index, 0);
			}
		}
		if (reclaimed != 0) {
			this.cells.getAndAdd(poolIndex(), reclaimed);
		}
	}

	/**
	 * Gives back the permits of an event that left the queue.
	 */
	void release(long units) {
		give(1, units);
	}

	/**
	 * Gives back permits to the pool.
	 */
	void give(int count, long units) {
		if (count != 0 || units != 0) {
			this.cells.getAndAdd(poolIndex(), pack(count, units));
		}
	}

	/**
	 * Events queued or about to be, read from the pool alone so that a caller pays for one read: more
	 * than the true number by the permits stripes hold unused, under 1/32 of the capacity.
	 */
	int countUpperBound(long pool) {
		return this.capacity - count(pool);
	}

	/** Memory units queued or about to be, from the pool alone, like {@link #countUpperBound}. */
	long unitsUpperBound(long pool) {
		return this.maxUnits - units(pool);
	}

	/** One read of the pool, for {@link #countUpperBound} and {@link #unitsUpperBound}. */
	long pool() {
		return this.cells.get(poolIndex());
	}

	/** Memory units held by queued events now: those taken from the pool, less those stripes hold unused. */
	long unitsQueued() {
		long held = 0;
		for (int index = heldIndex(0); index < this.cells.length(); index += STRIDE) {
			held += units(this.cells.get(index));
		}
		return Math.max(0, this.maxUnits - units(pool()) - held);
	}

	long maxUnits() {
		return this.maxUnits;
	}

	int capacity() {
		return this.capacity;
	}

	private static int poolIndex() {
		return STRIDE;
	}

	private static int heldIndex(int stripe) {
		return STRIDE * (stripe + 2);
	}

	static long pack(int count, long units) {
		return ((long) count << 32) | units;
	}

	static int count(long cell) {
		return (int) (cell >>> 32);
	}

	static long units(long cell) {
		return cell & UNITS_MASK;
	}

}
