package io.github.asynclogging.benchmarks;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

/**
 * A do-nothing Logback destination that, like every appender writing to a stream or a file, lets
 * one event in at a time ({@link AppenderBase#doAppend} is {@code synchronized}).
 */
final class LockingNoOpAppender extends AppenderBase<ILoggingEvent> {

	@Override
	protected void append(ILoggingEvent event) {
		// Nothing: the do-nothing destination.
	}

}
