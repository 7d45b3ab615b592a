package io.github.asynclogging.engine;

import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * The workers of an executor's lanes, as routing needs them: each lane's worker asks here for the
 * routing of the current start (its {@link RoutingDuty}), a caller finds here a worker to wake for
 * the event it queued, and a routing worker that ends its turn wakes another.
 */
final class LaneWorkers implements RoutingDuty {

	/** The lanes' executors in the order they were made: an array, so that a caller iterates with no allocation. */
	private volatile AsyncLogExecutor<?>[] executors = new AsyncLogExecutor<?>[0];

	/** The routing of the executor's current start; {@code null} before it. */
	private volatile Routing<?> routing;

	/** Called under the lanes' lock. */
	void add(AsyncLogExecutor<?> lane) {
		AsyncLogExecutor<?>[] grown = Arrays.copyOf(this.executors, this.executors.length + 1);
		grown[grown.length - 1] = lane;
		this.executors = grown;
	}

	void routing(Routing<?> current) {
		this.routing = current;
	}

	AsyncLogExecutor<?>[] executors() {
		return this.executors;
	}

	/** Whether any lane exists: without one, no worker routes. */
	boolean anyLane() {
		return this.executors.length > 0;
	}

	/** Whether a worker routes now: it looks at the callers' queue again as it lets go. */
	boolean isRouting() {
		Routing<?> current = this.routing;
		return current != null && current.isRouting();
	}

	@Override
	public int routeAvailable(BooleanSupplier ownLaneHasRoom) {
		Routing<?> current = this.routing;
		return (current != null) ? current.routeAvailable(ownLaneHasRoom) : 0;
	}

	@Override
	public boolean hasWork() {
		Routing<?> current = this.routing;
		return current != null && current.hasWork();
	}

	@Override
	public long parkNanos(long nowNanos) {
		Routing<?> current = this.routing;
		if (current == null) {
			return 0;
		}
		current.reportIfDue(nowNanos);
		return current.parkNanos(nowNanos);
	}

	@Override
	public boolean closing() {
		Routing<?> current = this.routing;
		return current != null && current.isClosing();
	}

	/** Wakes every lane's worker: a stop, a released hold, a full callers' queue. */
	void wakeAll() {
		for (AsyncLogExecutor<?> lane : this.executors) {
			lane.wakeAllWorkers();
		}
	}

	/** Wakes one lane worker parked without a timer, other than the calling thread. */
	void wakeOneIdle() {
		Thread self = Thread.currentThread();
		for (AsyncLogExecutor<?> lane : this.executors) {
			Generation<?> workers = lane.generation;
			for (int slot = 0, size = (workers != null) ? workers.size() : 0; slot < size; slot++) {
				Worker<?> worker = workers.worker(slot);
				if (worker != self && worker.wakeIfIdle()) {
					return;
				}
			}
		}
	}

	/** Live worker threads of every lane. */
	int alive() {
		int alive = 0;
		for (AsyncLogExecutor<?> lane : this.executors) {
			alive += lane.workersAlive();
		}
		return alive;
	}

}
