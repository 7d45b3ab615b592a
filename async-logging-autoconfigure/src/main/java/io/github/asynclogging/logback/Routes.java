package io.github.asynclogging.logback;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import ch.qos.logback.classic.Logger;

/**
 * Which taken-over appenders an event reaches, as synchronous Logback's logger hierarchy would route
 * it: from the event's logger up through its ancestors, each logger's appenders in order, stopping
 * after a logger whose additivity is off. A snapshot of one take-over, immutable, so that the caller
 * that queues an event and the worker that writes it agree on the route.
 */
final class Routes {

	static final Routes NONE = new Routes(Map.of(), Set.of());

	private static final TakenAppender[] NOTHING = {};

	/** The appenders taken from each logger, by logger name, in the order they were attached. */
	private final Map<String, TakenAppender[]> taken;

	/** Loggers whose additivity was off: a route stops after them. */
	private final Set<String> notAdditive;

	/** Each logger name's route, worked out once. */
	private final Map<String, TakenAppender[]> byLogger = new ConcurrentHashMap<>();

	/** Workers writing with these routes now: a reset stops their appenders only once none is left. */
	private final AtomicInteger writers = new AtomicInteger();

	private Routes(Map<String, TakenAppender[]> taken, Set<String> notAdditive) {
		this.taken = taken;
		this.notAdditive = notAdditive;
	}

	/**
	 * The routes of the given loggers, as they are configured now.
	 * @param loggers every logger of the context
	 * @param taken the appenders taken from each logger, by logger name
	 */
	static Routes of(List<Logger> loggers, Map<String, List<TakenAppender>> taken) {
		Map<String, TakenAppender[]> arrays = new LinkedHashMap<>();
		taken.forEach((name, appenders) -> arrays.put(name, appenders.toArray(NOTHING)));
		Set<String> notAdditive = ConcurrentHashMap.newKeySet();
		for (Logger logger : loggers) {
			if (!logger.isAdditive()) {
				notAdditive.add(logger.getName());
			}
		}
		return new Routes(Collections.unmodifiableMap(arrays), Collections.unmodifiableSet(notAdditive));
	}

	/**
	 * The taken-over appenders an event of a logger reaches, in the order synchronous Logback writes
	 * them; an appender attached to two loggers of the route is written twice, as Logback does.
	 */
	TakenAppender[] of(String loggerName) {
		TakenAppender[] route = this.byLogger.get(loggerName);
		return (route != null) ? route : this.byLogger.computeIfAbsent(loggerName, this::walk);
	}

	private TakenAppender[] walk(String loggerName) {
		List<TakenAppender> route = new ArrayList<>();
		for (String name = loggerName; name != null; name = parentOf(name)) {
			TakenAppender[] own = this.taken.get(name);
			if (own != null) {
				Collections.addAll(route, own);
			}
			if (this.notAdditive.contains(name)) {
				break;
			}
		}
		return route.toArray(NOTHING);
	}

	/**
	 * Loggers below {@code loggerName} with appenders of their own whose events also reach it: an
	 * event of theirs is queued by their capture appender, so the capture appender of
	 * {@code loggerName} must leave it alone.
	 */
	String[] capturedBelow(String loggerName) {
		List<String> below = new ArrayList<>();
		for (String name : this.taken.keySet()) {
			if (!name.equals(loggerName) && reaches(name, loggerName)) {
				below.add(name);
			}
		}
		return below.toArray(new String[0]);
	}

	private boolean reaches(String from, String to) {
		for (String name = from; name != null; name = parentOf(name)) {
			if (name.equals(to)) {
				return true;
			}
			if (this.notAdditive.contains(name)) {
				return false;
			}
		}
		return false;
	}

	void enter() {
		this.writers.incrementAndGet();
	}

	void leave() {
		this.writers.decrementAndGet();
	}

	/**
	 * Waits until no worker writes with these routes.
	 * @return {@code false} if one still did at the deadline (a destination that hangs)
	 */
	boolean awaitLeft(long deadlineNanos) {
		while (this.writers.get() > 0) {
			if (deadlineNanos - System.nanoTime() <= 0) {
				return false;
			}
			LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
		}
		return true;
	}

	Map<String, TakenAppender[]> taken() {
		return this.taken;
	}

	boolean isEmpty() {
		return this.taken.isEmpty();
	}

	/**
	 * The parent of a logger in Logback's hierarchy: its name up to the last separator ({@code .} or
	 * {@code $}), or the root logger; {@code null} for the root.
	 */
	static String parentOf(String name) {
		if (Logger.ROOT_LOGGER_NAME.equalsIgnoreCase(name)) {
			return null;
		}
		int separator = Math.max(name.lastIndexOf('.'), name.lastIndexOf('$'));
		return (separator > 0) ? name.substring(0, separator) : Logger.ROOT_LOGGER_NAME;
	}

	/**
	 * Whether a logger is the given one or below it in the hierarchy.
	 */
	static boolean isAtOrBelow(String loggerName, String ancestor) {
		if (!loggerName.startsWith(ancestor)) {
			return false;
		}
		if (loggerName.length() == ancestor.length()) {
			return true;
		}
		char next = loggerName.charAt(ancestor.length());
		return next == '.' || next == '$';
	}

}
