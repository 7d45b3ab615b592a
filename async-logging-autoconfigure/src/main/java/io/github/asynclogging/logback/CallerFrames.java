package io.github.asynclogging.logback;

import java.util.List;

import ch.qos.logback.classic.spi.CallerData;

/**
 * Caller data for an event the starter builds itself, where Logback's caller boundary (the logging
 * API's class a call came through) is not known: a turbo filter is not told it. The caller is the
 * first frame below the logging frames at the top of the stack: the starter's own, Logback's, SLF4J's
 * and those of the APIs that reach SLF4J through a bridge (java.util.logging through jul-to-slf4j,
 * commons-logging through Spring's or Apache's, Log4j's API through log4j-to-slf4j, jboss-logging), and the
 * packages the application declared as framework packages to Logback. So a line logged through
 * {@code java.util.logging} names the application's method, as synchronous Logback names it, and
 * not the bridge's. A call through {@code LocationAwareLogger.log} passes its own class as the
 * boundary, by Logback's convention: the class that called it is skipped too (a facade of the
 * application's own).
 */
final class CallerFrames {

	private static final String[] LOGGING_PACKAGES = { "ch.qos.logback.", "org.slf4j.", "java.util.logging.",
			"sun.util.logging.", "org.apache.commons.logging.", "org.apache.logging.log4j.", "org.apache.logging.slf4j.", "org.jboss.logging." };

	private static final String LOGBACK_LOGGER = "ch.qos.logback.classic.Logger";

	private CallerFrames() {
	}

	/**
	 * The caller data of a log call, read on the calling thread.
	 * @param filter the turbo filter that reads it, whose frames are above Logback's, as are those of
	 * the {@link ContextCapture} it hands the call to and its {@link PreparedCapture}
	 * @param maxDepth how many frames to keep, as Logback's {@code maxCallerDataDepth}
	 * @param frameworkPackages the context's framework packages
	 * @return the frames from the caller on, or Logback's empty caller data if every frame is a
	 * logging frame
	 */
	static StackTraceElement[] ofCall(Class<?> filter, int maxDepth, List<String> frameworkPackages) {
		StackTraceElement[] stack = new Throwable().getStackTrace();
		int caller = 0;
		String boundary = null;
		while (caller < stack.length && (isStarters(stack[caller].getClassName(), filter)
				|| isLogging(stack[caller].getClassName(), frameworkPackages)
				|| stack[caller].getClassName().equals(boundary))) {
			if (boundary == null && isLocationAwareEntry(stack[caller])) {
				// LocationAwareLogger.log: its caller passed its own class as the boundary (a facade, a
				// bridge), as Logback's own convention is. Its frames are the logging API's.
				boundary = (caller + 1 < stack.length) ? stack[caller + 1].getClassName() : null;
			}
			caller++;
		}
		if (caller == stack.length) {
			return CallerData.EMPTY_CALLER_DATA_ARRAY;
		}
		int depth = Math.min(maxDepth, stack.length - caller);
		StackTraceElement[] frames = new StackTraceElement[depth];
		System.arraycopy(stack, caller, frames, 0, depth);
		return frames;
	}

	private static boolean isLocationAwareEntry(StackTraceElement frame) {
		return frame.getClassName().equals(LOGBACK_LOGGER) && frame.getMethodName().equals("log");
	}

	private static boolean isStarters(String className, Class<?> filter) {
		return className.equals(CallerFrames.class.getName()) || className.equals(filter.getName())
				|| className.equals(ContextCapture.class.getName()) || className.equals(PreparedCapture.class.getName());
	}

	private static boolean isLogging(String className, List<String> frameworkPackages) {
		for (String prefix : LOGGING_PACKAGES) {
			if (className.startsWith(prefix)) {
				return true;
			}
		}
		if (frameworkPackages != null) {
			for (String prefix : frameworkPackages) {
				if (className.startsWith(prefix)) {
					return true;
				}
			}
		}
		return false;
	}

}
