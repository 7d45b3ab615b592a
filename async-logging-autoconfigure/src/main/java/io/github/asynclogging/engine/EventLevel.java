package io.github.asynclogging.engine;

import java.util.Locale;

/**
 * The level of a log event as the engine accounts it, from the most severe to the least.
 */
public enum EventLevel {

	ERROR, WARN, INFO, DEBUG, TRACE;

	private static final EventLevel[] VALUES = values();

	private final String tagValue = name().toLowerCase(Locale.ROOT);

	/**
	 * The level as a lowercase metric tag value, as Micrometer's Logback binder writes it.
	 * @return {@code error}, {@code warn}, {@code info}, {@code debug} or {@code trace}
	 */
	public String tagValue() {
		return this.tagValue;
	}

	/**
	 * Whether this level is the given one or less severe ({@code DEBUG} is at or below {@code INFO}).
	 * @param other the level to compare with
	 * @return {@code true} if this level is {@code other} or less severe
	 */
	public boolean isAtOrBelow(EventLevel other) {
		return ordinal() >= other.ordinal();
	}

	static EventLevel[] all() {
		return VALUES;
	}

}
