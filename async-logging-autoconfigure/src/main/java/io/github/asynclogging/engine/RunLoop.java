package io.github.asynclogging.engine;

/**
 * Takes runs off a queue, stripe after stripe, until a full round finds nothing, and does what is
 * due after runs: wakes callers blocked for room once there is room for a good number of them, and
 * says the drop summary every so many events. One per taker of a queue (a worker, or an executor's
 * routing), used by its thread only.
 *
 * @param <E> the event type
 */
final class RunLoop<E> {

	private final StripedQueue<E> queue;

	private final RunWriter<E> writer;

	private final BlockedCallers blockedCallers;

	private final DropSummary summary;

	/** Events taken before blocked callers are woken. */
	private final int wakeBlockedEvery;

	private int nextStripe;

	private int freed;

	private int writtenSinceReport;

	/**
	 * @param summary the drop summary this loop says, or {@code null}
	 * @param firstStripe where the first round begins: takers of one queue begin apart
	 */
	RunLoop(StripedQueue<E> queue, RunWriter<E> writer, BlockedCallers blockedCallers, DropSummary summary,
			int firstStripe) {
		this.queue = queue;
		this.writer = writer;
		this.blockedCallers = blockedCallers;
		this.summary = summary;
		this.nextStripe = firstStripe & (queue.stripeCount() - 1);
		this.wakeBlockedEvery = Math.max(1, queue.capacity() / 8);
	}

	/**
	 * Writes runs, stripe after stripe, until a full round finds nothing or the budget is spent.
	 * @param budget events after which it returns, once the run it is in has ended
	 * @return the number of events written
	 */
	int writeAvailable(RunTaker taker, int budget) {
		int stripes = this.queue.stripeCount();
		int total = 0;
		int emptyInARow = 0;
		while (emptyInARow < stripes && total < budget && !taker.abandoned() && taker.mayTakeRun()) {
			int stripe = this.nextStripe;
			this.nextStripe = (stripe + 1) & (stripes - 1);
			int run = this.writer.writeRun(taker, this.queue, stripe);
			if (run == 0) {
				emptyInARow++;
				continue;
			}
			emptyInARow = 0;
			total += run;
			afterRun(run);
		}
		if (this.blockedCallers.any()) {
			this.blockedCallers.wakeAll();
		}
		return total;
	}

	private void afterRun(int run) {
		// Blocked callers are woken once there is room for a good number of them, not per event.
		this.freed += run;
		if (this.freed >= this.wakeBlockedEvery) {
			this.freed = 0;
			if (this.blockedCallers.any()) {
				this.blockedCallers.wakeAll();
			}
		}
		this.writtenSinceReport += run;
		if (this.summary != null && this.writtenSinceReport >= 1024) {
			this.writtenSinceReport = 0;
			this.summary.reportIfDue(System.nanoTime());
		}
	}

}
