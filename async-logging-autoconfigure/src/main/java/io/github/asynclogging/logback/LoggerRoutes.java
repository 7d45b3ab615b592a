package io.github.asynclogging.logback;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LoggerNameUtil;
import ch.qos.logback.core.Appender;

/**
 * The appenders an event reaches, and writing them on the calling thread, read from Logback's live
 * structures as {@code Logger.callAppenders} reads them: the event's logger and its ancestors up to the first that is not additive, each
 * logger's appenders as they are attached at that moment. Nothing is moved or copied: an appender
 * attached, detached or an additivity changed at any time counts from the next event on.
 * <p>
 * A logger's ancestors never change once it exists (Logback creates every logger between it and the
 * root with it), so the chain of each logger is looked up once.
 */
final class LoggerRoutes {

	private final LoggerContext context;

	private final Map<String, Logger[]> chains = new ConcurrentHashMap<>();

	LoggerRoutes(LoggerContext context) {
		this.context = context;
	}

	/**
	 * Writes, on the calling thread, the appenders of the event's route that are named, or those that
	 * are not: an {@link Error} one throws does not keep the others from the event.
	 * @return the first {@link Error} an appender threw, for the caller to see once the event is queued
	 */
	Error write(ILoggingEvent event, Set<String> names, boolean named) {
		Error first = null;
		for (Logger logger : chainOf(event.getLoggerName())) {
			for (var it = logger.iteratorForAppenders(); it.hasNext();) {
				Appender<ILoggingEvent> appender = it.next();
				if (isNamed(names, appender) == named) {
					try {
						appendQuietly(appender, event);
					}
					catch (Error ex) {
						first = (first != null) ? first : ex;
					}
				}
			}
			if (!logger.isAdditive()) {
				break;
			}
		}
		return first;
	}

	private static void appendQuietly(Appender<ILoggingEvent> appender, ILoggingEvent event) {
		try {
			appender.doAppend(event);
		}
		catch (RuntimeException ex) {
			// As on Logback's own path past AppenderBase: an appender's failure is its own.
		}
	}

	/** An appender without a name cannot be excluded: the key names appenders. */
	static boolean isNamed(Set<String> names, Appender<ILoggingEvent> appender) {
		String name = appender.getName();
		return name != null && names.contains(name);
	}

	/**
	 * Detaches appenders from every logger: only those a worker is still inside when a stop's timeout
	 * ran out, which hang. Everything logged afterwards (a destroy method, Logback's own reset at exit,
	 * which stops each appender under its lock) would otherwise wait on them for ever.
	 * @return their names, for the line that says so
	 */
	List<String> detach(List<Appender<ILoggingEvent>> hung) {
		List<String> names = new ArrayList<>();
		for (Appender<ILoggingEvent> appender : hung) {
			for (Logger logger : this.context.getLoggerList()) {
				logger.detachAppender(appender);
			}
			names.add(LogbackDestination.nameOf(appender));
		}
		return names;
	}

	/** Every appender attached to any logger now, each once. */
	List<Appender<ILoggingEvent>> attached() {
		List<Appender<ILoggingEvent>> all = new ArrayList<>();
		for (Logger logger : this.context.getLoggerList()) {
			for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext();) {
				Appender<ILoggingEvent> appender = it.next();
				if (!all.contains(appender)) {
					all.add(appender);
				}
			}
		}
		return all;
	}

	/**
	 * Checks that every name is an appender's attached now.
	 * @throws UnknownAppenderException if one is not
	 */
	void checkAttached(Set<String> names) {
		if (names.isEmpty()) {
			return;
		}
		Set<String> attached = attachedNames();
		Set<String> unknown = new TreeSet<>(names);
		unknown.removeAll(attached);
		if (!unknown.isEmpty()) {
			throw new UnknownAppenderException(unknown, attached);
		}
	}

	/** The names of the appenders attached now. */
	Set<String> attachedNames() {
		Set<String> names = new TreeSet<>();
		for (Appender<ILoggingEvent> appender : attached()) {
			if (appender.getName() != null) {
				names.add(appender.getName());
			}
		}
		return names;
	}

	/**
	 * The loggers an event of this logger goes through, nearest first, up to the root: the caller
	 * stops at the first that is not additive, read when the event is written.
	 */
	Logger[] chainOf(String loggerName) {
		Logger[] chain = this.chains.get(loggerName);
		if (chain == null) {
			chain = this.chains.computeIfAbsent(loggerName, this::lookUpChain);
		}
		return chain;
	}

	/** The logger and its ancestors, nearest first, named as Logback names them ('.' and '$'). */
	private Logger[] lookUpChain(String loggerName) {
		List<Logger> chain = new ArrayList<>();
		Logger logger = this.context.getLogger(loggerName);
		chain.add(logger);
		if (!Logger.ROOT_LOGGER_NAME.equalsIgnoreCase(loggerName)) {
			List<Integer> separators = new ArrayList<>();
			for (int i = LoggerNameUtil.getSeparatorIndexOf(loggerName, 0); i != -1;
					i = LoggerNameUtil.getSeparatorIndexOf(loggerName, i + 1)) {
				separators.add(i);
			}
			for (int s = separators.size() - 1; s >= 0; s--) {
				chain.add(this.context.getLogger(loggerName.substring(0, separators.get(s))));
			}
			chain.add(this.context.getLogger(Logger.ROOT_LOGGER_NAME));
		}
		return chain.toArray(new Logger[0]);
	}

}
