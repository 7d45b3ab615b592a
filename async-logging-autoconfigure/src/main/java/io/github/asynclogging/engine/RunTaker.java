package io.github.asynclogging.engine;

/**
 * Who takes runs off a queue, as {@link RunWriter} marks them: a worker writing its own queue, or the
 * lane worker that routes the callers' queue for the moment ({@link Routing}). While a run is in
 * flight its stripe is marked, so that an event is always either queued or in flight until it is
 * accounted for.
 */
interface RunTaker {

	/** A run of a stripe begins: marked in flight before its first event is taken. */
	void takingFrom(int stripe);

	/** The run has ended: nothing in flight. */
	void taken();

	/** The run's first event is taken. */
	void beganRun();

	/** Whether a stop gave up: take nothing more. */
	boolean abandoned();

	/** Whether to take another run now: a worker routing ends its turn where it could not hand a run on. */
	default boolean mayTakeRun() {
		return true;
	}

}
