package io.github.asynclogging.logback;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import io.github.asynclogging.engine.EventLevel;
import io.github.asynclogging.engine.EventTraits;
import org.slf4j.event.KeyValuePair;

/**
 * Reads a Logback event's level, creation time and estimated size for the engine.
 * <p>
 * The sizes below are those of a 64-bit HotSpot JVM with compressed references (any heap under 32 GB),
 * measured with {@code jcmd GC.class_histogram} over thousands of queued events of each shape
 * (README, "How close the estimate is"; {@code ops/sizing/measure.sh estimate}), each rounded up.
 * Without compressed references every object is larger, by about two thirds: the object part of the
 * estimate is scaled by 5/3 then.
 */
final class LogbackEventTraits implements EventTraits<ILoggingEvent> {

	static final LogbackEventTraits INSTANCE = new LogbackEventTraits();

	/**
	 * HotSpot sets this property when references are compressed; another JVM may not, and is then
	 * counted as if they were not, the larger estimate.
	 */
	static final boolean COMPRESSED_REFERENCES = System.getProperty("java.vm.compressedOopsMode") != null;

	/** The LoggingEvent (96) and its Instant (24). */
	private static final long EVENT_BYTES = 128;

	/** A String and its byte[], without the characters (24 + 16). */
	private static final long STRING_BYTES = 40;

	/**
	 * Bytes per character: a String takes two per character as soon as one is not Latin-1, and which
	 * it is cannot be told without reading the text; Latin-1 text is counted twice its size.
	 */
	private static final long CHAR_BYTES = 2;

	/** An array's header and its length, rounded up. */
	private static final long ARRAY_BYTES = 16;

	/** A slot of an array, or a field, that references an object. */
	private static final long REFERENCE_BYTES = 4;

	/**
	 * An argument, without its text: a String and its byte[] (40), a boxed number (16 to 24), a UUID
	 * (32), a BigDecimal (40). What an argument references beyond that is not counted.
	 */
	private static final long ARGUMENT_BYTES = 48;

	/** The MDC's copy for the event: HashMap (48), its table's header (16), the read-only view and the views it caches (64). */
	private static final long MDC_MAP_BYTES = 128;

	/** An MDC entry without its text: the map's node (32), its slot in the table (up to 8), the value's String (40). */
	private static final long MDC_ENTRY_BYTES = 80;

	/** An SLF4J key-value pair: the pair (24), its slot (8), the key's String (40), the value as an argument. */
	private static final long KEY_VALUE_BYTES = 72 + ARGUMENT_BYTES;

	/**
	 * A Throwable, its ThrowableProxy and their arrays' headers, the message's String, without the
	 * frames: the exception shape measured 60 bytes a throwable beyond its frames.
	 */
	private static final long THROWABLE_BYTES = 200;

	/**
	 * A frame of a stack trace: the StackTraceElement (48) and its StackTraceElementProxy (24), their
	 * slots in two arrays (8), the frame's share of the Throwable's backtrace (22) and of the packaging
	 * data Spring Boot has Logback compute (6 for 300 frames of 36 classes): 108 measured.
	 */
	private static final long FRAME_BYTES = 120;

	/** A frame of caller data: its StackTraceElement and slot; its strings are the JVM's, shared. */
	private static final long CALLER_FRAME_BYTES = 56;

