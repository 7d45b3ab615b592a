package io.github.asynclogging.engine;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The periodic WARN line that says how many events were dropped since the last one. The first
 * worker says it when due; the thread that stops the executor says the last one, so that the drops
 * of the last interval are never left unsaid. Synchronized because those two can meet at a stop.
 */
final class DropSummary {

	private final EventCounters counters;

	private final Duration interval;

	private final long intervalNanos;

	private final Consumer<String> warnings;

	private final long[] reported = new long[EventLevel.all().length * DropReason.all().length];

	private long reportedTotal;

	/** "for &lt;destination&gt; " in a lane's lines, empty otherwise. */
	private final String destination;

	/** Where the keys the advice names are: a lane's own, or the global ones. */
	private final String keys;

	/** Volatile so that an idle worker reads it without the lock, on every park. */
	private volatile long nextDueNanos;

	DropSummary(EventCounters counters, Duration interval, Consumer<String> warnings, String destination,
			long nowNanos) {
		this.counters = counters;
		this.destination = (destination != null) ? "for " + destination + " " : "";
		this.keys = (destination != null) ? "async-logging.destinations." + destination.replace(':', '-').replace(' ', '-') + "." : "async-logging.";
		this.interval = interval;
		this.intervalNanos = interval.toNanos();
		this.warnings = warnings;
		this.nextDueNanos = nowNanos + this.intervalNanos;
	}

	boolean enabled() {
		return this.intervalNanos > 0;
	}

	/**
	 * Says the drops of the interval if it is over.
	 * @param nowNanos {@link System#nanoTime()}
	 */
	void reportIfDue(long nowNanos) {
		if (!enabled() || nowNanos - this.nextDueNanos < 0) {
			return;
		}
		synchronized (this) {
			if (nowNanos - this.nextDueNanos >= 0) {
				report(nowNanos);
			}
		}
	}

	private void report(long nowNanos) {
		this.nextDueNanos = nowNanos + this.intervalNanos;
		String line = takeLine("in the last " + Durations.format(this.interval));
		if (line != null) {
			try {
				this.warnings.accept(line);
			}
			catch (Throwable ex) {
				// The drops stay counted in the meters; a summary that cannot be said must not end the worker.
			}
		}
	}

	/**
	 * The drops not yet said, whether the interval is over or not, for the last line at a stop.
	 * @return the line, or {@code null} if the summary is off or nothing was dropped since the last one
	 */
	synchronized String takeLastLine() {
		return takeLine("since the last summary");
	}

	private String takeLine(String period) {
		if (!enabled()) {
			return null;
		}
		if (!this.counters.droppedSinceMark()) {
			return null;
		}
		this.counters.takeDropMark();
		int boundsReached = this.counters.takeBoundsReached();
		// One read of each counter for both the total and the line: a drop counted between two reads
		// would be said in this line but not in its total, and the next line would then say 0.
		long[] now = new long[this.reported.length];
		long total = 0;
		for (DropReason reason : DropReason.all()) {
			for (EventLevel level : EventLevel.all()) {
				long count = this.counters.dropped(level, reason);
				now[slot(reason, level)] = count;
				total += count;
			}
		}
		if (total == this.reportedTotal) {
			return null;
		}
		this.reportedTotal = total;
		return describeAndRemember(now, total, period, boundsReached);
	}

	private static int slot(DropReason reason, EventLevel level) {
		return reason.ordinal() * EventLevel.all().length + level.ordinal();
	}

	/**
	 * How long the worker may park before the next summary is due.
	 * @param nowNanos {@link System#nanoTime()}
	 * @return nanoseconds to park, or 0 to park until woken (nothing to report)
	 */
	long parkNanos(long nowNanos) {
		if (!enabled() || !this.counters.droppedSinceMark()) {
			return 0;
		}
		return Math.max(1, this.nextDueNanos - nowNanos);
	}

	private String describeAndRemember(long[] now, long total, String period, int boundsReached) {
		long[] byLevel = new long[EventLevel.all().length];
		long[] byReason = new long[DropReason.all().length];
		for (DropReason reason : DropReason.all()) {
			for (EventLevel level : EventLevel.all()) {
				int slot = slot(reason, level);
				long delta = now[slot] - this.reported[slot];
				this.reported[slot] = now[slot];
				byLevel[level.ordinal()] += delta;
				byReason[reason.ordinal()] += delta;
			}
		}
		long inInterval = 0;
		StringBuilder levels = new StringBuilder();
		for (EventLevel level : EventLevel.all()) {
			inInterval += byLevel[level.ordinal()];
			levels.append(levels.length() == 0 ? "" : ", ").append(level.tagValue()).append('=')
				.append(byLevel[level.ordinal()]);
		}
		StringBuilder reasons = new StringBuilder();
		for (DropReason reason : DropReason.all()) {
			if (byReason[reason.ordinal()] > 0) {
				reasons.append(reasons.length() == 0 ? "" : ", ").append(reason.tagValue()).append('=')
					.append(byReason[reason.ordinal()]);
			}
		}
		return "async-logging dropped " + inInterval + " log events " + this.destination + period + " (" + levels
				+ "; by reason: " + reasons + "; " + total + " since start). "
				+ advice(this.keys, boundsReached, byReason[DropReason.SHUTDOWN.ordinal()] > 0);
	}

	/** What to raise: the keys of the bounds that were reached, not those of bounds that were not. */
	static String advice(String prefix, int boundsReached, boolean shutdown) {
		StringBuilder keys = new StringBuilder();
		if ((boundsReached & EventCounters.COUNT_BOUND) != 0) {
			keys.append(prefix).append("queue-capacity or async-logging.workers");
		}
		if ((boundsReached & EventCounters.MEMORY_BOUND) != 0) {
			keys.append(keys.isEmpty() ? "" : ", ").append(prefix).append("queue-memory (the queued events' memory "
					+ "was reached before their count)");
		}
		if (shutdown) {
			keys.append(keys.isEmpty() ? "" : ", ").append("async-logging.shutdown-timeout");
		}
		return keys.isEmpty() ? "Make the slow destination faster." : "Raise " + keys + ", or make the slow destination faster.";
	}

}
