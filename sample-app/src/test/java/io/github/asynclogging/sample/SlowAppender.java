package io.github.asynclogging.sample;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

/**
 * A destination that takes a fixed time per event, as a remote collector would: it formats the event
 * (message and stack trace) as a file appender would, then waits out the rest of the time. One event
 * at a time ({@link AppenderBase} is synchronized), like an appender writing to one stream.
 */
public class SlowAppender extends AppenderBase<ILoggingEvent> {

	private static final AtomicLong written = new AtomicLong();

	private final PatternLayout layout = new PatternLayout();

	private long nanosPerEvent = 5_000_000;

	/** Characters formatted, so that the formatting is not optimised away. */
	private long characters;

	/**
	 * Sets the time each event takes.
	 * @param millis milliseconds per event
	 */
	public void setMillisPerEvent(double millis) {
		this.nanosPerEvent = (long) (millis * 1_000_000);
	}

	@Override
	public void start() {
		this.layout.setContext(getContext());
		this.layout.setPattern("%d %5p [%t] %logger : %m%n%ex");
		this.layout.start();
		super.start();
	}

	@Override
	protected void append(ILoggingEvent event) {
		long deadline = System.nanoTime() + this.nanosPerEvent;
		this.characters += this.layout.doLayout(event).length();
		for (long left = this.nanosPerEvent; left > 0; left = deadline - System.nanoTime()) {
			LockSupport.parkNanos(left);
		}
		written.incrementAndGet();
	}

	/**
	 * Events written by every instance in this JVM.
	 * @return the count
	 */
	static long written() {
		return written.get();
	}

}
