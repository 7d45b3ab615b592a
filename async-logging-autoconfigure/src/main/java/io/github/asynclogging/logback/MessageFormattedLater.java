package io.github.asynclogging.logback;

import java.util.UUID;

import ch.qos.logback.classic.spi.ILoggingEvent;
import org.slf4j.helpers.MessageFormatter;

/**
 * An event whose arguments' text cannot change, queued with a copy of its argument array: its
 * message is formatted from the copy when an appender first reads it, on the worker, and is the text
 * the caller's thread would have formatted. The copy is what makes that true: Logback keeps the
 * caller's own array, which a caller may refill after the call (a loop reusing one
 * {@code Object[]}); the arguments themselves are values, whose text is fixed.
 * <p>
 * Formatting is most of what an asynchronous call would otherwise cost its caller (a builder, the
 * text, the message's {@code String}); copying a few references is not.
 */
final class MessageFormattedLater extends ForwardingEvent {

	private final Object[] arguments;

	/** Written and read on the worker that writes the event; a racing reader formats the same text. */
	private String formatted;

	private MessageFormattedLater(ILoggingEvent event, Object[] arguments) {
		super(event);
		this.arguments = arguments;
	}

	/**
	 * On the calling thread: the event to queue, with its message formatted now or later.
	 * @param event the event Logback made, its thread name and MDC read already
	 * @return the event itself, its message formatted, or a {@link MessageFormattedLater}
	 */
	static ILoggingEvent of(ILoggingEvent event) {
		Object[] arguments = event.getArgumentArray();
		if (arguments == null) {
			return event;
		}
		if (!areValues(arguments)) {
			event.getFormattedMessage();
			return event;
		}
		return new MessageFormattedLater(event, arguments.clone());
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

	/** The characters of the String arguments: what this event holds of text beyond its template. */
	long argumentChars() {
		long chars = 0;
		for (Object argument : this.arguments) {
			if (argument instanceof String text) {
				chars += text.length();
			}
		}
		return chars;
	}

	@Override
	public Object[] getArgumentArray() {
		return this.arguments;
	}

	@Override
	public String getFormattedMessage() {
		String text = this.formatted;
		if (text == null) {
			// As LoggingEvent formats: none of these arguments is a Throwable, so none is taken for one.
			text = MessageFormatter.arrayFormat(getMessage(), this.arguments).getMessage();
			this.formatted = text;
		}
		return text;
	}

	@Override
	public void prepareForDeferredProcessing() {
		// Thread name and MDC were read on the caller's thread; the message is all that is left.
		getFormattedMessage();
	}

	@Override
	public String toString() {
		return "[" + getLevel() + "] " + getFormattedMessage();
	}

}
