package io.github.asynclogging.logback;

import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import io.github.asynclogging.LogSink;
import io.github.asynclogging.engine.Destination;

/**
 * What the workers write to: the appenders of the event's route as Logback's loggers have them when
 * the worker writes (those that stay synchronous aside, the caller wrote them), then every
 * {@link LogSink} of every running application context. One failing appender or sink does not keep
 * the event from the others; the first failure is rethrown so that the event is counted as failed.
 * An event queued with its caller's trace context ({@link EventInContext}) is written with that
 * context current; appenders and sinks receive the event itself.
 * Created by {@link LogbackBridge#newDestination}.
 */
public final class LogbackDestination implements Destination<ILoggingEvent> {

	private final ContextCapture capture;

	private final List<LogSink> sinks;

	/**
	 * The appenders its bridge's callers write themselves: those of the bridge whose executor queued
	 * the event, which writes it, whichever bridge captures at the moment.
	 */
	private volatile Set<String> excluded = Set.of();

	/** Per worker thread, the appender it is inside now: one a stop gave up on is stuck there. */
	private final Set<AtomicReference<Appender<ILoggingEvent>>> inside = ConcurrentHashMap.newKeySet();

	private final ThreadLocal<AtomicReference<Appender<ILoggingEvent>>> current = ThreadLocal.withInitial(() -> {
		AtomicReference<Appender<ILoggingEvent>> slot = new AtomicReference<>();
		this.inside.add(slot);
		return slot;
	});

	LogbackDestination(ContextCapture capture, List<LogSink> sinks) {
		this.capture = capture;
		this.sinks = List.copyOf(sinks);
	}

	void exclude(Set<String> names) {
		this.excluded = Set.copyOf(names);
	}

	/** The sinks of this destination's application context. */
	List<LogSink> ownSinks() {
		return this.sinks;
	}

	@Override
	public void write(ILoggingEvent event) throws Exception {
		this.capture.awaitHandOverFor(this);
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
		Set<String> synchronous = this.excluded;
		int appenders = 0;
		AtomicReference<Appender<ILoggingEvent>> slot = this.current.get();
		for (Logger logger : this.capture.routes().chainOf(event.getLoggerName())) {
			for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext();) {
				Appender<ILoggingEvent> appender = it.next();
				appenders++;
				if (!this.capture.isKnown(appender)) {
					this.capture.noticeAppender(appender);
				}
				if (synchronous.isEmpty() || !LoggerRoutes.isNamed(synchronous, appender)) {
					slot.lazySet(appender);
					try {
						appender.doAppend(event);
					}
					catch (Throwable ex) {
						failure = first(failure, ex);
					}
					finally {
						slot.lazySet(null);
					}
				}
			}
			if (!logger.isAdditive()) {
				break;
			}
		}
		LogSink[] sinks = this.capture.sinks();
		if (appenders == 0 && sinks.length == 0) {
			// As synchronous Logback inside a reset: nowhere to go, and not delivered.
			throw Destination.NotWritten.INSTANCE;
		}
		for (LogSink sink : sinks) {
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

	/** The appenders workers are inside now: after a stop that gave up on them, those that hang. */
	List<Appender<ILoggingEvent>> appendersBeingWritten() {
		List<Appender<ILoggingEvent>> appenders = new java.util.ArrayList<>();
		for (AtomicReference<Appender<ILoggingEvent>> slot : this.inside) {
			Appender<ILoggingEvent> appender = slot.get();
			if (appender != null && !appenders.contains(appender)) {
				appenders.add(appender);
			}
		}
		return appenders;
	}

	private static Throwable first(Throwable previous, Throwable current) {
		return (previous != null) ? previous : current;
	}

}
