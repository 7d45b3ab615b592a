package io.github.asynclogging.logback;

import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.github.asynclogging.engine.StopReport;

/**
 * The starter's own lines in the application's log, under {@link LogbackBridge#NOTICE_LOGGER}.
 * <p>
 * The lines of a stop are written by a thread of their own that the stop waits for only a moment:
 * they go to appenders written synchronously again, and one of those may hang (its worker was left
 * inside it), which must not keep the application from exiting.
 */
final class Notices {

	private static final long STOP_LINES_WAIT_MILLIS = TimeUnit.SECONDS.toMillis(1);

	private final LoggerContext context;

	Notices(LoggerContext context) {
		this.context = context;
	}

	private Logger logger() {
		return this.context.getLogger(LogbackBridge.NOTICE_LOGGER);
	}

	void info(String line) {
		logger().info(line);
	}

	void warn(String line) {
		logger().warn(line);
	}

	/**
	 * Says the drops a stop had not said yet, and what it could not write, if anything.
	 */
	void lines(StopReport report) {
		if (report.lastDropSummary() == null && report.complete()) {
			return;
		}
		Thread writer = new Thread(() -> {
			if (report.lastDropSummary() != null) {
				warn(report.lastDropSummary());
			}
			if (!report.complete()) {
				warn(report.describe());
			}
		}, "async-logging-stop-notice");
		writer.setDaemon(true);
		writer.start();
		try {
			writer.join(STOP_LINES_WAIT_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
