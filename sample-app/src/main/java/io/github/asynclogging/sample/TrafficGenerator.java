package io.github.asynclogging.sample;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Logs at a steady rate on one background thread; a new request replaces the running one.
 */
@Component
class TrafficGenerator implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger("sample.traffic");

	private final ExecutorService thread = Executors.newSingleThreadExecutor((task) -> {
		Thread t = new Thread(task, "sample-traffic");
		t.setDaemon(true);
		return t;
	});

	private Future<?> running;

	synchronized void start(int rate, Duration duration) {
		if (this.running != null) {
			this.running.cancel(true);
		}
		this.running = this.thread.submit(() -> run(rate, duration));
	}

	private void run(int rate, Duration duration) {
		long interval = 1_000_000_000L / rate;
		long start = System.nanoTime();
		long end = start + duration.toNanos();
		long sent = 0;
		for (long next = start; next < end && !Thread.currentThread().isInterrupted(); next += interval) {
			long wait = next - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			logger.info("traffic event {} at {} events/s", sent++, rate);
		}
	}

	@Override
	public void destroy() {
		this.thread.shutdownNow();
	}

}
