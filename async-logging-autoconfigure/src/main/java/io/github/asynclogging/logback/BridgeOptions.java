package io.github.asynclogging.logback;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * What a bridge captures on the calling thread and what stays synchronous.
 *
 * @param includeCallerData when caller data is captured
 * @param excludedAppenders names of appenders that stay synchronous, written on the calling thread
 * @param carryTraceContext whether the caller's OpenTelemetry {@code Context} is current on the worker
 * while it writes the caller's event; has an effect only where {@code io.opentelemetry.context.Context}
 * is on the class path, and costs nothing elsewhere
 * @param reconfigurationTimeout the longest Logback's reconfiguration waits for the events queued
 * before it to be written (a destination that hangs), and the longest the events logged while a
 * configuration is built are held back if it never says it ended
 */
public record BridgeOptions(IncludeCallerData includeCallerData, Set<String> excludedAppenders,
		boolean carryTraceContext, Duration reconfigurationTimeout) {

	/** The reconfiguration timeout when none is given: the default {@code shutdown-timeout}. */
	public static final Duration DEFAULT_RECONFIGURATION_TIMEOUT = Duration.ofSeconds(10);

	/** Caller data when an appender reads it; no appender synchronous; trace context carried. */
	public static final BridgeOptions DEFAULTS = new BridgeOptions(IncludeCallerData.AUTO, Set.of());

	/**
	 * Checks the options.
	 */
	public BridgeOptions {
		Objects.requireNonNull(includeCallerData, "includeCallerData");
		Objects.requireNonNull(reconfigurationTimeout, "reconfigurationTimeout");
		excludedAppenders = Set.copyOf(excludedAppenders);
	}

	/**
	 * Options with the default reconfiguration timeout.
	 * @param includeCallerData when caller data is captured
	 * @param excludedAppenders names of appenders that stay synchronous
	 * @param carryTraceContext whether the caller's trace context is current on the worker
	 */
	public BridgeOptions(IncludeCallerData includeCallerData, Set<String> excludedAppenders, boolean carryTraceContext) {
		this(includeCallerData, excludedAppenders, carryTraceContext, DEFAULT_RECONFIGURATION_TIMEOUT);
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
