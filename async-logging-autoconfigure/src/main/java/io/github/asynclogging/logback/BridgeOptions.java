package io.github.asynclogging.logback;

import java.util.Objects;
import java.util.Set;

/**
 * What a bridge takes over and what it captures on the calling thread.
 *
 * @param includeCallerData when caller data is captured
 * @param excludedAppenders names of appenders that stay synchronous, written on the calling thread
 */
public record BridgeOptions(IncludeCallerData includeCallerData, Set<String> excludedAppenders) {

	/** Caller data when an appender prints it; every appender taken over. */
	public static final BridgeOptions DEFAULTS = new BridgeOptions(IncludeCallerData.AUTO, Set.of());

	/**
	 * Checks the options.
	 */
	public BridgeOptions {
		Objects.requireNonNull(includeCallerData, "includeCallerData");
		excludedAppenders = Set.copyOf(excludedAppenders);
	}

}
