package io.github.asynclogging.logback;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import ch.qos.logback.classic.spi.LoggingEvent;

/**
 * Puts a copy of the arguments into the event Logback made, in place of the array the caller passed,
 * which the caller may refill once the call returns (a loop reusing one {@code Object[]}). Logback
 * offers no way to: {@code setArgumentArray} refuses an event that has arguments. Its private field
 * is written instead, which costs the caller the array's copy and nothing else, where a copy of the
 * whole event cost 96 bytes and 10-20 ns more a call (BENCHMARKS.md, "Latest").
 * <p>
 * Where the field cannot be written (a Logback whose event has no such field, or one on the module
 * path that does not open the package), {@link #replace} says so and the bridge queues a
 * {@link QueuedEvent} copy instead: the same text, a little dearer.
 */
final class EventArguments {

	/** Logback's event's field; a constant, so that the compiler makes writing it a plain store. */
	private static final VarHandle ARGUMENT_ARRAY = argumentArrayField();

	/** Writes Logback's event's field, or says it cannot. */
	static final EventArguments LOGBACK = new EventArguments(ARGUMENT_ARRAY != null);

	private final boolean writable;

	/**
	 * @param writable whether the field can be written; {@code false} for a bridge that copies the
	 * whole event instead
	 */
	EventArguments(boolean writable) {
		this.writable = writable;
	}

	private static VarHandle argumentArrayField() {
		try {
			return MethodHandles.privateLookupIn(LoggingEvent.class, MethodHandles.lookup())
				.findVarHandle(LoggingEvent.class, "argumentArray", Object[].class);
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
			// LinkageError: a native image without the field registered for reflection says so with one.
			return null;
		}
	}

	/**
	 * On the calling thread, before the event is queued (the queue publishes it to the workers).
	 * @param event an event of Logback's own class
	 * @param copy the copy of its arguments
	 * @return whether the event now holds the copy; if not, it must not be queued as it is
	 */
	boolean replace(LoggingEvent event, Object[] copy) {
		if (!this.writable) {
			return false;
		}
		ARGUMENT_ARRAY.set(event, copy);
		return true;
	}

}
