package io.github.asynclogging.benchmarks;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;

/**
 * A destination that does not return until {@link #release released}: the worker that calls it
 * stays inside, the queue fills and stays full, and every further log call takes the drop path.
 */
final class StuckAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

	private final CountDownLatch entered = new CountDownLatch(1);

	private final CountDownLatch released = new CountDownLatch(1);

	@Override
	protected void append(ILoggingEvent event) {
		this.entered.countDown();
		try {
			this.released.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Waits until a worker is inside.
	 * @throws InterruptedException if interrupted
	 */
	void awaitEntered() throws InterruptedException {
		if (!this.entered.await(10, TimeUnit.SECONDS)) {
			throw new IllegalStateException("no worker entered the destination");
		}
	}

	void release() {
		this.released.countDown();
	}

}
