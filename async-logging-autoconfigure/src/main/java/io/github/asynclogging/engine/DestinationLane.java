package io.github.asynclogging.engine;

import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * One destination's lane, as metrics and health read it: its bounded queue and its worker, and the
 * exact count of every event handed to it.
 */
public final class DestinationLane {

	/** How long a lane with events waiting may write none before health names it stalled. */
	static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(10);

	private final String name;

	private final AsyncLogExecutor<?> lane;

	private final DestinationLanes<?, ?> lanes;

	private long lastWritten = -1;

	private long lastProgressNanos = System.nanoTime();

	DestinationLane(String name, AsyncLogExecutor<?> lane, DestinationLanes<?, ?> lanes) {
		this.name = name;
		this.lane = lane;
		this.lanes = lanes;
	}

	AsyncLogExecutor<?> executor() {
		return this.lane;
	}

	/**
	 * The destination's name: the appender's, or {@code sink:<bean name>}.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Events handed to this destination.
	 * @return the count since creation
	 */
	public long routed() {
		return this.lane.submitted();
	}

	/**
	 * Events written to this destination.
	 * @return the count since creation
	 */
	public long delivered() {
		return this.lane.delivered();
	}

	/**
	 * Events this destination threw on.
	 * @return the count since creation
	 */
	public long failed() {
		return this.lane.failed();
	}

	/**
	 * Events of a level dropped for this destination for a reason.
	 * @param level the level
	 * @param reason the reason
	 * @return the count since creation
	 */
	public long dropped(EventLevel level, DropReason reason) {
		return this.lane.dropped(level, reason);
	}

	/**
	 * Events dropped for this destination for any reason.
	 * @return the count since creation
	 */
	public long dropped() {
		return this.lane.dropped();
	}

	/**
	 * Events waiting for this destination now.
	 * @return the lane's size
	 */
	public int queueSize() {
		return this.lane.queueSize() + this.lanes.waitingInOwnerFor(this);
	}

	/**
	 * The lane's settings: the global ones with this destination's overrides; for a destination alone,
	 * those of the queue its events wait in, the one callers write to.
	 * @return the settings
	 */
	public ExecutorSettings settings() {
		return this.lanes.settingsOf(this);
	}

	/**
	 * The last failure this destination threw, if any.
	 * @return the failure, or {@code null}
	 */
	public Throwable lastFailure() {
		return this.lane.lastFailure();
	}

	/**
	 * Adds a listener of each event's delivery latency to this destination.
	 * @param listener receives nanoseconds from the log call to written, on the lane's worker
	 */
	public void addLatencyListener(LongConsumer listener) {
		this.lane.addLatencyListener(listener);
	}

	/**
	 * Whether events wait for this destination and none was written (or failed) for
	 * {@link #STALL_NANOS}, as seen by the calls of this method: a destination that hangs.
	 * @return {@code true} if stalled
	 */
	public boolean stalled() {
		return stalled(System.nanoTime());
	}

	synchronized boolean stalled(long now) {
		long written = this.lane.delivered() + this.lane.failed();
		if (written != this.lastWritten || queueSize() == 0) {
			this.lastWritten = written;
			this.lastProgressNanos = now;
			return false;
		}
		return now - this.lastProgressNanos >= STALL_NANOS;
	}

	@Override
	public String toString() {
		ExecutorSettings settings = settings();
		return this.name + " (" + settings.queueCapacity() + " events, " + settings.dropPolicy().name().toLowerCase().replace('_', '-') + ")";
	}

}
