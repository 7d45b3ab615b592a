package io.github.asynclogging.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.asynclogging.engine.EventLevel;
import io.github.asynclogging.engine.EventTraits;

/**
 * Reads a Logback event's level and creation time for the engine.
 */
final class LogbackEventTraits implements EventTraits<ILoggingEvent> {

	static final LogbackEventTraits INSTANCE = new LogbackEventTraits();

	private LogbackEventTraits() {
	}

	@Override
	public EventLevel levelOf(ILoggingEvent event) {
		return levelOf(event.getLevel());
	}

	static EventLevel levelOf(Level level) {
		return switch (level.levelInt) {
			case Level.ERROR_INT -> EventLevel.ERROR;
			case Level.WARN_INT -> EventLevel.WARN;
			case Level.INFO_INT -> EventLevel.INFO;
			case Level.DEBUG_INT -> EventLevel.DEBUG;
			default -> EventLevel.TRACE;
		};
	}

	@Override
	public long createdEpochNanos(ILoggingEvent event) {
		long millis = event.getTimeStamp();
		int nanos = event.getNanoseconds();
		if (nanos < 0) {
			return millis * 1_000_000L;
		}
		return Math.floorDiv(millis, 1000L) * 1_000_000_000L + nanos;
	}

}
