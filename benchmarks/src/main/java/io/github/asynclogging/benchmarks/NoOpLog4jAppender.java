package io.github.asynclogging.benchmarks;

import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/**
 * The Log4j2 twin of {@link NoOpAppender}: writes nothing.
 */
final class NoOpLog4jAppender extends AbstractAppender {

	NoOpLog4jAppender(String name) {
		super(name, null, null, true, Property.EMPTY_ARRAY);
	}

	@Override
	public void append(LogEvent event) {
		// Nothing: the do-nothing destination.
	}

}
