package io.github.asynclogging.logback;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.github.asynclogging.engine.EventLevel;
import io.github.asynclogging.engine.EventTraits;
import org.slf4j.event.KeyValuePair;

/**
 * Reads a Logback event's level, creation time and estimated size for the engine.
 * <p>
 * The estimate is made once per event, on the calling thread, as the event is queued (the queue
 * keeps what it charged and gives that back as the event leaves): so it may read what the caller
 * may change after the call (a {@code StringBuilder} argument's capacity) and what the thread's
 * events share. Each part is counted by what it holds: text by its characters, an argument or a
 * key-value pair's value by its own kind (text, boxed value, array, collection), used by the message
 * or not, a throwable with its frames, causes and suppressed throwables and theirs.
 * <p>
 * What an event shares with the previous event its thread queued, the same template and the same
 * MDC map (Logback's MDC hands out one map until the MDC changes), is not counted again: the
 * template is a constant almost always, and a request's events share its MDC. So common small
 * events are counted at about what they hold, not at three to four times that. The first event to
 * hold a shared object pays for it; one such object per thread may outlive its payer in the queue.
 * <p>
 * The sizes below are those of a 64-bit HotSpot JVM with compressed references (any heap under 32 GB),
 * measured with {@code jcmd GC.class_histogram} over thousands of queued events of each shape
 * ({@code ops/sizing/measure.sh estimate}), each rounded up. Without compressed references every
 * object is larger, by about two thirds: the object part of the estimate is scaled by 5/3 then.
 */
final class LogbackEventTraits implements EventTraits<ILoggingEvent> {

	static final LogbackEventTraits INSTANCE = new LogbackEventTraits();

	/**
	 * HotSpot sets this property when references are compressed; another JVM may not, and is then
	 * counted as if they were not, the larger estimate.
	 */
	static final boolean COMPRESSED_REFERENCES = System.getProperty("java.vm.compressedOopsMode") != null;

	/** The LoggingEvent (96) and its Instant (24): the plain shape measured 120. */
	private static final long EVENT_BYTES = 120;

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

	/** An Integer, Short, Byte, Character, Float or Boolean. */
	private static final long BOXED_BYTES = 16;

	/** A Long or a Double. */
	private static final long WIDE_BOXED_BYTES = 24;

	/** A UUID. */
	private static final long UUID_BYTES = 32;

	/**
	 * An object of a kind not read further (a BigDecimal is 40, a small bean about as much): what it
	 * references beyond itself is not counted.
	 */
	private static final long OBJECT_BYTES = 48;

	/** A StringBuilder or StringBuffer without its array (24). */
	private static final long BUILDER_BYTES = 24;

	/** An entry of a collection or map read by its size: a node or slot and an element of a kind not read further. */
	private static final long ELEMENT_BYTES = 32 + OBJECT_BYTES;

	/** The MDC's copy for the event: HashMap (48), its table's header (16), the read-only view and the views it caches (64). */
	private static final long MDC_MAP_BYTES = 128;

	/** An MDC entry without its text: the map's node (32), its slot in the table (up to 8), the value's String (40). */
	private static final long MDC_ENTRY_BYTES = 80;

	/** The event's list of key-value pairs: an ArrayList (24) and its array's header (16). */
	private static final long KEY_VALUE_LIST_BYTES = 40;

	/** An SLF4J key-value pair (24) and its slot in the list (4), without its key and value. */
	private static final long KEY_VALUE_BYTES = 28;

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

	/** What a {@link QueuedEvent} holds beyond a LoggingEvent: its field (it shares the Instant and strings). */
	private static final long COPY_BYTES = 8;

	/** The holder of an event queued with its caller's trace context (the context is the span's, shared). */
	private static final long IN_CONTEXT_BYTES = 24;

	/** The longest template remembered as shared: a longer one is counted each time, never kept alive. */
	private static final int SHARED_TEXT_MAX_CHARS = 1024;

	/** What the calling thread's previous event held that the next one may share. */
	private static final ThreadLocal<Shared> SHARED = ThreadLocal.withInitial(Shared::new);

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

