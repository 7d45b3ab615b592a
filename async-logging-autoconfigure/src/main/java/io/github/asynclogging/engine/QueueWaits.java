package io.github.asynclogging.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;

/**
 * The waits until what an {@link AsyncLogExecutor}'s queue held is written: for a caller that is
 * about to write synchronously and must not pass its own events, for a context that stops while the
 * application goes on logging, for a reconfiguration's hold, and for the stop. Each ends by its
 * deadline, or at once when no worker is left to write; a worker never waits for its own queue.
 *
 * @param <E> the event type
 */
final class QueueWaits<E> {

	/** How often a stop looks whether the queue is written. */
	static final long DRAIN_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

	private static final long POLL_NANOS = DRAIN_POLL_NANOS / 5;

	private final StripedQueue<E> queue;

	private final DestinationLanes<E, ?> lanes;

	QueueWaits(StripedQueue<E> queue, DestinationLanes<E, ?> lanes) {
		this.queue = queue;
		this.lanes = lanes;
	}

	/** See {@link AsyncLogExecutor#awaitCallersEventsWritten}. */
	boolean callersEventsWritten(QueueTakers workers, long deadlineNanos) {
		int stripe = this.queue.stripeOf(CallerPath.threadKey(Thread.currentThread()));
		boolean taken = true;
		while (!this.queue.isEmpty(stripe) || (workers != null && workers.isWriting(stripe))) {
			if (deadlineNanos - System.nanoTime() <= 0 || workers == null || workers.alive() == 0) {
				taken = false;
				break;
			}
			LockSupport.parkNanos(this, POLL_NANOS);
		}
		// Also when the executor has stopped routing: its lanes may still hold the caller's events.
		return lanesWritten(deadlineNanos) && taken;
	}

	/** See {@link AsyncLogExecutor#awaitQueuedSoFarWritten}. */
	boolean queuedSoFarWritten(QueueTakers workers, long deadlineNanos) {
		long[] marks = this.queue.producerIndices();
		while (!this.queue.isTakenUpTo(marks)) {
			if (!pause(deadlineNanos, workers)) {
				return false;
			}
		}
		long[] runs = workers.runsInFlight();
		while (!workers.haveEnded(runs)) {
			if (!pause(deadlineNanos, null)) {
				return false;
			}
		}
		return lanesWritten(deadlineNanos);
	}

	/** See {@link AsyncLogExecutor#awaitHeldWritten}. */
	boolean heldWritten(QueueTakers workers, long deadlineNanos) {
		while (!this.queue.isTakenUpToHold() || workers.writing() > 0) {
			if (!pause(deadlineNanos, workers)) {
				return false;
			}
		}
		return lanesWritten(deadlineNanos);
	}

	/**
	 * The stop's drain: the queue written, no worker writing, no caller waiting for room (block), which
	 * queues its event once there is some. With lanes, they too have written what was routed to them,
	 * and what callers logged meanwhile is routed and written as well.
	 * @param waitingForRoom callers waiting for room now
	 */
	boolean drained(QueueTakers stopping, long deadlineNanos, IntSupplier waitingForRoom) {
		if (!ownDrained(stopping, deadlineNanos, waitingForRoom)) {
			return false;
		}
		return this.lanes == null
				|| this.lanes.awaitHandedSoFarWritten(deadlineNanos) && ownDrained(stopping, deadlineNanos, waitingForRoom);
	}

	private boolean ownDrained(QueueTakers stopping, long deadlineNanos, IntSupplier waitingForRoom) {
		while (!this.queue.isEmpty() || stopping.writing() > 0 || waitingForRoom.getAsInt() > 0) {
			// Every worker died and none was replaced: nothing will write the queue.
			if (deadlineNanos - System.nanoTime() <= 0 || stopping.alive() == 0) {
				return false;
			}
			LockSupport.parkNanos(this, DRAIN_POLL_NANOS);
		}
		return true;
	}

	private boolean lanesWritten(long deadlineNanos) {
		return this.lanes == null || this.lanes.awaitHandedSoFarWritten(deadlineNanos);
	}

	/** @return {@code false} if the deadline came, or (given workers) no worker is left to write */
	private boolean pause(long deadlineNanos, QueueTakers workers) {
		if (deadlineNanos - System.nanoTime() <= 0 || (workers != null && workers.alive() == 0)) {
			return false;
		}
		LockSupport.parkNanos(this, POLL_NANOS);
		return true;
	}

}
