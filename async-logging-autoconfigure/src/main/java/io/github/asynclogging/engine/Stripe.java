package io.github.asynclogging.engine;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * One stripe of a {@link StripedQueue}: a bounded array queue for any number of producers and
 * consumers (Dmitry Vyukov's: a sequence per slot says whose turn the slot is), each slot keeping
 * the memory units its event was charged when it was queued.
 * <p>
 * The units travel with the event so that what leaves the queue gives back exactly what entered it,
 * without estimating the event a second time: the estimate is made once, on the calling thread, and
 * may read what the caller changes after the call (a {@code StringBuilder} argument) or what the
 * thread's events share. Kept beside the event in a plain array, written before the slot's sequence
 * is published and read after it is seen, they cost no allocation.
 * <p>
 * A consumer never waits, but for a sweep at a stop: a slot a producer has claimed but not yet filled
 * reads as not there yet, since that producer may have lost its core; such a slot does count as
 * queued for {@link #isEmpty()}.
 * A producer waits only for a consumer that has taken the slot's event of the lap before and not yet
 * freed the slot, as in JCTools' queues; with the permits' room, a stripe is never truly full.
 *
 * @param <E> the event type
 */
final class Stripe<E> {

	/** Longs between the two indices, and around them: 128 bytes, so that they share no cache line. */
	private static final int PAD = 16;

	private static final int PRODUCER = PAD;

	private static final int CONSUMER = 2 * PAD;

	private static final int SPINS_BEFORE_YIELDING = 64;

	/**
	 * Set in the producer index by {@link #close()}: no slot is claimed from then on, until
	 * {@link #open()}. In the index itself, so that a claim and the close exclude each other: a slot is
	 * claimed before the close, and drained, or not at all.
	 */
	private static final long CLOSED = Long.MIN_VALUE;

	private final AtomicReferenceArray<E> events;

	/** The units of each slot's event, as an unsigned int: a queued event's units never exceed the bound's. */
	private final int[] units;

	/**
	 * Per slot: the producer index that may fill it next, or that index + 1 once it is filled, for the
	 * consumer that takes it.
	 */
	private final AtomicLongArray sequences;

	private final AtomicLongArray indices = new AtomicLongArray(3 * PAD);

	private final int mask;

	private final int capacity;

	private final Permits permits;

	/**
	 * @param capacity the events it holds: rounded up to a power of two, at least 2
	 * @param permits where the units of an event taken by {@link #poll} go back
	 */
	Stripe(int capacity, Permits permits) {
		int size = Math.max(2, Integer.highestOneBit(Math.max(1, capacity - 1)) << 1);
		this.events = new AtomicReferenceArray<>(size);
		this.units = new int[size];
		this.sequences = new AtomicLongArray(size);
		for (int slot = 0; slot < size; slot++) {
			this.sequences.set(slot, slot);
		}
		this.mask = size - 1;
		this.capacity = size;
		this.permits = permits;
	}

	/**
	 * Queues an event with its units.
	 * @return {@code false} if every slot is taken, or the stripe is closed
	 */
	boolean offer(E event, long eventUnits) {
		long index = claim();
		if (index < 0) {
			return false;
		}
		fill(index, event, eventUnits);
		return true;
	}

	/**
	 * Claims the next slot for a producer, which must then {@link #fill} it.
	 * @return the slot's producer index, or -1 if every slot is taken or the stripe is closed
	 */
	long claim() {
		for (int waits = 0;; ) {
			long index = this.indices.get(PRODUCER);
			if (index < 0) {
				return -1;
			}
			int slot = (int) index & this.mask;
			long sequence = this.sequences.get(slot);
			if (sequence == index) {
				if (this.indices.compareAndSet(PRODUCER, index, index + 1)) {
					return index;
				}
			}
			else if (sequence < index) {
				if (index - this.capacity >= this.indices.get(CONSUMER)) {
					// The slot still holds the event of the lap before, not yet taken: full.
					return -1;
				}
				// A consumer has taken that event and is about to free the slot: a few instructions away,
				// unless it lost its core, which a yield then gives back. Never reported as full (as JCTools'
				// queues do not), since the permits promised room.
				waitBriefly(++waits);
			}
			// Another producer took this index, or the slot was about to be freed: look again.
		}
	}

	/**
	 * Fills a claimed slot and publishes it to the consumers.
	 * <p>
	 * An ordered store, not a volatile one: the fence a volatile store adds cost the caller 4 to 6 ns of
	 * about 90. Nothing reads the sequence to decide that nothing was queued: a worker about to park
	 * reads the producer index, which the claim's CAS wrote (see {@link #isEmpty()}); a stop closes that
	 * index itself and drains until every slot claimed before is taken, which waits for it to be filled.
	 */
	void fill(long index, E event, long eventUnits) {
		int slot = (int) index & this.mask;
		this.units[slot] = (int) eventUnits;
		this.events.setPlain(slot, event);
		// Publishes the event and its units to the consumer that sees this sequence.
		this.sequences.setRelease(slot, index + 1);
	}

	/** A wait of a few instructions' length: spins, then gives the core up to whoever holds it up. */
	static void waitBriefly(int waits) {
		if (waits < SPINS_BEFORE_YIELDING) {
			Thread.onSpinWait();
		}
		else {
			Thread.yield();
		}
	}

	/**
	 * Takes the head event and gives its units back to the permits.
	 * @return the event, or {@code null} if there is none ready
	 */
	E poll() {
		return poll(Long.MAX_VALUE);
	}

	/**
	 * Takes the head event if it was queued before the given producer index, and gives its units back.
	 * @param before the producer index from which events are left in place
	 * @return the event, or {@code null} if there is none ready before that index
	 */
	E poll(long before) {
		long index = claimHead(before);
		if (index < 0) {
			return null;
		}
		int slot = (int) index & this.mask;
		long eventUnits = Integer.toUnsignedLong(this.units[slot]);
		E event = free(slot, index);
		this.permits.release(eventUnits);
		return event;
	}

	/**
	 * Takes the head event if it was claimed before the given producer index, waiting for a producer
	 * that claimed it and has not filled it yet: for a sweep, which must count every event queued
	 * before it began. A producer fills its slot a few instructions after claiming it, unless it lost
	 * its core; the wait is bounded only for a thread that died in between (an error thrown there).
	 * @param before the producer index read as the sweep began
	 * @param maxWaitNanos how long to wait for a slot to be filled
	 * @return the event, or {@code null} once every event before that index is taken (or a slot was
	 * not filled in time)
	 */
	E pollClaimed(long before, long maxWaitNanos) {
		long waitingSince = 0;
		for (int waits = 0;; ) {
			E event = poll(before);
			if (event != null || this.indices.get(CONSUMER) >= before) {
				return event;
			}
			long now = System.nanoTime();
			if (waits == 0) {
				waitingSince = now;
			}
			else if (now - waitingSince > maxWaitNanos) {
				return null;
			}
			waitBriefly(++waits);
		}
	}

	/**
	 * Takes the head event, keeping its permits for the caller.
	 * @param taken receives the event
	 * @return the event's units, or -1 if there is none ready
	 */
	long evict(Consumer<? super E> taken) {
		long index = claimHead(Long.MAX_VALUE);
		if (index < 0) {
			return -1;
		}
		int slot = (int) index & this.mask;
		long eventUnits = Integer.toUnsignedLong(this.units[slot]);
		taken.accept(free(slot, index));
		return eventUnits;
	}

	/**
	 * The head event, left in place; another consumer may take it at once.
	 * @return the event, or {@code null} if there is none ready
	 */
	E peek() {
		long index = this.indices.get(CONSUMER);
		int slot = (int) index & this.mask;
		return (this.sequences.get(slot) == index + 1) ? this.events.get(slot) : null;
	}

	/** Claims the head slot for this consumer: its index, or -1 if it is not filled or not before the limit. */
	private long claimHead(long before) {
		for (;;) {
			long index = this.indices.get(CONSUMER);
			if (index >= before) {
				return -1;
			}
			int slot = (int) index & this.mask;
			long sequence = this.sequences.get(slot);
			if (sequence == index + 1) {
				if (this.indices.compareAndSet(CONSUMER, index, index + 1)) {
					return index;
				}
			}
			else if (sequence <= index) {
				// Empty, or claimed by a producer that has not filled it yet.
				return -1;
			}
			// Another consumer took this one: try the next.
		}
	}

	/**
	 * Empties a claimed slot and hands it to the producer of the next lap, with an ordered store as
	 * {@link #fill} publishes: the producer's read of the sequence is all it pairs with, and a volatile
	 * store's fence cost the worker a locked instruction per event.
	 */
	private E free(int slot, long index) {
		E event = this.events.getPlain(slot);
		this.events.setPlain(slot, null);
		this.sequences.setRelease(slot, index + this.capacity);
		return event;
	}

	/** The index the next event queued takes: every event queued so far is before it. */
	long producerIndex() {
		return this.indices.get(PRODUCER) & ~CLOSED;
	}

	/** From now on no slot is claimed: an offer fails, and the caller keeps its event. */
	void close() {
		this.indices.getAndUpdate(PRODUCER, (index) -> index | CLOSED);
	}

	void open() {
		this.indices.getAndUpdate(PRODUCER, (index) -> index & ~CLOSED);
	}

	boolean isClosed() {
		return this.indices.get(PRODUCER) < 0;
	}

	/** The index of the next event to take: every event before it has been taken. */
	long consumerIndex() {
		return this.indices.get(CONSUMER);
	}

	/** Events queued now, counting slots claimed but not yet filled. */
	int size() {
		long consumer = this.indices.get(CONSUMER);
		long producer = producerIndex();
		return (int) Math.max(0, Math.min(this.capacity, producer - consumer));
	}

	/** Whether nothing is queued, counting a slot claimed but not yet filled as queued. */
	boolean isEmpty() {
		long consumer = this.indices.get(CONSUMER);
		return producerIndex() <= consumer;
	}

}
