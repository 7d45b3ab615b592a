package io.github.asynclogging.benchmarks;

import java.util.concurrent.atomic.AtomicLong;

import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/**
 * The Log4j2 twin of {@link CountingAppender}: writes nothing, counts what reaches it (on the one
 * Async Logger thread, so a release store is enough).
 */
final class CountingLog4jAppender extends AbstractAppender {

	private final AtomicLong received = new AtomicLong();

	CountingLog4jAppender(String name) {
		super(name, null, null, true, Property.EMPTY_ARRAY);
	}

	@Override
	public void append(LogEvent event) {
		this.received.lazySet(this.received.get() + 1);
	}

	long received() {
		return this.received.get();
	}

}
