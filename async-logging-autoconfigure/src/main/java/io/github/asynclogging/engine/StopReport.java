package io.github.asynclogging.engine;

import java.time.Duration;

/**
 * What a stop left unwritten.
 *
 * @param droppedAtShutdown events still queued when the timeout ran out, counted as {@code shutdown} drops
 * @param stuckInDestination events a destination had not returned from when the timeout ran out
 * @param timeout the timeout the stop was given
 */
public record StopReport(long droppedAtShutdown, long stuckInDestination, Duration timeout) {

	/**
	 * Whether every event was written or failed before the timeout.
	 * @return {@code true} if nothing was left unwritten
	 */
	public boolean complete() {
		return this.droppedAtShutdown == 0 && this.stuckInDestination == 0;
	}

	/**
	 * The one line a stop says when it could not write everything.
	 * @return the line
	 */
	public String describe() {
		return "async-logging: " + (this.droppedAtShutdown + this.stuckInDestination)
				+ " log events could not be written within async-logging.shutdown-timeout=" + Durations.format(this.timeout) + " ("
				+ this.droppedAtShutdown + " still queued, dropped with reason 'shutdown'; " + this.stuckInDestination
				+ " inside a destination that had not returned)";
	}

}
