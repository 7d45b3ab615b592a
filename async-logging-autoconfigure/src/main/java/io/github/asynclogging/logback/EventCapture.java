package io.github.asynclogging.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * What the calling thread fixes on an event before a worker writes it: everything a worker would
 * otherwise read from its own thread or from objects the caller may still change.
 * <p>
 * The message is formatted here whenever it has arguments: Logback keeps the caller's own argument
 * array, which the caller may refill after the call (a loop reusing one {@code Object[]}), so text
 * formatted later could be other text. The thread name and the MDC are the caller's; caller data is
 * captured when asked, since a worker's stack is not the caller's.
 */
final class EventCapture {

	private final boolean callerData;

	EventCapture(boolean callerData) {
		this.callerData = callerData;
	}

	boolean capturesCallerData() {
		return this.callerData;
	}

	void prepare(ILoggingEvent event) {
		// Formats the message (a no-op without arguments), and reads the thread name and the MDC now.
		event.prepareForDeferredProcessing();
		if (this.callerData) {
			event.getCallerData();
		}
	}

}
