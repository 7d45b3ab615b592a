package io.github.asynclogging.logback;

/**
 * When caller data (class, method, file and line of the log call) is captured on the calling
 * thread: a worker can no longer see the caller's stack.
 */
public enum IncludeCallerData {

	/** Only when a taken-over appender's layout prints caller data, so that its output is unchanged. */
	AUTO,

	/** Always. */
	TRUE,

	/** Never: converters that print caller data print {@code ?}. */
	FALSE

}
