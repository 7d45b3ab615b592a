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

	/**
	 * The worker threads the executors of these contexts run: one that routes each, and each
	 * destination's.
	 */
	static long workersOf(org.springframework.context.ApplicationContext... contexts) {
		long workers = 0;
		for (org.springframework.context.ApplicationContext context : contexts) {
			workers += context.getBean(io.github.asynclogging.engine.AsyncLogExecutor.class).workers();
		}
		return workers;
	}

	static long liveWorkers() {
		return Thread.getAllStackTraces().keySet().stream()
			.filter((thread) -> thread.getName().startsWith("async-logging-worker-") && thread.isAlive())
			.count();
	}

}
