package io.github.asynclogging.engine;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * What happens to an event the queue refused, one class per {@link DropPolicy}, so that the queue's
 * owner only asks and each policy's waiting or evicting is in one place.
 *
 * @param <E> the event type
 */
abstract class FullQueuePolicy<E> {

	final StripedQueue<E> queue;

	final Drops<E> drops;

	FullQueuePolicy(StripedQueue<E> queue, Drops<E> drops) {
		this.queue = queue;
		this.drops = drops;
	}

	/**
	 * @param closed whether the executor has stopped accepting events: a caller waiting for room then
	 * stops waiting
	 */
	static <E> FullQueuePolicy<E> of(ExecutorSettings settings, StripedQueue<E> queue, Drops<E> drops,
			EventTraits<? super E> traits, BlockedCallers blockedCallers, Runnable wakeAllWorkers,
			BooleanSupplier closed) {
		return switch (settings.dropPolicy()) {
			case DROP_NEWEST -> new DropNewest<>(queue, drops);
			case DROP_OLDEST -> new DropOldest<>(queue, drops, traits);
			case BLOCK -> new Block<>(queue, drops, Durations.saturatedNanos(settings.blockTimeout()),
					blockedCallers, wakeAllWorkers, closed);
		};
	}

	/**
	 * Counts a drop, seeing the event dropped: the executor counts it for each destination of its route.
	 */
	@FunctionalInterface
	interface Drops<E> {

		void dropped(E event, EventLevel level, DropReason reason);

	}

	/** What became of an event the queue refused. */
	enum Outcome {

		/** Queued after all. */
		QUEUED,

		/** Dropped, and counted. */
		DROPPED,

		/** The executor stopped while the caller waited: the caller writes the event itself. */
		HANDED_BACK

	}

	/**
	 * Handles an event the queue refused and counts what became of it.
	 * @param refusedBy the bound that refused it: {@link DropReason#QUEUE_FULL} or {@link DropReason#MEMORY_FULL}
	 * @return what became of it
	 */
	abstract Outcome onRefused(E event, EventLevel level, int stripe, long units, DropReason refusedBy);

	/**
	 * Callers waiting for room now: a stop must not close while one of them can still queue its event.
	 * @return how many
	 */
	int waiting() {
		return 0;
	}

	/** Refuses the incoming event; the caller never waits. */
	static final class DropNewest<E> extends FullQueuePolicy<E> {

		DropNewest(StripedQueue<E> queue, Drops<E> drops) {
			super(queue, drops);
		}

		@Override
		Outcome onRefused(E event, EventLevel level, int stripe, long units, DropReason refusedBy) {
			this.drops.dropped(event, level, refusedBy);
			return Outcome.DROPPED;
		}

	}

	/**
	 * Evicts the oldest queued events until the incoming one fits, and admits it with their permits.
	 * The evicted events' permits go straight to this caller, never back to the shared pool where
	 * another caller could take them first: so the newest event is admitted, whatever the contention.
	 * Evicting takes no lock and spins on no slot. The caller pauses only when no event can be taken:
	 * the head of every stripe is a slot another caller claimed and has not filled yet, because it lost
	 * its core in between.
	 */
	static final class DropOldest<E> extends FullQueuePolicy<E> {

		/** Attempts that spin, then yield ({@link Stripe#waitBriefly}), before the caller parks between them. */
		private static final int BRIEF_ATTEMPTS = 128;

		/**
		 * A park between attempts once spinning and yielding found nothing to take: unlike a yield, which
		 * the scheduler may answer by running this caller again, a park gives the core to the callers that
		 * hold the heads up.
		 */
		private static final long PARK_NANOS = 10_000;

		/**
		 * Bounds the caller's pauses, at 50 to 100 ms in all with the kernel's timer slack, for a caller
		 * that never gets its core back.
		 */
		private static final int MAX_ATTEMPTS = 1_000;

		private final ToLongFunction<E> createdAt;

		private final Consumer<E> countEvicted;

		DropOldest(StripedQueue<E> queue, Drops<E> drops, EventTraits<? super E> traits) {
			super(queue, drops);
			// Made once: method references made per eviction would allocate on the caller's path.
			this.createdAt = traits::createdEpochNanos;
			this.countEvicted = (evicted) -> drops.dropped(evicted, Levels.of(traits, evicted), DropReason.EVICTED);
		}

