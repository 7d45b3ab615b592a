package io.github.asynclogging.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * An event queued with the trace context that was current on the thread that logged it. Only the
 * executor sees it (its level, time and size are the event's); {@link LogbackDestination} unwraps
 * it, so that appenders and sinks receive the event it holds, written while the caller's context is
 * current.
 * <p>
 * Made only when the caller had a context to carry; free of OpenTelemetry's types, so that the
 * destination can test for it where OpenTelemetry is absent.
 */
abstract class EventInContext extends ForwardingEvent {

	EventInContext(ILoggingEvent event) {
		super(event);
	}

	/**
	 * On the worker: writes the event with the caller's context current, and current no longer once
	 * the write returns or throws.
	 * @param destination what writes the event
	 * @throws Exception what the destination threw
	 */
	abstract void writeWithin(LogbackDestination destination) throws Exception;

}
