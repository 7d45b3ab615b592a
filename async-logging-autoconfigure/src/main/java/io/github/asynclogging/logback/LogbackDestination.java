package io.github.asynclogging.logback;

import java.util.List;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.asynclogging.LogSink;
import io.github.asynclogging.engine.Destination;

/**
 * What the workers write to: the taken-over appenders of the event's route, then every
 * {@link LogSink} of every running application context. One failing destination does not keep the
 * event from the others; the first failure is rethrown so that the event is counted as failed. An
 * event queued with its caller's trace context ({@link EventInContext}) is written with that context
 * current; appenders and sinks receive the event itself.
 * Created by {@link LogbackBridge#newDestination}.
 */
public final class LogbackDestination implements Destination<ILoggingEvent> {

	private final Takeover takeover;

	private final List<LogSink> sinks;

	LogbackDestination(Takeover takeover, List<LogSink> sinks) {
		this.takeover = takeover;
		this.sinks = List.copyOf(sinks);
	}

	/** The sinks of this destination's application context. */
	List<LogSink> ownSinks() {
		return this.sinks;
	}

	@Override
	public void write(ILoggingEvent event) throws Exception {
		if (event instanceof EventInContext inContext) {
			// Queued with its caller's trace context: current while this event is written, and only then.
			inContext.writeWithin(this);
		}
		else {
			writeNow(event);
		}
	}

	/** Writes an event as Logback made it to the appenders of its route and to every sink. */
	void writeNow(ILoggingEvent event) throws Exception {
		Throwable failure = null;
		Routes routes = this.takeover.enterRoutes(this);
		try {
			for (TakenAppender appender : routes.of(event.getLoggerName())) {
				try {
					appender.write(event);
				}
				catch (Throwable ex) {
					failure = first(failure, ex);
				}
			}
		}
		finally {
			routes.leave();
		}
		for (LogSink sink : this.takeover.sinks()) {
			try {
				sink.write(event);
			}
			catch (Throwable ex) {
				failure = first(failure, ex);
			}
		}
		if (failure instanceof Exception exception) {
			throw exception;
		}
		if (failure instanceof Error error) {
			throw error;
		}
	}

	private static Throwable first(Throwable previous, Throwable current) {
		return (previous != null) ? previous : current;
	}

}
