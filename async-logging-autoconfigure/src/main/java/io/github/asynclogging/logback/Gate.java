package io.github.asynclogging.logback;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * A turbo filter the starter puts first in Logback's chain only while it moves appenders between
 * loggers and itself (taking them over, handing them back, a reconfiguration). While it is there,
 * Logback calls no appender at all: the gate builds each event itself, as {@code Logger} would, and
 * the {@link Takeover} queues it or writes it synchronously. So no log call can meet an appender
 * list half changed, which would write an event twice or not at all.
 * <p>
 * It applies the rest of the chain and the logger's level itself, as Logback would have after it.
 * The classic methods do not tell a turbo filter the logging API's class a call came through: the
 * caller data of the events it builds is read past every logging frame ({@link CallerFrames}).
 */
final class Gate extends TurboFilter {

	private static final String FQCN = Logger.class.getName();

	private final LoggerContext context;

	private final Takeover takeover;

	Gate(LoggerContext context, Takeover takeover) {
		this.context = context;
		this.takeover = takeover;
		setName("async-logging-gate");
		setContext(context);
	}

	@Override
	public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
			Throwable t) {
		if (format == null && params == null && t == null) {
			// isDebugEnabled() and its kind ask with no message: answer as if the gate were not there.
			return others(marker, logger, level, null, null, null);
		}
		FilterReply others = others(marker, logger, level, format, params, t);
		if (!logs(others, logger, level)) {
			return FilterReply.DENY;
		}
		LoggingEvent event = new LoggingEvent(FQCN, logger, level, format, t, params);
		event.addMarker(marker);
		if (this.takeover.capturesCallerData()) {
			// Logback's Logger as the boundary would name a bridge's frame (jul-to-slf4j's) as the caller.
			event.setCallerData(CallerFrames.ofCall(Gate.class, this.context.getMaxCallerDataDepth(),
					this.context.getFrameworkPackages()));
		}
		this.takeover.gated(event);
		return FilterReply.DENY;
	}

	/**
	 * The fluent API's way in, on Logback 1.5.21 and later (earlier ones call the method above, and the
	 * key-value pairs of such a call made during the gate's milliseconds are not written).
	 */
	@Override
	public FilterReply decide(Logger logger, org.slf4j.event.LoggingEvent slf4jEvent) {
		Level level = Level.convertAnSLF4JLevel(slf4jEvent.getLevel());
		FilterReply others = FilterReply.NEUTRAL;
		for (TurboFilter filter : this.context.getTurboFilterList()) {
			if (filter != this) {
				others = filter.decide(logger, slf4jEvent);
				if (others != FilterReply.NEUTRAL) {
					break;
				}
			}
		}
		if (!logs(others, logger, level)) {
			return FilterReply.DENY;
		}
		String boundary = (slf4jEvent.getCallerBoundary() != null) ? slf4jEvent.getCallerBoundary() : FQCN;
		LoggingEvent event = new LoggingEvent(boundary, logger, level, slf4jEvent.getMessage(),
				slf4jEvent.getThrowable(), slf4jEvent.getArgumentArray());
		List<Marker> markers = slf4jEvent.getMarkers();
		if (markers != null) {
			markers.forEach(event::addMarker);
		}
		event.setKeyValuePairs(slf4jEvent.getKeyValuePairs());
		this.takeover.gated(event);
		return FilterReply.DENY;
	}

	/** What the turbo filters after this one decide, as Logback would ask them: the first not neutral. */
	private FilterReply others(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
		for (TurboFilter filter : this.context.getTurboFilterList()) {
			if (filter != this) {
				FilterReply reply = filter.decide(marker, logger, level, format, params, t);
				if (reply != FilterReply.NEUTRAL) {
					return reply;
				}
			}
		}
		return FilterReply.NEUTRAL;
	}

	/** Logback's own rule after the turbo filters. */
	private static boolean logs(FilterReply others, Logger logger, Level level) {
		if (others == FilterReply.DENY) {
			return false;
		}
		return others == FilterReply.ACCEPT || level.levelInt >= logger.getEffectiveLevel().levelInt;
	}

}
