package io.github.asynclogging.logback;

import io.github.asynclogging.LogSink;

/**
 * A {@link LogSink} and the name of its destination: {@code sink:<bean name>}.
 */
record NamedSink(String destination, LogSink sink) {

	/** The prefix of a sink's destination name. */
	static final String PREFIX = "sink:";

}
