package io.github.asynclogging.autoconfigure;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import org.slf4j.LoggerFactory;

/**
 * The JVM's Logback root logger, as the auto-configuration sees it, and the starter's threads.
 */
final class RootLogger {

	private RootLogger() {
	}

	static LoggerContext context() {
		return (LoggerContext) LoggerFactory.getILoggerFactory();
	}

	static Logger root() {
		return context().getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

	static List<Appender<ILoggingEvent>> appenders() {
		List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
		for (Iterator<Appender<ILoggingEvent>> it = root().iteratorForAppenders(); it.hasNext();) {
			appenders.add(it.next());
		}
		return appenders;
	}

	/** Whether the starter captures the context's events now: its turbo filter is in Logback's chain. */
	static boolean isCaptured() {
		return context().getTurboFilterList().stream().anyMatch((filter) -> "async-logging".equals(filter.getName()));
	}

	static long liveWorkers() {
		return Thread.getAllStackTraces().keySet().stream()
			.filter((thread) -> thread.getName().startsWith("async-logging-worker-") && thread.isAlive())
			.count();
	}

}
