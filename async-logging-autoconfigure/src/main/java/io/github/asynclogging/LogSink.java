package io.github.asynclogging;

import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * A destination for every logged event, beside the root logger's appenders: an audit trail, an
 * HTTP collector. Declare implementations as beans; each receives every event on a worker thread,
 * never on the thread that logged it. The event was prepared on the caller's thread: its formatted
 * message, MDC and thread name are those of the moment it was logged (the message may be formatted
 * on first reading, from a copy of arguments whose text cannot change). Arguments that are not such
 * values (a bean, a {@code StructuredArgument}) are the caller's own objects, in the caller's array,
 * as with Logback's {@code AsyncAppender}: read their text from the formatted message.
 * <p>
 * An exception thrown here counts the event as failed ({@code async.logging.events.failed}) and
 * the worker goes on with the next event.
 */
@FunctionalInterface
public interface LogSink {

	/**
	 * Write one event. Called by one worker at a time per event, possibly by several workers at
	 * once for different events when {@code async-logging.workers} is above 1.
	 * @param event the prepared event
	 */
	void write(ILoggingEvent event);

}
