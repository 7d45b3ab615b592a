package io.github.asynclogging.engine;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * Writes events to the destination and accounts for each exactly once: delivered if the
 * destination returned, failed if it threw anything at all. The one place that opens and closes a
 * run of the destination, so that whatever a run holds (a lock) is always released.
 *
 * @param <E> the event type
 */
final class RunWriter<E> {

	/**
	 * Events a worker writes in one run at most, so that what a run holds is paid for once per run and
	 * released often enough for a reconfiguration to get it, and so that one busy stripe does not
	 * starve the others.
	 */
	static final int RUN_LENGTH = 64;

	private static final LongConsumer[] NO_LISTENERS = {};

	private final Destination<? super E> destination;

	private final EventTraits<? super E> traits;

	private final EventCounters counters;

	/**
	 * Whether an event the destination took counts as delivered here: not when the destination is a
	 * set of lanes, whose own counts say what was delivered where.
	 */
	private final boolean countsDelivered;

	private volatile LongConsumer[] latencyListeners = NO_LISTENERS;

	private volatile Throwable lastFailure;

	private volatile Throwable lastListenerFailure;

	RunWriter(Destination<? super E> destination, EventTraits<? super E> traits, EventCounters counters) {
		this.destination = destination;
		this.traits = traits;
		this.counters = counters;
		this.countsDelivered = !(destination instanceof DestinationLanes<?, ?>);
	}

	/**
	 * Takes events of one stripe off the queue and writes them in one run of the destination, up to
	 * a run's length. The stripe is marked in flight before the first event is taken, so that an
	 * event is always either queued or in flight until it is accounted for.
	 * @return the number of events written
	 */
	int writeRun(RunTaker taker, StripedQueue<E> queue, int stripe) {
		if (!queue.headFilled(stripe)) {
			// Nothing to take, so nothing in flight to mark: a round over empty stripes, which every wake-up
			// ends with, costs no volatile writes (two stripes per processor: many on a large machine). Read
			// as a poll reads it: the producers' index, which callers write, is not touched.
			return 0;
		}
		taker.takingFrom(stripe);
		try {
			E event = queue.poll(stripe);
			if (event == null) {
				return 0;
			}
			int written = 0;
			taker.beganRun();
			beginRunForTakenEvent();
			try {
				do {
					write(event);
					written++;
				}
				while (written < RUN_LENGTH && !taker.abandoned() && (event = queue.poll(stripe)) != null);
			}
			finally {
				this.destination.endWrites();
			}
			return written;
		}
		finally {
			taker.taken();
		}
	}

	/**
	 * Writes one event in a run of its own, for an event logged on a worker while it writes.
	 */
	void writeAlone(E event) {
		beginRunForTakenEvent();
		try {
			write(event);
		}
		finally {
			this.destination.endWrites();
		}
	}

	/**
	 * Writes an event of a lane on the calling thread, counted as handed to the lane and written: for an
	 * event logged on a worker, and for one handed to a lane that has stopped.
	 */
	void writeHere(E event) {
		this.counters.countSubmitted(Levels.of(this.traits, event));
		writeAlone(event);
	}

	/** Counts an event dropped before it reached this writer's lane: handed to it, and dropped. */
	void countDroppedUnqueued(EventLevel level, DropReason reason) {
		this.counters.countSubmitted(level);
		this.counters.countDropped(level, reason);
	}

	/**
	 * Opens a run for an event already taken off the queue: if opening fails, that event is counted as
	 * failed before the failure goes on, so that it is not lost uncounted.
	 */
	private void beginRunForTakenEvent() {
		try {
			this.destination.beginWrites();
		}
		catch (Throwable ex) {
			this.counters.countFailed();
			this.lastFailure = ex;
			throw ex;
		}
	}

	private void write(E event) {
		Throwable failure = null;
		try {
			this.destination.write(event);
		}
		catch (Destination.NotWritten ex) {
			this.counters.countDropped(Levels.of(this.traits, event), DropReason.DISCARDED);
			return;
		}
		catch (Throwable ex) {
			// Even an Error from a destination must not end the worker: count it and go on.
			failure = ex;
		}
		countOutcome(failure);
		LongConsumer[] listeners = this.latencyListeners;
		if (listeners.length > 0) {
			reportLatency(event, listeners);
		}
	}

	/** Delivered if the destination returned, failed if it threw anything at all. */
	private void countOutcome(Throwable failure) {
		if (failure == null) {
			if (this.countsDelivered) {
				this.counters.countDelivered();
			}
		}
		else {
			this.counters.countFailed();
			this.lastFailure = failure;
		}
	}

	/**
	 * Accounts for an event of this writer's destination that another thread wrote, as {@link #write}
	 * accounts for its own: its worker as it routes, writing a destination that is alone.
	 * @param failure what the destination threw, or {@code null}
	 * @param notWritten whether it had nowhere to go
	 */
	void accountWrittenElsewhere(EventLevel level, long createdEpochNanos, Throwable failure, boolean notWritten) {
		if (failure == null && !notWritten) {
			this.counters.countWrittenElsewhere(level);
		}
		else {
			this.counters.countSubmitted(level);
			if (notWritten) {
				this.counters.countDropped(level, DropReason.DISCARDED);
				return;
			}
			countOutcome(failure);
		}
		LongConsumer[] listeners = this.latencyListeners;
		if (listeners.length > 0 && createdEpochNanos > 0) {
			reportLatency(createdEpochNanos, listeners);
		}
	}

	private void reportLatency(E event, LongConsumer[] listeners) {
		long created;
		try {
			created = this.traits.createdEpochNanos(event);
		}
		catch (Throwable ex) {
			this.lastListenerFailure = ex;
			return;
		}
		reportLatency(created, listeners);
	}

	private void reportLatency(long createdEpochNanos, LongConsumer[] listeners) {
		try {
			Instant now = Instant.now();
			long latency = (now.getEpochSecond() * 1_000_000_000L + now.getNano()) - createdEpochNanos;
			for (LongConsumer listener : listeners) {
				listener.accept(Math.max(0, latency));
			}
		}
		catch (Throwable ex) {
			// A meter registry that throws must neither lose the event (accounted above) nor end the worker.
			this.lastListenerFailure = ex;
		}
	}

	synchronized void addLatencyListener(LongConsumer listener) {
		LongConsumer[] grown = Arrays.copyOf(this.latencyListeners, this.latencyListeners.length + 1);
		grown[grown.length - 1] = Objects.requireNonNull(listener, "listener");
		this.latencyListeners = grown;
	}

	/** Whether a written event's delivery latency has a listener: it is read only then. */
	boolean reportsLatency() {
		return this.latencyListeners.length > 0;
	}

	Throwable lastFailure() {
		return this.lastFailure;
	}

	Throwable lastListenerFailure() {
		return this.lastListenerFailure;
	}

}
