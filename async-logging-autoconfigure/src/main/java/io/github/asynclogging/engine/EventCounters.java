package io.github.asynclogging.engine;

import java.util.concurrent.atomic.LongAdder;

/**
 * Exact counts of every event's fate. {@link LongAdder}s so that concurrent callers do not contend
 * on one cache line; read only by metrics, health and the drop summary.
 */
final class EventCounters {

	private static final int LEVELS = EventLevel.all().length;

	private final LongAdder[] submitted = adders(LEVELS);

	private final LongAdder[] dropped = adders(LEVELS * DropReason.all().length);

	private final LongAdder delivered = new LongAdder();

	/**
	 * Events of a destination alone written as they were routed, by level: handed and
	 * delivered in one increment, where counting both would be two on every event's path.
	 */
	private final LongAdder[] writtenElsewhere = adders(LEVELS);

	private final LongAdder failed = new LongAdder();

	/**
	 * Whether an event was dropped since the drop summary last took the mark: what an idle worker
	 * reads on every park, one flag rather than the sum of every drop counter, and written only by
	 * the first drop after the mark was taken, so that dropping callers do not contend on it.
	 */
	private volatile boolean droppedSinceMark;

	/**
	 * Which bounds refused or shed an event since the drop summary last took them, so that its advice
	 * names the key that was reached: {@link #COUNT_BOUND}, {@link #MEMORY_BOUND}. Written only when a
	 * bit is not yet set, so that callers dropping at full speed do not contend on it.
	 */
	private volatile int boundsReached;

	static final int COUNT_BOUND = 1;

	static final int MEMORY_BOUND = 2;

	/** Told of the first drop after the mark was taken: the drop summary has a line to say. */
	private final Runnable firstDropSinceMark;

	/**
	 * @param firstDropSinceMark run on the dropping thread by the first drop after the mark was taken
	 * (at most once per summary); it must not throw
	 */
	EventCounters(Runnable firstDropSinceMark) {
		this.firstDropSinceMark = firstDropSinceMark;
	}

	private static LongAdder[] adders(int count) {
		LongAdder[] adders = new LongAdder[count];
		for (int i = 0; i < count; i++) {
			adders[i] = new LongAdder();
		}
		return adders;
	}

	void countSubmitted(EventLevel level) {
		this.submitted[level.ordinal()].increment();
	}

	/**
	 * Takes back the count of an event handed back to its caller by a stop: the executor never took it.
	 */
	void uncountSubmitted(EventLevel level) {
		this.submitted[level.ordinal()].decrement();
	}

	void countDropped(EventLevel level, DropReason reason) {
		this.dropped[reason.ordinal() * LEVELS + level.ordinal()].increment();
		if (!this.droppedSinceMark) {
			this.droppedSinceMark = true;
			this.firstDropSinceMark.run();
		}
	}

	/**
	 * A bound refused an event, or its fill shed one.
	 * @param bound {@link DropReason#QUEUE_FULL} for the count, {@link DropReason#MEMORY_FULL} for the memory
	 */
	void boundReached(DropReason bound) {
		int bit = (bound == DropReason.MEMORY_FULL) ? MEMORY_BOUND : COUNT_BOUND;
		int reached = this.boundsReached;
		if ((reached & bit) == 0) {
			synchronized (this) {
				this.boundsReached |= bit;
			}
		}
	}

	/**
	 * The bounds reached since the last call, and forgets them.
	 * @return bits of {@link #COUNT_BOUND} and {@link #MEMORY_BOUND}
	 */
	synchronized int takeBoundsReached() {
		int reached = this.boundsReached;
		this.boundsReached = 0;
		return reached;
	}

	boolean droppedSinceMark() {
		return this.droppedSinceMark;
	}

	/**
	 * Clears the mark, before the drop counters are read: a drop counted meanwhile sets it again.
	 */
	void takeDropMark() {
		this.droppedSinceMark = false;
	}

	void countDelivered() {
		this.delivered.increment();
	}

	/** An event handed to this lane and delivered by another thread: counted as both. */
	void countWrittenElsewhere(EventLevel level) {
		this.writtenElsewhere[level.ordinal()].increment();
	}

	void countFailed() {
		this.failed.increment();
	}

	long submitted(EventLevel level) {
		return this.submitted[level.ordinal()].sum() + this.writtenElsewhere[level.ordinal()].sum();
	}

	long submitted() {
		return sum(this.submitted) + sum(this.writtenElsewhere);
	}

	long dropped(EventLevel level, DropReason reason) {
		return this.dropped[reason.ordinal() * LEVELS + level.ordinal()].sum();
	}

	long dropped() {
		return sum(this.dropped);
	}

	long delivered() {
		return this.delivered.sum() + sum(this.writtenElsewhere);
	}

	long failed() {
		return this.failed.sum();
	}

	private static long sum(LongAdder[] adders) {
		long total = 0;
		for (LongAdder adder : adders) {
			total += adder.sum();
		}
		return total;
	}

}
