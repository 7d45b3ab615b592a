package io.github.asynclogging.logback;

import java.util.Set;

/**
 * {@code async-logging.exclude-appenders} names an appender that no logger has.
 */
public final class UnknownAppenderException extends IllegalStateException {

	private final Set<String> unknown;

	private final Set<String> attached;

	UnknownAppenderException(Set<String> unknown, Set<String> attached) {
		super("async-logging.exclude-appenders names " + unknown + ", but the loggers' appenders are " + attached);
		this.unknown = Set.copyOf(unknown);
		this.attached = Set.copyOf(attached);
	}

	/**
	 * The names no logger has.
	 * @return the names
	 */
	public Set<String> getUnknown() {
		return this.unknown;
	}

	/**
	 * The names of the appenders attached to loggers.
	 * @return the names
	 */
	public Set<String> getAttached() {
		return this.attached;
	}

}