		@Override
		Outcome onRefused(E event, EventLevel level, int stripe, long units, DropReason refusedBy) {
			if (units > this.queue.maxUnits()) {
				// Evicting everything would not make room for it.
				this.drops.dropped(event, level, DropReason.MEMORY_FULL);
				return Outcome.DROPPED;
			}
			int heldCount = 0;
			long heldUnits = 0;
			for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
				if (this.queue.isClosed(stripe)) {
					// A stop closed the queue: nothing is evicted for an event it would not take.
					this.queue.release(heldCount, heldUnits);
					return Outcome.HANDED_BACK;
				}
				long evictedUnits = this.queue.evictOldest(this.createdAt, this.countEvicted);
				if (evictedUnits < 0) {
					// Room is held by callers between taking a permit and queueing, or freed meanwhile.
					if (heldCount == 0 && this.queue.offer(event, stripe, units) == null) {
						return Outcome.QUEUED;
					}
					// Other callers hold the room, between taking a permit and queueing: a few instructions, or,
					// if they lost their core, the core.
					waitForTheirCore(attempt);
					continue;
				}
				heldCount++;
				heldUnits += evictedUnits;
				if (heldUnits >= units) {
					this.queue.release(heldCount - 1, heldUnits - units);
					if (this.queue.offerWithPermits(event, stripe, units)) {
						return Outcome.QUEUED;
					}
					// offerWithPermits gave the permits back.
					if (this.queue.isClosed(stripe)) {
						return Outcome.HANDED_BACK;
					}
					this.drops.dropped(event, level, refusedBy);
					return Outcome.DROPPED;
				}
			}
			this.queue.release(heldCount, heldUnits);
			this.drops.dropped(event, level, refusedBy);
			return Outcome.DROPPED;
		}

		private static void waitForTheirCore(int attempt) {
			if (attempt < BRIEF_ATTEMPTS) {
				Stripe.waitBriefly(attempt);
			}
			else {
				LockSupport.parkNanos(PARK_NANOS);
			}
		}

	}

	/** The caller waits for room at most the block timeout, then the event is dropped. */
	static final class Block<E> extends FullQueuePolicy<E> {

		/** Yields a caller tries before it parks: room is usually made within microseconds. */
		private static final int YIELDS = 10;

		/**
		 * The longest pause of a blocked caller between two offers. A worker wakes blocked callers once
		 * it has made room for a good number; behind a slow destination, this is what finds a single slot.
		 */
		private static final long MAX_PAUSE_NANOS = 100_000;

		private final BlockedCallers blockedCallers;

		private final long timeoutNanos;

		private final Runnable wakeAllWorkers;

		private final BooleanSupplier closed;

		private final AtomicInteger waiting = new AtomicInteger();

		Block(StripedQueue<E> queue, Drops<E> drops, long timeoutNanos, BlockedCallers blockedCallers,
				Runnable wakeAllWorkers, BooleanSupplier closed) {
			super(queue, drops);
			this.timeoutNanos = timeoutNanos;
			this.blockedCallers = blockedCallers;
			this.wakeAllWorkers = wakeAllWorkers;
			this.closed = closed;
		}

		@Override
		int waiting() {
			return this.waiting.get();
		}

		/**
		 * While a caller counts as waiting, a stop's drain waits for it: it queues its event, which the
		 * drain then writes, or finds the queue closed and takes its event back.
		 */
		@Override
		Outcome onRefused(E event, EventLevel level, int stripe, long units, DropReason refusedBy) {
			if (units > this.queue.maxUnits()) {
				// No wait would make room for it.
				this.drops.dropped(event, level, DropReason.MEMORY_FULL);
				return Outcome.DROPPED;
			}
			this.waiting.incrementAndGet();
			try {
				return waitForRoom(event, level, stripe, units);
			}
			finally {
				this.waiting.decrementAndGet();
			}
		}

		private Outcome waitForRoom(E event, EventLevel level, int stripe, long units) {
			Thread caller = Thread.currentThread();
			long deadline = System.nanoTime() + this.timeoutNanos;
			// The queue is full: the workers should be writing now, even those lingering.
			this.wakeAllWorkers.run();
			// A worker that is runnable but has no core gets this one; often that is all the room takes.
			for (int i = 0; i < YIELDS && deadline - System.nanoTime() > 0 && !caller.isInterrupted(); i++) {
				Thread.yield();
				if (this.closed.getAsBoolean()) {
					return Outcome.HANDED_BACK;
				}
				if (this.queue.offer(event, stripe, units) == null) {
					return Outcome.QUEUED;
				}
			}
			// Registered, a caller is woken early by a worker that made room; registered or not (all slots
			// taken), it looks again after a short pause.
			int slot = this.blockedCallers.register(caller);
			try {
				// isInterrupted() keeps the caller's interrupt flag; an interrupted caller stops waiting.
				while (!caller.isInterrupted()) {
					// The stop closed the queue: the caller writes it itself, as a caller after the stop does.
					if (this.closed.getAsBoolean()) {
						return Outcome.HANDED_BACK;
					}
					// Offered after registering: a worker that made room before seeing this caller left room.
					if (this.queue.offer(event, stripe, units) == null) {
						return Outcome.QUEUED;
					}
					long remaining = deadline - System.nanoTime();
					if (remaining <= 0) {
						break;
					}
					this.wakeAllWorkers.run();
					LockSupport.parkNanos(this, Math.min(remaining, MAX_PAUSE_NANOS));
				}
			}
			finally {
				this.blockedCallers.unregister(slot);
			}
			if (this.closed.getAsBoolean()) {
				// Closed as the wait ran out: never taken, so the caller writes it rather than count a timeout.
				return Outcome.HANDED_BACK;
			}
			this.drops.dropped(event, level, DropReason.BLOCK_TIMEOUT);
			return Outcome.DROPPED;
		}

	}

}
