package io.github.asynclogging.engine;

import java.time.Duration;

/**
 * Durations written the way a user sets them in {@code application.yml}: {@code 10s}, {@code 100ms}.
 */
final class Durations {

	private static final long MAX_NANOS = Long.MAX_VALUE / 4;

	private Durations() {
	}

	/**
	 * A duration in nanoseconds, at most a quarter of what a {@code long} holds (73 years): added to
	 * {@link System#nanoTime()} it never overflows, and {@code deadline - System.nanoTime()} keeps its sign.
	 * The settings refuse longer durations; a caller of the public API may still pass one.
	 */
	static long saturatedNanos(Duration duration) {
		if (duration.isNegative()) {
			return 0;
		}
		return (duration.getSeconds() >= MAX_NANOS / 1_000_000_000L) ? MAX_NANOS : duration.toNanos();
	}

	static String format(Duration duration) {
		long millis = duration.toMillis();
		if (millis % 1000 == 0) {
			return (millis / 1000) + "s";
		}
		return millis + "ms";
	}

}
