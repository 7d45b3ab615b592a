package io.github.asynclogging.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * What the calling thread fixes on an event before a worker writes it: everything a worker would
 * otherwise read from its own thread or from objects the caller may still change.
 * <p>
 * The message is formatted here whenever it has arguments: Logback keeps the caller's own argument
 * array, which the caller may refill after the call (a loop reusing one {@code Object[]}), so text
 * formatted later could be other text. The thread name and the MDC are the caller's; caller data is
 * captured when asked, since a worker's stack is not the caller's; so is the trace context, which a
 * worker's thread does not have (see {@link CallerContext}).
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
		// Formats the message (a no-op without arguments), and reads the thread name and the MDC now.
		event.prepareForDeferredProcessing();
		if (this.callerData) {
			event.getCallerData();
		}
		return this.callerContext.carry(event);
	}

}
