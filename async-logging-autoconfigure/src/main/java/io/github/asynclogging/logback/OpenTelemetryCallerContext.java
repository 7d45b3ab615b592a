package io.github.asynclogging.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * Carries OpenTelemetry's {@link Context}: the caller's is read when it logs, and made current on the
 * worker around the write of that event only. The only class of the starter that names
 * OpenTelemetry's types; loaded by {@link CallerContext#of} once they are known to be there.
 * <p>
 * On the caller's path: one thread-local read and a comparison. With no span or baggage current the
 * context is the root one, and the event is queued as it is: nothing is allocated, and the worker
 * attaches nothing. Otherwise one small object holds the event and the context.
 * <p>
 * On the worker the scope is closed before the next event is written (strictly nested, on the
 * worker's own thread), so no event is written with another's context. Micrometer Tracing's context
 * wrapper, when installed, hears that scope: it puts the caller's {@code traceId} and {@code spanId}
 * in the worker's MDC for that write and removes them when it closes. The events' own MDC was
 * captured on the caller's thread and is not affected.
 */
final class OpenTelemetryCallerContext implements CallerContext {

	static final OpenTelemetryCallerContext INSTANCE = new OpenTelemetryCallerContext();

	private OpenTelemetryCallerContext() {
	}

	@Override
	public ILoggingEvent carry(ILoggingEvent event) {
		Context context = Context.current();
		// The root context carries nothing: a caller without a span pays no allocation.
		return (context == Context.root()) ? event : new InContext(event, context);
	}

	/** An event and the context its caller had. */
	private static final class InContext extends EventInContext {

		private final Context context;

		InContext(ILoggingEvent event, Context context) {
			super(event);
			this.context = context;
		}

		@Override
		void writeWithin(LogbackDestination destination, Object target) throws Exception {
			try (Scope scope = this.context.makeCurrent()) {
				destination.writeNow(this.event, target);
			}
		}

	}

}
