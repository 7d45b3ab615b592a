package io.github.asynclogging.logback;

import java.util.Objects;
import java.util.Set;

/**
 * What a bridge takes over and what it captures on the calling thread.
 *
 * @param includeCallerData when caller data is captured
 * @param excludedAppenders names of appenders that stay synchronous, written on the calling thread
 * @param carryTraceContext whether the caller's OpenTelemetry {@code Context} is current on the worker
 * while it writes the caller's event; has an effect only where {@code io.opentelemetry.context.Context}
 * is on the class path, and costs nothing elsewhere
 */
public record BridgeOptions(IncludeCallerData includeCallerData, Set<String> excludedAppenders,
		boolean carryTraceContext) {

	/** Caller data when an appender prints it; every appender taken over; trace context carried. */
	public static final BridgeOptions DEFAULTS = new BridgeOptions(IncludeCallerData.AUTO, Set.of());

	/**
	 * Checks the options.
	 */
	public BridgeOptions {
		Objects.requireNonNull(includeCallerData, "includeCallerData");
		excludedAppenders = Set.copyOf(excludedAppenders);
	}

	/**
	 * Options that carry the trace context wherever OpenTelemetry's API is on the class path.
	 * @param includeCallerData when caller data is captured
	 * @param excludedAppenders names of appenders that stay synchronous
	 */
	public BridgeOptions(IncludeCallerData includeCallerData, Set<String> excludedAppenders) {
		this(includeCallerData, excludedAppenders, true);
	}

}
