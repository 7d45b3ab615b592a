package io.github.asynclogging.logback;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.TurboFilterList;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Where the starter sees each log call: a turbo filter first in Logback's chain, which Logback asks
 * before it builds an event, on every logging path (the classic methods, the fluent API,
 * {@code LocationAwareLogger.log} of the bridges).
 * <p>
 * For a call Logback would write, it asks the turbo filters after it as Logback would (so their
 * decisions and side effects, a metrics counter's among them, are exactly those of synchronous
 * Logback), builds the event as Logback builds it, hands it to the {@link ContextCapture} and answers
 * {@code DENY}, so that Logback does not write it too. A call Logback would not write is answered
 * {@code DENY} after the same questions; a level query ({@code isDebugEnabled()}) is answered
 * {@code NEUTRAL} at once, so that Logback and the other filters answer it as without the starter.
 */
final class CaptureFilter extends TurboFilter {

	/** The caller boundary of the classic methods, as Logback's own. */
	private static final String FQCN = Logger.class.getName();

	private final LoggerContext context;

	private final ContextCapture capture;

	CaptureFilter(LoggerContext context, ContextCapture capture) {
		this.context = context;
		this.capture = capture;
		setName("async-logging");
		setContext(context);
	}

	@Override
	public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
			Throwable t) {
		if (format == null && params == null && t == null) {
			// isDebugEnabled() and its kind ask with no message.
			return FilterReply.NEUTRAL;
		}
		FilterReply others = others(marker, logger, level, format, params, t);
		// Logback's rule after the chain: ACCEPT writes whatever the level, NEUTRAL only at the level.
		if (others == FilterReply.DENY
				|| (others == FilterReply.NEUTRAL && level.levelInt < logger.getEffectiveLevel().levelInt)) {
			return FilterReply.DENY;
		}
		LoggingEvent event = new LoggingEvent(FQCN, logger, level, format, t, params);
		event.addMarker(marker);
		if (this.capture.needsCallerData()) {
			// A turbo filter is not told the boundary of a bridged call (jul-to-slf4j): read past it.
			event.setCallerData(CallerFrames.ofCall(CaptureFilter.class, this.context.getMaxCallerDataDepth(),
					this.context.getFrameworkPackages()));
		}
		this.capture.capture(logger, event);
		return FilterReply.DENY;
	}

	/**
	 * The fluent API's way in (Logback 1.5.21 and later): Logback checks no level on this path, the
	 * builder was made only for an enabled level.
	 */
	@Override
	public FilterReply decide(Logger logger, org.slf4j.event.LoggingEvent slf4jEvent) {
		if (others(logger, slf4jEvent) == FilterReply.DENY) {
			return FilterReply.DENY;
		}
		String boundary = (slf4jEvent.getCallerBoundary() != null) ? slf4jEvent.getCallerBoundary() : FQCN;
		LoggingEvent event = new LoggingEvent(boundary, logger, Level.convertAnSLF4JLevel(slf4jEvent.getLevel()),
				slf4jEvent.getMessage(), slf4jEvent.getThrowable(), slf4jEvent.getArgumentArray());
		List<Marker> markers = slf4jEvent.getMarkers();
		if (markers != null) {
			markers.forEach(event::addMarker);
		}
		event.setKeyValuePairs(slf4jEvent.getKeyValuePairs());
		if (this.capture.needsCallerData()) {
			// Read here, below the boundary the call gave, before the worker's stack replaces the caller's.
			event.getCallerData();
		}
		this.capture.capture(logger, event);
		return FilterReply.DENY;
	}

	/**
	 * What the turbo filters after this one decide, as Logback asks them: the first that is not
	 * neutral. Those before it were asked by Logback already and were neutral. Over a snapshot of the
	 * list, as Logback's own loop, so that a filter removed meanwhile does not make the next one be
	 * skipped; with the starter's filter alone, no snapshot is taken.
	 */
	private FilterReply others(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
		TurboFilterList filters = this.context.getTurboFilterList();
		if (filters.size() <= 1) {
			return FilterReply.NEUTRAL;
		}
		boolean after = false;
		for (TurboFilter filter : filters) {
			if (after) {
				FilterReply reply = filter.decide(marker, logger, level, format, params, t);
				if (reply != FilterReply.NEUTRAL) {
					return reply;
				}
			}
			else {
				after = filter == this;
			}
		}
		return FilterReply.NEUTRAL;
	}

	private FilterReply others(Logger logger, org.slf4j.event.LoggingEvent slf4jEvent) {
		TurboFilterList filters = this.context.getTurboFilterList();
		if (filters.size() <= 1) {
			return FilterReply.NEUTRAL;
		}
		boolean after = false;
		for (TurboFilter filter : filters) {
			if (after) {
				FilterReply reply = filter.decide(logger, slf4jEvent);
				if (reply != FilterReply.NEUTRAL) {
					return reply;
				}
			}
			else {
				after = filter == this;
			}
		}
		return FilterReply.NEUTRAL;
	}

}
