package io.github.asynclogging.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.asynclogging.engine.EventLevel;
import io.github.asynclogging.engine.EventTraits;

/**
 * The traits of one destination's lane: an event's estimate shares what it may with the previous
 * event queued in that lane rather than on the thread, since the lanes' workers take turns to fill
 * it; so an event costs a lane the same whichever worker routed it.
 */
final class LaneEventTraits implements EventTraits<ILoggingEvent> {

	/**
	 * One router at a time fills a lane; an event a worker logs meanwhile at worst misjudges what it
	 * shares: an estimate, never a lost or double count, since the queue keeps what it charged.
	 */
	private final LogbackEventTraits.Shared shared = new LogbackEventTraits.Shared();

	@Override
	public EventLevel levelOf(ILoggingEvent event) {
		return LogbackEventTraits.INSTANCE.levelOf(event);
	}

	@Override
	public long createdEpochNanos(ILoggingEvent event) {
		return LogbackEventTraits.INSTANCE.createdEpochNanos(event);
	}

	@Override
	public long estimatedBytes(ILoggingEvent event) {
		return LogbackEventTraits.estimatedBytes(event, this.shared);
	}

}
