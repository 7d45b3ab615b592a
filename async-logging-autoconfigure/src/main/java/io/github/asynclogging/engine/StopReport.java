package io.github.asynclogging.engine;

import java.time.Duration;

/**
 * What a stop left unwritten, and the drops it had not yet said.
 *
 * @param droppedAtShutdown events still queued when the timeout ran out, counted as {@code shutdown} drops
 * @param stuckInDestination events inside a destination that had not returned when the timeout ran out
 * @param timeout the timeout the stop was given
 * @param lastDropSummary the drops since the last periodic summary, said once more at the stop, or
 * {@code null} if there were none (or the summary is off)
 * @param unwrittenByDestination what was not written, by destination ({@code sink:audit 65}), or
 * {@code null} when that is not known or nothing was left
 */
public record StopReport(long droppedAtShutdown, long stuckInDestination, Duration timeout, String lastDropSummary,
		String unwrittenByDestination) {

	/**
	 * A report that does not say which destinations were left unwritten.
	 * @param droppedAtShutdown events still queued when the timeout ran out
	 * @param stuckInDestination events inside a destination that had not returned
	 * @param timeout the timeout the stop was given
	 * @param lastDropSummary the drops not yet said, or {@code null}
	 */
	public StopReport(long droppedAtShutdown, long stuckInDestination, Duration timeout, String lastDropSummary) {
		this(droppedAtShutdown, stuckInDestination, timeout, lastDropSummary, null);
	}

	/**
	 * Whether every event was written or failed before the timeout.
	 * @return {@code true} if nothing was left unwritten
	 */
	public boolean complete() {
		return this.droppedAtShutdown == 0 && this.stuckInDestination == 0;
	}

	/**
	 * This report and another, by the same timeout: what each left unwritten, and each one's drops.
	 * @param other another stop's report
	 * @return the two together
	 */
	StopReport and(StopReport other) {
		String lines = joined(this.lastDropSummary, other.lastDropSummary, System.lineSeparator());
		String unwritten = joined(this.unwrittenByDestination, other.unwrittenByDestination, ", ");
		return new StopReport(this.droppedAtShutdown + other.droppedAtShutdown,
				this.stuckInDestination + other.stuckInDestination, this.timeout, lines, unwritten);
	}

	private static String joined(String first, String second, String separator) {
		return (first == null) ? second : (second == null) ? first : first + separator + second;
	}

	/**
	 * The one line a stop says when it could not write everything.
	 * @return the line
	 */
	public String describe() {
		return "async-logging: " + (this.droppedAtShutdown + this.stuckInDestination)
				+ " log events could not be written within async-logging.shutdown-timeout=" + Durations.format(this.timeout) + " ("
				+ this.droppedAtShutdown + " still queued, dropped with reason 'shutdown'; " + this.stuckInDestination
				+ " inside a destination that had not returned"
				+ ((this.unwrittenByDestination != null) ? "; by destination: " + this.unwrittenByDestination : "") + ")";
	}

}