	/**
	 * What a {@link QueuedEvent} holds beyond a LoggingEvent: its own field. The event Logback made
	 * is not held (the copy shares its Instant and strings).
	 */
	private static final long COPY_BYTES = 8;

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
	 * Reads only what the caller fixed before the event was queued, so that it reads the same when the
	 * event leaves the queue: the template, the message the caller formatted (when an argument is not
	 * a value, {@link EventCapture}) or the arguments that are (the String ones' text), read from the
	 * copy of the array the queued event holds, never from the caller's, which the caller may refill
	 * ({@link QueuedEvent}), the captured MDC, the key-value pairs, the throwable's proxy, a copy's
	 * caller data. Nothing is formatted here.
	 * <p>
	 * A formatted argument's text is counted as what formatting added to the template: a String
	 * argument is held twice, in the array and in the message. Objects are counted as their own, even
	 * those the event shares (a constant template, the MDC copy of a thread whose MDC did not change):
	 * small events are counted up to four times what they hold, large ones (text, stack traces)
	 * closely.
	 */
	@Override
	public long estimatedBytes(ILoggingEvent event) {
		// What every event has is counted here, what only some have in methods of their own: small
		// enough that the compiler inlines this into the caller's path.
		ILoggingEvent queued = unwrapped(event);
		long bytes = objects(EVENT_BYTES + ((queued != event) ? IN_CONTEXT_BYTES : 0));
		String template = event.getMessage();
		int templateLength = 0;
		if (template != null) {
			templateLength = template.length();
			bytes += objects(STRING_BYTES) + CHAR_BYTES * templateLength;
		}
		Object[] arguments = event.getArgumentArray();
		long laterChars = QueuedEvent.charsFormattedLater(queued);
		if (laterChars != QueuedEvent.FORMATTED) {
			// The copied array; the message is formatted on the worker, not held while queued.
			bytes += objects(ARRAY_BYTES + arguments.length * (REFERENCE_BYTES + ARGUMENT_BYTES))
					+ CHAR_BYTES * laterChars;
		}
		else if (arguments != null) {
			bytes += formattedBytes(event, arguments, templateLength);
		}
		Map<String, String> mdc = event.getMDCPropertyMap();
		if (mdc != null && !mdc.isEmpty()) {
			bytes += mdcBytes(mdc);
		}
		List<KeyValuePair> pairs = event.getKeyValuePairs();
		if (pairs != null && !pairs.isEmpty()) {
			bytes += objects(ARRAY_BYTES + pairs.size() * KEY_VALUE_BYTES);
		}
		IThrowableProxy proxy = event.getThrowableProxy();
		if (proxy != null) {
			bytes += throwablesBytes(proxy);
		}
		if (queued instanceof QueuedEvent copy) {
			bytes += copyBytes(copy);
		}
		return bytes;
	}

	/** Formatted on the caller already: the message, then the arguments' text, and the array. */
	private static long formattedBytes(ILoggingEvent event, Object[] arguments, int templateLength) {
		// Formatted on the caller already: this reads a field.
		String formatted = event.getFormattedMessage();
		// The arguments' text: what replaced the placeholders ("{}", two each); without a message (a
		// null template formats to null) the String arguments the array holds.
		long argumentText = (formatted != null) ? Math.max(0, formatted.length() - templateLength)
				: QueuedEvent.stringChars(arguments, false);
		long chars = ((formatted != null) ? formatted.length() : 0) + argumentText + 2L * arguments.length;
		return objects(STRING_BYTES + ARRAY_BYTES + arguments.length * (REFERENCE_BYTES + ARGUMENT_BYTES))
				+ CHAR_BYTES * chars;
	}

	private static long mdcBytes(Map<String, String> mdc) {
		// Not an iterator: once forEach is inlined, the counter needs no allocation either.
		TextLength text = new TextLength();
		mdc.forEach(text);
		return objects(MDC_MAP_BYTES + mdc.size() * MDC_ENTRY_BYTES) + CHAR_BYTES * text.chars;
	}

	/** A throwable and its causes. */
	private static long throwablesBytes(IThrowableProxy first) {
		long bytes = 0;
		for (IThrowableProxy proxy = first; proxy != null; proxy = proxy.getCause()) {
			bytes += throwableBytes(proxy);
		}
		return bytes;
	}

	/**
	 * What a copy holds beyond a LoggingEvent, and its caller data: only a copy's, since an appender
	 * written on the caller's thread after the event was queued may fill in the caller data of the
	 * event Logback made, which would change this estimate.
	 */
	private static long copyBytes(QueuedEvent copy) {
		long bytes = objects(COPY_BYTES);
		if (copy.hasCallerData()) {
			bytes += objects(ARRAY_BYTES + copy.getCallerData().length * CALLER_FRAME_BYTES);
		}
		return bytes;
	}

	/** A throwable and those it suppressed; class names are the JVM's, shared. */
	private static long throwableBytes(IThrowableProxy proxy) {
		long bytes = objects(THROWABLE_BYTES + (long) proxy.getStackTraceElementProxyArray().length * FRAME_BYTES)
				+ CHAR_BYTES * length(proxy.getMessage());
		for (IThrowableProxy suppressed : proxy.getSuppressed()) {
			bytes += throwableBytes(suppressed);
		}
		return bytes;
	}

	private static ILoggingEvent unwrapped(ILoggingEvent event) {
		return (event instanceof EventInContext inContext) ? inContext.event : event;
	}

	/** Object sizes as measured with compressed references, or larger without. */
	private static long objects(long bytes) {
		return COMPRESSED_REFERENCES ? bytes : bytes * 5 / 3;
	}

	private static int length(String text) {
		return (text != null) ? text.length() : 0;
	}

	/** Counts the characters of an MDC's keys and values. */
	private static final class TextLength implements BiConsumer<String, String> {

		private long chars;

		@Override
		public void accept(String key, String value) {
			this.chars += length(key) + length(value);
		}

	}

}
