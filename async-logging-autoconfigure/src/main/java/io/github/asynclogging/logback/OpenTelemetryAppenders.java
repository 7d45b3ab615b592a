package io.github.asynclogging.logback;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.spi.AppenderAttachable;

/**
 * The cases in which OpenTelemetry's Logback appender cannot give what a user expects of it, said
 * in one WARN line at start-up. Read by class name: OpenTelemetry's instrumentation is not a
 * dependency of the starter.
 * <p>
 * Where it works without a word: attached to a logger, the appender stays there, so
 * {@code OpenTelemetryAppender.install} finds it whenever it is called, and the caller's trace
 * context is current while a worker writes it.
 */
final class OpenTelemetryAppenders {

	static final String APPENDER_CLASS = "io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender";

	/** Deeper than any configuration nests appenders, and a bound on a cycle. */
	private static final int MAX_DEPTH = 8;

	private OpenTelemetryAppenders() {
	}

	/**
	 * What will not work with the OpenTelemetry appenders among those the workers write.
	 * @param written the appenders the workers write
	 * @param carriesTraceContext whether the workers write with the caller's trace context
	 * @return one line, or {@code null} if nothing is amiss
	 */
	static String problems(Collection<Appender<ILoggingEvent>> written, boolean carriesTraceContext) {
		List<String> problems = new ArrayList<>();
		for (Appender<ILoggingEvent> appender : written) {
			String name = LogbackDestination.nameOf(appender);
			if (isOpenTelemetryAppender(appender)) {
				if (!carriesTraceContext) {
					problems.add(name + " is written without the caller's trace context (OpenTelemetry's "
							+ "context API is not on the starter's class path): its records carry no trace or span id");
				}
			}
			else {
				for (String nested : nestedIn(appender, 0)) {
					problems.add(nested + " inside " + name + " is written on that appender's own "
							+ "thread, where the caller's trace context is lost (no trace or span id in its records, "
							+ "with or without this starter): attach " + nested + " to the logger itself, the starter "
							+ "writes it off the calling thread already");
				}
			}
		}
		return problems.isEmpty() ? null : "async-logging: " + String.join("; ", problems);
	}

	/** The OpenTelemetry appenders inside an appender that writes to others (Logback's AsyncAppender). */
	private static List<String> nestedIn(Appender<?> appender, int depth) {
		List<String> found = new ArrayList<>();
		if (depth < MAX_DEPTH && appender instanceof AppenderAttachable<?> attachable) {
			for (Iterator<? extends Appender<?>> it = attachable.iteratorForAppenders(); it.hasNext();) {
				Appender<?> inner = it.next();
				if (isOpenTelemetryAppender(inner)) {
					found.add(inner.getName());
				}
				else {
					found.addAll(nestedIn(inner, depth + 1));
				}
			}
		}
		return found;
	}

	private static boolean isOpenTelemetryAppender(Appender<?> appender) {
		for (Class<?> type = appender.getClass(); type != null; type = type.getSuperclass()) {
			if (APPENDER_CLASS.equals(type.getName())) {
				return true;
			}
		}
		return false;
	}

}
