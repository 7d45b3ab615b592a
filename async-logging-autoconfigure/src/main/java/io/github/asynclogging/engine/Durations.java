package io.github.asynclogging.engine;

import java.time.Duration;

/**
 * Durations written the way a user sets them in {@code application.yml}: {@code 10s}, {@code 100ms}.
 */
final class Durations {

	private Durations() {
	}

	static String format(Duration duration) {
		long millis = duration.toMillis();
		if (millis % 1000 == 0) {
			return (millis / 1000) + "s";
		}
		return millis + "ms";
	}

}
