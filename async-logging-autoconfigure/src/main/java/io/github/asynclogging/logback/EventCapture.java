package io.github.asynclogging.logback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;

/**
 * What the calling thread fixes on an event before a worker writes it: everything a worker would
 * otherwise read from its own thread or from objects the caller may still change.
 * <p>
 * The thread name and the MDC are the caller's. Caller data is captured when asked, since a
 * worker's stack is not the caller's; so is the trace context, which a worker's thread does not have
 * (see {@link CallerContext}). When every argument is a value the queued event holds a copy of them,
 * its message formatted on the worker; otherwise the message is formatted here, since an argument's
 * text could change after the call (a {@code StringBuilder}, a bean). See {@link QueuedEvent} for when
 * the whole event is copied.
 */
final class EventCapture {

	private final boolean callerData;

	private final CallerContext callerContext;

	private final LoggerContext context;


	/**
	 * @param callerData whether to capture caller data
	 * @param callerContext how the trace context is carried
	 * @param context the logger context whose events these are
	 */
	EventCapture(boolean callerData, CallerContext callerContext, LoggerContext context) {
		this.callerData = callerData;
		this.callerContext = callerContext;
		this.context = context;
	}

	boolean capturesCallerData() {
		return this.callerData;
	}

	boolean carriesTraceContext() {
		return this.callerContext != CallerContext.NONE;
	}

	/**
	 * Fixes what the event needs from the calling thread.
	 * @param event the event Logback made
	 * @return what to queue: the event or its copy, alone or with the caller's trace context
	 */
	ILoggingEvent prepare(ILoggingEvent event) {
		if (this.callerData) {
			event.getCallerData();
		}
		ILoggingEvent queued = event;
		// Logback's own class only: a subclass may fix more, and appenders may look for its type.
		if (event.getClass() == LoggingEvent.class) {
			event.getThreadName();
			event.getMDCPropertyMap();
			// Captured caller data is counted by the memory bound only on a copy (see QueuedEvent).
			queued = QueuedEvent.of((LoggingEvent) event, this.context, this.callerData,
					EventArguments.LOGBACK);
		}
		else {
			event.prepareForDeferredProcessing();
		}
		return this.callerContext.carry(queued);
	}

}
