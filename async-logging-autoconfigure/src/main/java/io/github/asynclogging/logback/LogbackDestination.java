package io.github.asynclogging.logback;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

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

	/**
	 * Writes hold it shared; a swap of appenders takes it exclusively to know when no write can
	 * still be using the appenders it replaced, so that they are stopped only then.
	 */
	private final ReadWriteLock writes = new ReentrantReadWriteLock();

	LogbackDestination(List<LogSink> sinks) {
		this.sinks = List.copyOf(sinks);
	}

	/**
	 * Writes to {@code taken} from now on.
	 * @param taken the appenders to write
	 * @param timeout how long to wait for writes still using the replaced appenders
	 * @return the replaced appenders, or {@code null} if a write still used them after the timeout
	 * (a destination that hangs: they must not be stopped under it)
	 */
	List<Appender<ILoggingEvent>> useAppenders(List<Appender<ILoggingEvent>> taken, long timeout, TimeUnit unit) {
		List<Appender<ILoggingEvent>> previous = this.appenders;
		this.appenders = List.copyOf(taken);
		try {
			if (!this.writes.writeLock().tryLock(timeout, unit)) {
				return null;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		this.writes.writeLock().unlock();
		return previous;
	}

	List<Appender<ILoggingEvent>> appenders() {
		return this.appenders;
	}

	/**
	 * Writes between {@link #beginWrites()} and {@link #endWrites()}, which hold the lock shared.
	 */
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

	@Override
	public void beginWrites() {
		this.writes.readLock().lock();
	}

	@Override
	public void endWrites() {
		this.writes.readLock().unlock();
	}

	/**
	 * Writes on the calling thread, for events logged while the executor is not running.
	 * @param event the event
	 */
	void writeNow(ILoggingEvent event) {
		beginWrites();
		try {
			write(event);
		}
		catch (Exception ex) {
			// Same as Logback's own synchronous path: an appender's failure never reaches the caller.
		}
		finally {
			endWrites();
		}
	}

	private static Throwable first(Throwable previous, Throwable current) {
		return (previous != null) ? previous : current;
	}

}
