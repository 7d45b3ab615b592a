package io.github.asynclogging.logback;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;

import ch.qos.logback.core.Appender;
import ch.qos.logback.core.spi.AppenderAttachable;

/**
 * The cases in which OpenTelemetry's Logback appender, taken over, cannot give what a user expects
 * of it, said in one WARN line when it is taken over. Read by class name: OpenTelemetry's
 * instrumentation is not a dependency of the starter.
 * <p>
 * Where it works without a word: on a logger, {@code OpenTelemetryAppender.install} finds it
 * behind the starter's appender (from 2.12.0 on it looks inside {@link AppenderAttachable}
 * appenders), and the caller's trace context is current while a worker writes it.
 */
final class OpenTelemetryAppenders {

	static final String APPENDER_CLASS = "io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender";

	/** The first release whose {@code install} looks inside {@link AppenderAttachable} appenders. */
	private static final int[] INSTALL_LOOKS_INSIDE_FROM = { 2, 12 };

	/** Deeper than any configuration nests appenders, and a bound on a cycle. */
	private static final int MAX_DEPTH = 8;

	private OpenTelemetryAppenders() {
	}

	/**
	 * What will not work with the OpenTelemetry appenders among those just taken over.
	 * @param taken the appenders taken over
	 * @param carriesTraceContext whether the workers write with the caller's trace context
	 * @return one line, or {@code null} if nothing is amiss
	 */
	static String problems(Collection<TakenAppender> taken, boolean carriesTraceContext) {
		List<String> problems = new ArrayList<>();
		for (TakenAppender appender : taken) {
			if (isOpenTelemetryAppender(appender.appender)) {
				String version = appender.appender.getClass().getPackage().getImplementationVersion();
				if (!installLooksInside(version)) {
					problems.add("OpenTelemetryAppender.install of opentelemetry-logback-appender-1.0 " + version
							+ " does not find " + appender.describe() + " once it is taken over (2.12.0 and later do): "
							+ "call install before the application context starts (an InitializingBean), or upgrade");
				}
				if (!carriesTraceContext) {
					problems.add(appender.describe() + " is written without the caller's trace context (OpenTelemetry's "
							+ "context API is not on the starter's class path): its records carry no trace or span id");
				}
			}
			else {
				for (String nested : nestedIn(appender.appender, 0)) {
					problems.add(nested + " inside " + appender.describe() + " is written on that appender's own "
							+ "thread, where the caller's trace context is lost (no trace or span id in its records, "
							+ "with or without this starter): attach " + nested + " to the logger itself, the starter "
							+ "writes it off the calling thread already");
				}
			}
		}
		return problems.isEmpty() ? null : "async-logging: " + String.join("; ", problems);
	}

	/**
	 * Whether {@code install} of that release finds an appender behind the starter's.
	 * @param version the instrumentation's version, {@code null} if unknown
	 * @return {@code false} only for a version known to be older than 2.12.0
	 */
	static boolean installLooksInside(String version) {
		if (version == null) {
			return true;
		}
		String[] parts = version.split("[.-]");
		try {
			for (int i = 0; i < INSTALL_LOOKS_INSIDE_FROM.length; i++) {
				int part = (i < parts.length) ? Integer.parseInt(parts[i]) : 0;
				if (part != INSTALL_LOOKS_INSIDE_FROM[i]) {
					return part > INSTALL_LOOKS_INSIDE_FROM[i];
				}
			}
			return true;
		}
		catch (NumberFormatException ex) {
			return true;
		}
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
