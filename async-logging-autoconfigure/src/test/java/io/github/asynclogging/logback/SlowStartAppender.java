package io.github.asynclogging.logback;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An appender whose {@code start()} takes 3 seconds, as one that connects to a slow server does: a
 * configuration that declares it takes that long to build. The wait is the scenario, not a
 * synchronisation.
 */
public class SlowStartAppender extends WrittenAppender {

	static final long START_MILLIS = 3000;

	@Override
	public void start() {
		try {
			new CountDownLatch(1).await(START_MILLIS, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		super.start();
	}

}
