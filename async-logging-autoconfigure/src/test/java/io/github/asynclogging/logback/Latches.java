package io.github.asynclogging.logback;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Waits on a latch from inside an appender, a sink or a listener, where no checked exception may go. */
final class Latches {

	private Latches() {
	}

	/** At most a minute, so that a test that fails does not hang: its own timeout says so. */
	static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(60, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
