package io.github.asynclogging.logback;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;

/**
 * An appender the starter writes instead of its logger, and how many workers are inside it now: an
 * appender a worker is still inside when a stop gives up on it hangs, and is not handed back, so
 * that nothing logged after the stop waits on it; one that a reconfiguration replaced is stopped
 * when the last worker inside it leaves, never under it.
 */
final class TakenAppender {

	final Appender<ILoggingEvent> appender;

	/** The logger it was taken from, to put it back there. */
	final String loggerName;

	private final AtomicInteger writers = new AtomicInteger();

	private volatile boolean retired;

	private final AtomicBoolean stopped = new AtomicBoolean();

	TakenAppender(Appender<ILoggingEvent> appender, String loggerName) {
		this.appender = appender;
		this.loggerName = loggerName;
	}

	void write(ILoggingEvent event) {
		this.writers.incrementAndGet();
		try {
			this.appender.doAppend(event);
		}
		finally {
			if (this.writers.decrementAndGet() == 0 && this.retired) {
				stopOnce();
			}
		}
	}

	/**
	 * Stops the appender as Logback stops those of a configuration it resets: now, or when the worker
	 * still inside it leaves.
	 */
	void retire() {
		this.retired = true;
		if (!isBeingWritten()) {
			stopOnce();
		}
	}

	private void stopOnce() {
		if (this.stopped.compareAndSet(false, true)) {
			this.appender.stop();
		}
	}

	boolean isBeingWritten() {
		return this.writers.get() > 0;
	}

	/** Its name as the start-up line says it: the logger too, unless it is the root. */
	String describe() {
		// Attached in code, an appender may have no name: its class says which it is.
		String name = (this.appender.getName() != null) ? this.appender.getName()
				: "unnamed " + this.appender.getClass().getSimpleName();
		return org.slf4j.Logger.ROOT_LOGGER_NAME.equals(this.loggerName) ? name
				: name + " (logger " + this.loggerName + ")";
	}

}
