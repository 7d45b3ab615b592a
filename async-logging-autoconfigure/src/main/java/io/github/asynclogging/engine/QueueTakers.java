package io.github.asynclogging.engine;

/**
 * The threads that take events off an executor's queue, as its waits and its stop see them: its own
 * workers ({@link Generation}), or, for an executor with lanes, its lanes' workers taking turns to
 * route ({@link Routing}). One per start.
 */
interface QueueTakers {

	/** Whether a run of this stripe is in flight now. */
	boolean isWriting(int stripe);

	/** Takers inside a run now. */
	int writing();

	/** Threads alive that take from the queue: none means nothing will. */
	int alive();

	/** For each taker, the run it has in flight now, or -1: see {@link #haveEnded}. */
	long[] runsInFlight();

	/** Whether each run {@link #runsInFlight} saw has ended. */
	boolean haveEnded(long[] runs);

	/** The stop begins: the queue is being drained, take without lingering. */
	void closing();

	/** The stop has drained the queue: workers exit when they find it empty. */
	void finish();

	/** The stop gave up: take nothing more. */
	void abandon();

	/** Wakes every taker, whatever it waits for. */
	void wakeAll();

	/** Wakes the taker that says the drop summary if it parked without a timer: a drop was counted. */
	void wakeSummariser();

	/**
	 * Waits until no taker writes for this queue any more.
	 * @return {@code false} if one still does at the deadline
	 */
	boolean join(long deadlineNanos);

	/** Interrupts the takers still inside a destination after a stop gave up. */
	void interruptAll();

	/** Takers still alive and inside a run: after a stop's margin, those are stuck in a destination. */
	int writingAlive();

}
