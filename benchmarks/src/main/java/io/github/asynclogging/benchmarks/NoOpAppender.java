package io.github.asynclogging.benchmarks;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;

/**
 * The Logback destination of every Logback configuration: it writes nothing, so what is measured is
 * the cost of getting an event to it.
 */
final class NoOpAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

	@Override
	protected void append(ILoggingEvent event) {
		// Nothing: the do-nothing destination.
	}

}
