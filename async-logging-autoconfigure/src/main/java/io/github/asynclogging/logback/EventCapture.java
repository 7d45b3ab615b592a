package io.github.asynclogging.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;

/**
 * What the calling thread fixes on an event before a worker writes it: everything a worker would
 * otherwise read from its own thread or from objects the caller may still change.
 * <p>
 * The thread name and the MDC are the caller's. The message is formatted here when an argument's
 * text could change after the call (a {@code StringBuilder}, a bean); when every argument is a value
 * the event is queued with a copy of the arguments and formatted on the worker
 * ({@link MessageFormattedLater}). Caller data is captured when asked, since a worker's stack is not
 * the caller's; so is the trace context, which a worker's thread does not have (see
 * {@link CallerContext}).
 */
final class EventCapture {

	private final boolean callerData;

	private final CallerContext callerContext;

	EventCapture(boolean callerData, CallerContext callerContext) {
		this.callerData = callerData;
		this.callerContext = callerContext;
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
	 * @return what to queue: the event, or the event with the caller's trace context
	 */
	ILoggingEvent prepare(ILoggingEvent event) {
		ILoggingEvent queued = event;
		if (event instanceof LoggingEvent) {
			event.getThreadName();
			event.getMDCPropertyMap();
			queued = MessageFormattedLater.of(event);
		}
		else {
			// Another kind of event: it knows best what it must fix.
			event.prepareForDeferredProcessing();
		}
		if (this.callerData) {
			event.getCallerData();
		}
		return this.callerContext.carry(queued);
	}

}
