package io.github.asynclogging.logback;

import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import io.github.asynclogging.engine.EventLevel;
import io.github.asynclogging.engine.EventTraits;
import org.slf4j.event.KeyValuePair;

/**
 * Reads a Logback event's level, creation time and estimated size for the engine.
 */
final class LogbackEventTraits implements EventTraits<ILoggingEvent> {

	static final LogbackEventTraits INSTANCE = new LogbackEventTraits();

	/** The event, its Instant, its formatted-message field and array headers, measured on 64-bit JVMs. */
	private static final long EVENT_BYTES = 160;

	/** A String object and its byte[] header. */
	private static final long STRING_BYTES = 56;

	/** An argument that is not a String: a boxed value or an object that is rendered to text. */
	private static final long ARGUMENT_BYTES = 64;

	/** A map entry with its two strings' headers. */
	private static final long MDC_ENTRY_BYTES = 2 * STRING_BYTES + 48;

	/** A ThrowableProxy and its arrays, without the frames. */
	private static final long THROWABLE_BYTES = 200;

	/** A StackTraceElement and the StackTraceElementProxy around it, with their strings' share. */
	private static final long FRAME_BYTES = 120;

	/**
	 * The holder of an event queued with its caller's trace context; the context itself is the
	 * caller's, shared with its span, not a copy.
	 */
	private static final long IN_CONTEXT_BYTES = 24;

	private LogbackEventTraits() {
	}

	@Override
	public EventLevel levelOf(ILoggingEvent event) {
		return levelOf(event.getLevel());
	}

	static EventLevel levelOf(Level level) {
		return switch (level.levelInt) {
			case Level.ERROR_INT -> EventLevel.ERROR;
			case Level.WARN_INT -> EventLevel.WARN;
			case Level.INFO_INT -> EventLevel.INFO;
			case Level.DEBUG_INT -> EventLevel.DEBUG;
			default -> EventLevel.TRACE;
		};
	}

	@Override
	public long createdEpochNanos(ILoggingEvent event) {
		long millis = event.getTimeStamp();
		int nanos = event.getNanoseconds();
		if (nanos < 0) {
			return millis * 1_000_000L;
		}
		return Math.floorDiv(millis, 1000L) * 1_000_000_000L + nanos;
	}

	/**
	 * Reads only what the caller fixed before the event was queued (message, arguments, the captured
	 * MDC, the throwable, caller data once captured), never what a worker may compute later: the text
	 * is counted twice, once as the template and once as the formatted message it becomes, whether it
	 * is formatted yet or not.
	 */
	@Override
	public long estimatedBytes(ILoggingEvent event) {
		long bytes = EVENT_BYTES + ((event instanceof EventInContext) ? IN_CONTEXT_BYTES : 0)
				+ 2 * textBytes(event.getMessage());
		Object[] arguments = event.getArgumentArray();
		if (arguments != null) {
			bytes += 16 + 8L * arguments.length;
			for (Object argument : arguments) {
				bytes += (argument instanceof String text) ? 2 * textBytes(text) : ARGUMENT_BYTES;
			}
		}
		Map<String, String> mdc = event.getMDCPropertyMap();
		if (mdc != null) {
			for (Map.Entry<String, String> entry : mdc.entrySet()) {
				bytes += MDC_ENTRY_BYTES + chars(entry.getKey()) + chars(entry.getValue());
			}
		}
		List<KeyValuePair> pairs = event.getKeyValuePairs();
		if (pairs != null) {
			bytes += pairs.size() * (STRING_BYTES + ARGUMENT_BYTES);
		}
		for (IThrowableProxy proxy = event.getThrowableProxy(); proxy != null; proxy = proxy.getCause()) {
			bytes += throwableBytes(proxy);
		}
		if (event.hasCallerData()) {
			bytes += event.getCallerData().length * FRAME_BYTES;
		}
		return bytes;
	}

	private static long throwableBytes(IThrowableProxy proxy) {
		long bytes = THROWABLE_BYTES + textBytes(proxy.getMessage()) + textBytes(proxy.getClassName());
		bytes += (long) proxy.getStackTraceElementProxyArray().length * FRAME_BYTES;
		for (IThrowableProxy suppressed : proxy.getSuppressed()) {
			bytes += throwableBytes(suppressed);
		}
		return bytes;
	}

	private static long textBytes(String text) {
		return (text != null) ? STRING_BYTES + text.length() : 0;
	}

	private static long chars(String text) {
		return (text != null) ? text.length() : 0;
	}

}
