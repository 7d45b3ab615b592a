package io.github.asynclogging.sample;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.asynclogging.LogSink;

import org.springframework.stereotype.Component;

/**
 * A destination whose speed can be changed at run time, standing in for a slow collector. It
 * takes {@code sample.sink-delay} per event (0 at start); {@code PUT /destination/delay} changes it.
 */
@Component
class SlowSink implements LogSink {

	private final AtomicLong delayNanos;

	private final AtomicLong written = new AtomicLong();

	SlowSink(SampleProperties properties) {
		this.delayNanos = new AtomicLong(properties.sinkDelay().toNanos());
	}

	@Override
	public void write(ILoggingEvent event) {
		long delay = this.delayNanos.get();
		if (delay > 0) {
			// Stands for the time a network call would take; runs on a worker, never on the caller.
			long deadline = System.nanoTime() + delay;
			for (long left = delay; left > 0; left = deadline - System.nanoTime()) {
				LockSupport.parkNanos(left);
			}
		}
		this.written.incrementAndGet();
	}

	void delay(Duration delay) {
		this.delayNanos.set(delay.toNanos());
	}

	Duration delay() {
		return Duration.ofNanos(this.delayNanos.get());
	}

	long written() {
		return this.written.get();
	}

}
