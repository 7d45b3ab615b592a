package io.github.asynclogging.engine;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The callers waiting for room under {@link DropPolicy#BLOCK}, so that a worker can wake them as
 * soon as it has made room instead of letting them sleep out their pause. A fixed number of slots,
 * taken and given back with one CAS each, allocates nothing; a caller that finds no free slot is
 * not woken early, and finds the room at the end of its pause.
 */
final class BlockedCallers {

	private static final int SLOTS = 64;

	private final AtomicReferenceArray<Thread> slots = new AtomicReferenceArray<>(SLOTS);

	/** Registered callers; read by a worker on its way, so written only on the blocking path. */
	private final AtomicInteger registered = new AtomicInteger();

	/**
	 * Registers the calling thread.
	 * @return its slot, or -1 if every slot is taken
	 */
	int register(Thread caller) {
		for (int i = 0; i < SLOTS; i++) {
			if (this.slots.get(i) == null && this.slots.compareAndSet(i, null, caller)) {
				this.registered.incrementAndGet();
				return i;
			}
		}
		return -1;
	}

	void unregister(int slot) {
		if (slot >= 0) {
			this.slots.set(slot, null);
			this.registered.decrementAndGet();
		}
	}

	boolean any() {
		return this.registered.get() > 0;
	}

	/**
	 * Unparks every registered caller; each then tries to offer again.
	 */
	void wakeAll() {
		for (int i = 0; i < SLOTS; i++) {
			Thread caller = this.slots.get(i);
			if (caller != null) {
				LockSupport.unpark(caller);
			}
		}
	}

}
