package io.github.asynclogging.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * The caller's trace context, carried from the thread that logs to the worker that writes: an
 * appender or a {@code LogSink} that reads OpenTelemetry's {@code Context.current()} (OpenTelemetry's
 * Logback appender does, for the record's trace and span ids) must see the caller's, not the
 * worker's.
 * <p>
 * {@link #NONE} when OpenTelemetry's context API is not on the class path, or carrying is off: then
 * nothing of OpenTelemetry is loaded and the event goes as it is. Otherwise
 * {@link OpenTelemetryCallerContext}, loaded only here, and only once the API is known to be there.
 */
interface CallerContext {

	/** Carries nothing. */
	CallerContext NONE = (event) -> event;

	/** OpenTelemetry's context class, whose presence switches carrying on. */
	String OPEN_TELEMETRY_CONTEXT = "io.opentelemetry.context.Context";

	/**
	 * On the calling thread: what to queue for the event.
	 * @param event the event, prepared
	 * @return the event itself when there is nothing to carry, or an {@link EventInContext} holding it
	 * and the caller's context
	 */
	ILoggingEvent carry(ILoggingEvent event);

	/**
	 * How the caller's context is carried.
	 * @param wanted whether it should be, where OpenTelemetry's API is on the class path
	 * @return the OpenTelemetry carrier, or {@link #NONE}
	 */
	static CallerContext of(boolean wanted) {
		return (wanted && OpenTelemetryPresence.PRESENT) ? OpenTelemetryCallerContext.INSTANCE : NONE;
	}

	/**
	 * Whether OpenTelemetry's context API can be loaded by the given class loader.
	 * @param classLoader the class loader
	 * @return {@code true} if it can
	 */
	static boolean isOpenTelemetryPresent(ClassLoader classLoader) {
		try {
			Class.forName(OPEN_TELEMETRY_CONTEXT, false, classLoader);
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

	/** Looked up once, with the class loader that would load the OpenTelemetry carrier. */
	final class OpenTelemetryPresence {

		static final boolean PRESENT = isOpenTelemetryPresent(CallerContext.class.getClassLoader());

		private OpenTelemetryPresence() {
		}

	}

}
