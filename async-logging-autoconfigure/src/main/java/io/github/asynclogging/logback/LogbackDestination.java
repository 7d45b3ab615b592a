package io.github.asynclogging.logback;

import java.util.List;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import io.github.asynclogging.LogSink;
import io.github.asynclogging.engine.Destination;

/**
 * What the workers write to: the appenders taken from the root logger, then every {@link LogSink}.
 * One failing destination does not keep the event from the others; the first failure is rethrown
 * so that the event is counted as failed. Created by {@link LogbackBridge#newDestination}.
 */
public final class LogbackDestination implements Destination<ILoggingEvent> {

	private final List<LogSink> sinks;

	private volatile List<Appender<ILoggingEvent>> appenders = List.of();

	LogbackDestination(List<LogSink> sinks) {
		this.sinks = List.copyOf(sinks);
	}

	void useAppenders(List<Appender<ILoggingEvent>> taken) {
		this.appenders = List.copyOf(taken);
	}

	List<Appender<ILoggingEvent>> appenders() {
		return this.appenders;
	}

	@Override
	public void write(ILoggingEvent event) throws Exception {
		Throwable failure = null;
		for (Appender<ILoggingEvent> appender : this.appenders) {
			try {
				appender.doAppend(event);
			}
			catch (Throwable ex) {
				failure = first(failure, ex);
			}
		}
		for (LogSink sink : this.sinks) {
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

	/**
	 * Writes on the calling thread, for events logged while the executor is not running.
	 * @param event the event
	 */
	void writeNow(ILoggingEvent event) {
		try {
			write(event);
		}
		catch (Exception ex) {
			// Same as Logback's own synchronous path: an appender's failure never reaches the caller.
		}
	}

	private static Throwable first(Throwable previous, Throwable current) {
		return (previous != null) ? previous : current;
	}

}