	/** Made once, on the calling thread, as the event is queued. Nothing is formatted here. */
	@Override
	public long estimatedBytes(ILoggingEvent event) {
		return estimatedBytes(event, SHARED.get());
	}

	@Override
	public EventTraits<ILoggingEvent> forOneLane() {
		return new LaneEventTraits();
	}

	/**
	 * The estimate of an event, against what the previous event of its thread held.
	 * @param shared what the thread's previous event held; updated to this one's
	 */
	static long estimatedBytes(ILoggingEvent event, Shared shared) {
		// What every event has is counted here, what only some have in methods of their own, so that the
		// common event runs the least code.
		ILoggingEvent queued = unwrapped(event);
		long bytes = objects(EVENT_BYTES + ((queued != event) ? IN_CONTEXT_BYTES : 0));
		// Written only when it changes: a reference stored into this long-lived holder makes G1's write
		// barrier fence the store (its card is outside the young generation); both written on every event
		// cost the call 5-9 ns.
		String template = event.getMessage();
		if (template != shared.template) {
			if (template != null) {
				bytes += textBytes(template);
			}
			shared.template = (template != null && template.length() <= SHARED_TEXT_MAX_CHARS) ? template : null;
		}
		Object[] arguments = event.getArgumentArray();
		if (arguments != null) {
			bytes += argumentsBytes(event, queued, arguments);
		}
		Map<String, String> mdc = event.getMDCPropertyMap();
		if (mdc != shared.mdc) {
			if (mdc != null && !mdc.isEmpty()) {
				bytes += mdcBytes(mdc);
			}
			shared.mdc = mdc;
		}
		List<KeyValuePair> pairs = event.getKeyValuePairs();
		if (pairs != null && !pairs.isEmpty()) {
			bytes += keyValuesBytes(pairs);
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

	/**
	 * The copied array and every argument by what it holds, used by the message or not; and the
	 * message when it was formatted on the caller (an argument that is not a value), which the
	 * queued event then holds beside the template.
	 */
	private static long argumentsBytes(ILoggingEvent event, ILoggingEvent queued, Object[] arguments) {
		long bytes = objects(ARRAY_BYTES + REFERENCE_BYTES * arguments.length);
		for (Object argument : arguments) {
			bytes += heldBytes(argument);
		}
		if (QueuedEvent.charsFormattedLater(queued) == QueuedEvent.FORMATTED) {
			// Formatted on the caller already: this reads a field.
			String formatted = event.getFormattedMessage();
			if (formatted != null && formatted != event.getMessage()) {
				bytes += textBytes(formatted);
			}
		}
		return bytes;
	}

	/**
	 * What an argument, or a key-value pair's value, holds: text by its characters (a builder by its
	 * capacity), a boxed value, an array by its length (an array of objects with its elements, one
	 * level deep), a collection or map by its size; anything else as a small object.
	 */
	static long heldBytes(Object value) {
		if (value == null) {
			return 0;
		}
		if (value instanceof String text) {
			return textBytes(text);
		}
		Class<?> type = value.getClass();
		if (type == Integer.class || type == Boolean.class || type == Short.class || type == Byte.class
				|| type == Character.class || type == Float.class) {
			return objects(BOXED_BYTES);
		}
		if (type == Long.class || type == Double.class) {
			return objects(WIDE_BOXED_BYTES);
		}
		if (type == UUID.class) {
			return objects(UUID_BYTES);
		}
		if (value instanceof Object[] elements) {
			long bytes = objects(ARRAY_BYTES + REFERENCE_BYTES * (long) elements.length);
			for (Object element : elements) {
				// One level deep: an array may hold itself.
				bytes += (element instanceof Object[] nested)
						? objects(ARRAY_BYTES + REFERENCE_BYTES * (long) nested.length) : shallowBytes(element);
			}
			return bytes;
		}
		return shallowBytes(value);
	}

	/** What {@link #heldBytes} counts of a value that is not an array of objects. */
	private static long shallowBytes(Object value) {
		if (value == null) {
			return 0;
		}
		if (value instanceof String text) {
			return textBytes(text);
		}
		if (value instanceof StringBuilder builder) {
			return objects(BUILDER_BYTES + ARRAY_BYTES) + CHAR_BYTES * builder.capacity();
		}
		if (value instanceof StringBuffer buffer) {
			return objects(BUILDER_BYTES + ARRAY_BYTES) + CHAR_BYTES * buffer.capacity();
		}
		if (value instanceof CharSequence text) {
			return objects(OBJECT_BYTES) + CHAR_BYTES * text.length();
		}
		if (value instanceof byte[] array) {
			return objects(ARRAY_BYTES) + array.length;
		}
		if (value instanceof char[] array) {
			return objects(ARRAY_BYTES) + 2L * array.length;
		}
		if (value instanceof int[] || value instanceof long[] || value instanceof double[] || value instanceof float[]
				|| value instanceof short[] || value instanceof boolean[]) {
			// At most eight bytes an element.
			return objects(ARRAY_BYTES) + 8L * Array.getLength(value);
		}
		if (value instanceof Collection<?> collection) {
			return objects(OBJECT_BYTES + ELEMENT_BYTES * (long) collection.size());
		}
		if (value instanceof Map<?, ?> map) {
			return objects(OBJECT_BYTES + (ELEMENT_BYTES + OBJECT_BYTES) * (long) map.size());
		}
		return objects(OBJECT_BYTES);
	}

	private static long textBytes(String text) {
		return objects(STRING_BYTES) + CHAR_BYTES * text.length();
	}

	private static long mdcBytes(Map<String, String> mdc) {
		// Not an iterator: once forEach is inlined, the counter needs no allocation either.
		TextLength text = new TextLength();
		mdc.forEach(text);
		return objects(MDC_MAP_BYTES + mdc.size() * MDC_ENTRY_BYTES) + CHAR_BYTES * text.chars;
	}

	/** The list, each pair, its key's text and its value by what it holds. */
	private static long keyValuesBytes(List<KeyValuePair> pairs) {
		long bytes = objects(KEY_VALUE_LIST_BYTES);
		for (KeyValuePair pair : pairs) {
			bytes += objects(KEY_VALUE_BYTES) + ((pair.key != null) ? textBytes(pair.key) : 0) + heldBytes(pair.value);
		}
		return bytes;
	}

	/** A throwable, its causes and those they suppressed, with theirs; class names are the JVM's, shared. */
	private static long throwablesBytes(IThrowableProxy first) {
		long bytes = 0;
		for (IThrowableProxy proxy = first; proxy != null; proxy = proxy.getCause()) {
			bytes += objects(THROWABLE_BYTES + (long) proxy.getStackTraceElementProxyArray().length * FRAME_BYTES)
					+ CHAR_BYTES * length(proxy.getMessage());
			for (IThrowableProxy suppressed : proxy.getSuppressed()) {
				bytes += throwablesBytes(suppressed);
			}
		}
		return bytes;
	}

	/**
	 * What a copy holds beyond a LoggingEvent, and its caller data: only a copy's, since an appender
	 * written on the caller's thread after the event was queued may fill in the caller data of the
	 * event Logback made, after this estimate was made.
	 */
	private static long copyBytes(QueuedEvent copy) {
		long bytes = objects(COPY_BYTES);
		if (copy.hasCallerData()) {
			bytes += objects(ARRAY_BYTES + copy.getCallerData().length * CALLER_FRAME_BYTES);
		}
		return bytes;
	}

	/**
	 * The estimate of the sample application's usual event, {@code info("event {} of {}", 1234, 20000)}
	 * without MDC, as every event of a thread after its first is charged (the template shared): what
	 * start-up holds an explicitly set {@code queue-capacity} against.
	 */
	static long sampleEventBytes() {
		LoggingEvent sample = new LoggingEvent();
		sample.setLevel(Level.INFO);
		sample.setMessage("event {} of {}");
		sample.setArgumentArray(new Object[] { 1234, 20000 });
		sample.setMDCPropertyMap(Map.of());
		Shared shared = new Shared();
		estimatedBytes(sample, shared);
		return estimatedBytes(sample, shared);
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

	/** What a thread's previous event held that its next one may share: compared by identity only. */
	static final class Shared {

		String template;

		Map<String, String> mdc;

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
