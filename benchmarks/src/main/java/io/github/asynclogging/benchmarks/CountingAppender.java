package io.github.asynclogging.benchmarks;

import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;

/**
 * The steady-rate benchmark's do-nothing Logback destination: like {@link NoOpAppender} it writes
 * nothing, but it counts what reaches it, so that a run can show that no configuration lost events.
 * Only one thread delivers to it (the caller when synchronous, the one worker otherwise), so the
 * count needs no atomic increment, only a release store that the measuring thread can read.
 */
final class CountingAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

	private final AtomicLong received = new AtomicLong();

	@Override
	protected void append(ILoggingEvent event) {
		this.received.lazySet(this.received.get() + 1);
	}

	long received() {
		return this.received.get();
	}

}
