package io.github.asynclogging.engine;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The stop of an {@link AsyncLogExecutor}, in its order: drain by the deadline (the lanes too), close
 * to callers and drain what they queued before the close, let the workers finish or leave behind
 * those still inside a destination, and count what is left in the queue as dropped at shutdown. No
 * step waits past the deadline but for a short margin in which a worker may finish the event it writes.
 *
 * @param <E> the event type
 */
final class Shutdown<E> {

	/**
	 * How long a stop whose timeout ran out waits for workers to finish the event they write: a
	 * worker still inside a destination then is left behind as hung.
	 */
	private static final long ABANDON_MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

	private final StripedQueue<E> queue;

	private final CallerPath<E> callers;

	private final QueueWaits<E> waits;

	private final BlockedCallers blockedCallers;

	private final DropSummary summary;

	private final DestinationLanes<E, ?> lanes;

	Shutdown(StripedQueue<E> queue, CallerPath<E> callers, QueueWaits<E> waits, BlockedCallers blockedCallers,
			DropSummary summary, DestinationLanes<E, ?> lanes) {
		this.queue = queue;
		this.callers = callers;
		this.waits = waits;
		this.blockedCallers = blockedCallers;
		this.summary = summary;
		this.lanes = lanes;
	}

	/** The stop of an executor that does not run: only its lanes may have something to write. */
	StopReport notRunning(Duration timeout) {
		StopReport none = new StopReport(0, 0, timeout, null);
		return (this.lanes != null) ? none.and(this.lanes.stop(System.nanoTime(), timeout)) : none;
	}

	/**
	 * Stops a running executor's workers; callers may still submit while the queue drains.
	 * @param close closes the executor to callers: from then on they write their events themselves
	 */
	StopReport stop(QueueTakers stopping, Duration timeout, Runnable close) {
		long deadline = System.nanoTime() + Durations.saturatedNanos(timeout);
		// What a reconfiguration held back is written too: the destination is what it is now.
		this.queue.release();
		stopping.closing();
		stopping.wakeAll();
		// With lanes, the queue callers write to stays open until the lanes have written what it routed:
		// a caller that logs meanwhile is routed and written too, as it would be without lanes.
		boolean drained = this.waits.drained(stopping, deadline, this.callers::waitingForRoom);
		if (!drained) {
			// The timeout ran out: workers finish the event they write, then write nothing more.
			stopping.abandon();
		}
		long droppedBefore = this.callers.droppedAtShutdown();
		// No event is queued after the close: a caller whose call began before it writes its event itself.
		this.queue.close();
		close.run();
		if (drained) {
			// What callers queued between the drain and the close was taken, so it is written too.
			drained = this.waits.drained(stopping, deadline, this.callers::waitingForRoom);
			if (!drained) {
				stopping.abandon();
			}
		}
		stopping.finish();
		stopping.wakeAll();
		// Callers still waiting for room see the executor closed and take their event back.
		this.blockedCallers.wakeAll();
		long margin = drained ? Math.max(ABANDON_MARGIN_NANOS, deadline - System.nanoTime()) : ABANDON_MARGIN_NANOS;
		long marginEnd = System.nanoTime() + margin;
		if (!stopping.join(marginEnd)) {
			stopping.abandon();
			stopping.interruptAll();
		}
		this.callers.dropQueued();
		long dropped = this.callers.droppedAtShutdown() - droppedBefore;
		int stuck = stopping.writingAlive();
		StopReport report = new StopReport(dropped, stuck, timeout, this.summary.takeLastLine());
		// What the lanes hold is written by the same deadline: their workers wrote while the router drained.
		return (this.lanes != null) ? report.and(this.lanes.stop(deadline, timeout)) : report;
	}

}
