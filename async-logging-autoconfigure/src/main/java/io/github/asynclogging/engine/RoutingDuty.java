package io.github.asynclogging.engine;

import java.util.function.BooleanSupplier;

/**
 * What a lane's worker does for the callers' queue of its executor between the runs of its own lane:
 * route what is queued there, when no other lane's worker is doing it ({@link Routing}).
 */
interface RoutingDuty {

	/**
	 * Routes what the callers' queue holds, unless another worker does it now or nothing is there.
	 * @param ownLaneHasRoom whether the calling worker's own lane can take a run now: if not, its turn
	 * ends, since only it makes room there and it must not do so while the others wait for the turn
	 * @return the number of events routed
	 */
	int routeAvailable(BooleanSupplier ownLaneHasRoom);

	/** Whether the executor stops: its queue is being drained, so workers write without lingering. */
	boolean closing();

	/** Whether the callers' queue has something for this worker to route now: it must not park. */
	boolean hasWork();

	/**
	 * How long a worker with nothing to do may park so that what the routing must do on time is done:
	 * a hold's end, a drop summary due.
	 * @return nanoseconds, or 0 for no limit
	 */
	long parkNanos(long nowNanos);

}
