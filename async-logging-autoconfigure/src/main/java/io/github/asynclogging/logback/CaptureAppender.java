package io.github.asynclogging.logback;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.spi.FilterAttachableImpl;
import ch.qos.logback.core.spi.FilterReply;

/**
 * The appender the starter leaves on a logger in place of the appenders it took from it: on the
 * caller's thread it only hands the event to the {@link Takeover}, which queues it once for all the
 * appenders of its route.
 * <p>
 * An event of a logger below this one whose own capture appender queued it already reaches this one
 * too (additivity): it is left alone, by a check of its logger's name against the loggers below that
 * have capture appenders, which costs nothing when there are none (the root's usual case).
 * <p>
 * Exposes the appenders it stands for as Logback's own {@link AppenderAttachable} appenders do, so
 * that code looking for an appender by walking the loggers' appenders (OpenTelemetry's
 * {@code OpenTelemetryAppender.install}, say) finds it. Implements {@link Appender} directly rather
 * than extending {@code UnsynchronizedAppenderBase}, whose re-entrance guard costs three thread-local
 * accesses per event; re-entrance from a worker is handled by the executor itself.
 */
final class CaptureAppender extends ContextAwareBase
		implements Appender<ILoggingEvent>, AppenderAttachable<ILoggingEvent> {

	static final String NAME = "ASYNC_LOGGING";

	private final Takeover takeover;

	private final String loggerName;

	private final FilterAttachableImpl<ILoggingEvent> filters = new FilterAttachableImpl<>();

	/** Loggers below with capture appenders of their own, whose events reach this one too. */
	private volatile String[] capturedBelow = {};

	/** The appenders taken from this logger, for {@link #iteratorForAppenders()}. */
	private volatile List<Appender<ILoggingEvent>> standsFor = List.of();

	private volatile boolean started;

	CaptureAppender(Takeover takeover, String loggerName) {
		this.takeover = takeover;
		this.loggerName = loggerName;
	}

	String loggerName() {
		return this.loggerName;
	}

	void standFor(List<Appender<ILoggingEvent>> standsFor) {
		this.standsFor = List.copyOf(standsFor);
	}

	void update(String[] capturedBelow, List<Appender<ILoggingEvent>> standsFor) {
		this.capturedBelow = capturedBelow;
		this.standsFor = List.copyOf(standsFor);
	}

	@Override
	public void doAppend(ILoggingEvent event) {
		if (this.filters.getFilterChainDecision(event) == FilterReply.DENY) {
			return;
		}
		if (!this.started) {
			// Stopped by a reset or a hand-back: written here, as synchronous Logback writes, after what
			// this caller queued (a later take-over's queue would write it after this caller's next
			// lines, which go straight out).
			this.takeover.awaitOwnQueuedWritten();
			writeOwnNow(event);
			return;
		}
		String[] below = this.capturedBelow;
		if (below.length > 0 && isCapturedBelow(event.getLoggerName(), below) && this.takeover.accepts()) {
			return;
		}
		if (!this.takeover.capture(event)) {
			writeOwnNow(event);
		}
	}

	/**
	 * No executor took the event: a caller whose appender list is older than the last change (a stop's
	 * hand-back) writes this logger's own appenders itself, as synchronous Logback does on each logger
	 * of the route.
	 */
	private void writeOwnNow(ILoggingEvent event) {
		for (Appender<ILoggingEvent> appender : this.standsFor) {
			try {
				appender.doAppend(event);
			}
			catch (RuntimeException ex) {
				// As Logback's own synchronous path: an appender's failure never reaches the caller.
			}
		}
	}

	private static boolean isCapturedBelow(String eventLogger, String[] below) {
		for (String logger : below) {
			if (Routes.isAtOrBelow(eventLogger, logger)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public void setName(String name) {
		// The name identifies the starter's appender on a logger; it is fixed.
	}

	@Override
	public void start() {
		this.started = true;
	}

	@Override
	public void stop() {
		this.started = false;
	}

	@Override
	public boolean isStarted() {
		return this.started;
	}

	@Override
	public void addFilter(Filter<ILoggingEvent> filter) {
		this.filters.addFilter(filter);
	}

	@Override
	public void clearAllFilters() {
		this.filters.clearAllFilters();
	}

	@Override
	public List<Filter<ILoggingEvent>> getCopyOfAttachedFiltersList() {
		return this.filters.getCopyOfAttachedFiltersList();
	}

	@Override
	public FilterReply getFilterChainDecision(ILoggingEvent event) {
		return this.filters.getFilterChainDecision(event);
	}

	@Override
	public Iterator<Appender<ILoggingEvent>> iteratorForAppenders() {
		return new ArrayList<>(this.standsFor).iterator();
	}

	@Override
	public Appender<ILoggingEvent> getAppender(String name) {
		for (Appender<ILoggingEvent> appender : this.standsFor) {
			if (appender.getName() != null && appender.getName().equals(name)) {
				return appender;
			}
		}
		return null;
	}

	@Override
	public boolean isAttached(Appender<ILoggingEvent> appender) {
		return this.standsFor.contains(appender);
	}

	@Override
	public void addAppender(Appender<ILoggingEvent> newAppender) {
		throw readOnly();
	}

	@Override
	public void detachAndStopAllAppenders() {
		throw readOnly();
	}

	@Override
	public boolean detachAppender(Appender<ILoggingEvent> appender) {
		throw readOnly();
	}

	@Override
	public boolean detachAppender(String name) {
		throw readOnly();
	}

	private UnsupportedOperationException readOnly() {
		return new UnsupportedOperationException("The async-logging appender of logger " + this.loggerName
				+ " shows the appenders it writes; attach or detach appenders on the logger itself");
	}

}
