package io.github.asynclogging.logback;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * The bridge's own copy of an event Logback made, queued in its place: a {@code LoggingEvent}, so
 * that appenders that accept only Logback's type (the socket appenders' serialization) take it, and
 * one no other thread touches after the call, so that it reads the same when it leaves the queue as
 * when it entered (what the memory bound counts, caller data included).
 * <p>
 * Made for every event when caller data is captured: the memory estimate counts caller data only on
 * a copy, whose caller data no one else writes. Otherwise the event Logback made is queued itself
 * (the appenders kept synchronous are written before it is queued, so no other thread fills it in
 * while a worker reads it).
 * <p>
 * Either way, what is queued holds a copy of the argument array, which the caller may refill after
 * the call (a loop reusing one {@code Object[]}): Logback keeps the caller's own. When every argument
 * is a value whose text cannot change (null, a String, a boxed primitive, a UUID), the message is
 * formatted from that copy when an appender first reads it, on the worker: the text the caller
 * would have formatted; formatting is most of what an asynchronous call would otherwise cost its
 * caller. Any other argument has the message formatted at once.
 */
final class QueuedEvent extends LoggingEvent {

	/** What {@link #charsFormattedLater} says of an event that holds its message. */
	static final long FORMATTED = -1;

	/** The message formatted on the caller's thread, or null: formatted from the copied values. */
	private final String formatted;

	private QueuedEvent(LoggingEvent made, LoggerContext context, Object[] arguments, String formatted) {
		setLoggerName(made.getLoggerName());
		setLoggerContext(context);
		setLoggerContextRemoteView(made.getLoggerContextVO());
		setLevel(made.getLevel());
		setMessage(made.getMessage());
		if (arguments != null) {
			setArgumentArray(arguments);
		}
		setThreadName(made.getThreadName());
		setMDCPropertyMap(made.getMDCPropertyMap());
		Instant instant = made.getInstant();
		if (instant != null) {
			// An event made with setters may have no time: written with time 0, as Logback writes it.
			setInstant(instant);
		}
		setSequenceNumber(made.getSequenceNumber());
		IThrowableProxy throwable = made.getThrowableProxy();
		if (throwable != null) {
			// What Logback's own event holds: its field has this type.
			setThrowableProxy((ThrowableProxy) throwable);
		}
		if (made.hasCallerData()) {
			setCallerData(made.getCallerData());
		}
		List<KeyValuePair> pairs = made.getKeyValuePairs();
		if (pairs != null) {
			setKeyValuePairs(pairs);
		}
		List<Marker> markers = made.getMarkerList();
		if (markers != null) {
			markers.forEach(this::addMarker);
		}
		this.formatted = formatted;
	}

	/**
	 * On the calling thread, once the thread name, the MDC and any caller data are read: the event to
	 * queue.
	 * @param made the event Logback made, of Logback's own class
	 * @param context its logger context
	 * @param always whether to queue a copy whatever the arguments
	 * @param arguments puts the copy of the arguments into the event Logback made
	 * @return a copy, or the event itself, holding a copy of its arguments, its message formatted
	 * unless they are values
	 */
	static ILoggingEvent of(LoggingEvent made, LoggerContext context, boolean always, EventArguments arguments) {
		Object[] passed = made.getArgumentArray();
		if (passed == null) {
			return always ? new QueuedEvent(made, context, null, null) : made;
		}
		// Whatever the arguments, what is queued holds a copy of the array: what appenders read of the
		// arguments and how the memory estimate counts them must not change when the caller refills it.
		Object[] copy = passed.clone();
		String formatted = areValues(copy) ? null : made.getFormattedMessage();
		if (!always && arguments.replace(made, copy)) {
			return made;
		}
		return new QueuedEvent(made, context, copy, formatted);
	}

	/**
	 * What a queued event holds of text beyond its template when its message is formatted on the
	 * worker, from the copy of its arguments that it holds: the characters of its String arguments.
	 * Decided by what the event holds, which reads the same when it leaves the queue whoever formatted
	 * its message meanwhile.
	 * @param queued an event {@link #of} returned
	 * @return the characters, or {@link #FORMATTED} if the event holds its message, formatted on the
	 * caller, or has no arguments
	 */
	static long charsFormattedLater(ILoggingEvent queued) {
		Object[] arguments = queued.getArgumentArray();
		if (arguments == null) {
			return FORMATTED;
		}
		if (queued instanceof QueuedEvent copy) {
			return (copy.formatted == null) ? stringChars(arguments, true) : FORMATTED;
		}
		return (queued.getClass() == LoggingEvent.class) ? stringChars(arguments, true) : FORMATTED;
	}

	/**
	 * The characters of the String arguments; with {@code valuesOnly}, {@link #FORMATTED} as soon as
	 * an argument is not a value.
	 */
	static long stringChars(Object[] arguments, boolean valuesOnly) {
		long chars = 0;
		for (Object argument : arguments) {
			if (argument instanceof String text) {
				chars += text.length();
			}
			else if (valuesOnly && argument != null && !isValue(argument.getClass())) {
				return FORMATTED;
			}
		}
		return chars;
	}

	/** Whether every argument is null or of an immutable class whose text is fixed (exact classes). */
	static boolean areValues(Object[] arguments) {
		for (Object argument : arguments) {
			if (argument != null && !isValue(argument.getClass())) {
				return false;
			}
		}
		return true;
	}

	private static boolean isValue(Class<?> type) {
		return type == String.class || type == Integer.class || type == Long.class || type == Boolean.class
				|| type == Double.class || type == Float.class || type == Short.class || type == Byte.class
				|| type == Character.class || type == UUID.class;
	}

	@Override
	public String getFormattedMessage() {
		return (this.formatted != null) ? this.formatted : super.getFormattedMessage();
	}

}
