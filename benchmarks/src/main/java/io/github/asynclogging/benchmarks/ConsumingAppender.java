package io.github.asynclogging.benchmarks;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A do-nothing Logback destination that hands each event to a JMH {@link Blackhole}: the event
 * counts as used, as it is by any real appender, so that the JIT cannot drop it as it can when the
 * appender ignores it (synchronous Logback to {@link NoOpAppender} allocates 48 bytes per call,
 * not the event's 144). JMH's compiler blackholes write no memory, so two threads share one freely.
 */
final class ConsumingAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

	private final Blackhole blackhole;

	ConsumingAppender(Blackhole blackhole) {
		this.blackhole = blackhole;
	}

	@Override
	protected void append(ILoggingEvent event) {
		this.blackhole.consume(event);
	}

}
