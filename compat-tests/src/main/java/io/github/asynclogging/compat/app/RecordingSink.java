package io.github.asynclogging.compat.app;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.asynclogging.LogSink;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Counts the events a worker writes to it. A test can hold it shut, so that the queue fills, or
 * slow it down ({@code compat.sink-delay}), so that the queue has work left at shutdown.
 */
@Component
public class RecordingSink implements LogSink {

	private final long delayNanos;

	private final AtomicLong written = new AtomicLong();

	private final Map<String, AtomicLong> writtenByLogger = new ConcurrentHashMap<>();

	private volatile CountDownLatch gate = new CountDownLatch(0);

	RecordingSink(@Value("${compat.sink-delay:0ms}") Duration delay) {
		this.delayNanos = delay.toNanos();
	}

	@Override
	public void write(ILoggingEvent event) {
		try {
			// Bounded, so that a test that forgets to open the gate cannot keep a worker forever.
			this.gate.await(60, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (this.delayNanos > 0) {
			// Stands for a slow collector; runs on a worker, never on the caller.
			long deadline = System.nanoTime() + this.delayNanos;
			for (long left = this.delayNanos; left > 0; left = deadline - System.nanoTime()) {
				LockSupport.parkNanos(left);
			}
		}
		this.writtenByLogger.computeIfAbsent(event.getLoggerName(), (name) -> new AtomicLong()).incrementAndGet();
		this.written.incrementAndGet();
	}

	/**
	 * Makes the next write wait until {@link #open()}.
	 */
	public void hold() {
		this.gate = new CountDownLatch(1);
	}

	public void open() {
		this.gate.countDown();
	}

	public long written() {
		return this.written.get();
	}

	/**
	 * Events of one logger written so far, apart from what Spring and the server log meanwhile.
	 * @param loggerName the logger's name
	 * @return how many of its events were written
	 */
	public long written(String loggerName) {
		AtomicLong count = this.writtenByLogger.get(loggerName);
		return (count != null) ? count.get() : 0;
	}

}
