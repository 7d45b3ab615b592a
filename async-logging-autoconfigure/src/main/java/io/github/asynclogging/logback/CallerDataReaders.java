package io.github.asynclogging.logback;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Iterator;
import java.util.Set;

import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.pattern.parser.CompositeNode;
import ch.qos.logback.core.pattern.parser.Node;
import ch.qos.logback.core.pattern.parser.Parser;
import ch.qos.logback.core.pattern.parser.SimpleKeywordNode;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.spi.ScanException;

/**
 * Whether an appender reads caller data (class, method, file and line of the log call), which a
 * worker cannot compute: its stack is not the caller's. {@code include-caller-data: auto} captures it
 * on the calling thread for such an appender, so that its output is what synchronous Logback prints.
 * <p>
 * What it looks at, as Logback and the libraries around it configure appenders:
 * <ul>
 * <li>a pattern, read with Logback's own parser, so that {@code %L}, {@code %-20method} or
 * {@code %clr(%C{1})} count and {@code %level} or {@code %msg} do not: a layout's or an encoder's
 * ({@code getPattern()}), a {@code SyslogAppender}'s {@code suffixPattern};</li>
 * <li>an {@code includeCallerData} flag (Logback's {@code AsyncAppender} and socket appenders,
 * logstash-logback-encoder's encoders and appenders) or OpenTelemetry's {@code captureCodeAttributes};
 * a component that has such a flag is decided by it;</li>
 * <li>the appenders inside a wrapper ({@link AppenderAttachable}: {@code AsyncAppender}, any custom
 * one).</li>
 * </ul>
 * Where it cannot tell (an encoder or layout with neither a pattern nor a flag, a
 * {@code SiftingAppender}, whose appenders are built only when events arrive), it says so, and caller
 * data is captured. Read by reflection, once, when the appenders are found: none of those libraries is a
 * dependency of the starter.
 */
final class CallerDataReaders {

	/** Logback's conversion words that read the caller's stack. */
	private static final Set<String> CALLER_WORDS = Set.of("C", "class", "M", "method", "L", "line", "F", "file",
			"caller");

	/** Boolean properties that make a component read caller data. */
	private static final String[] FLAGS = { "isIncludeCallerData", "isCaptureCodeAttributes" };

	/** Logback's layouts without a pattern that print no caller data (TTLL: Logback's default console). */
	private static final Set<String> LAYOUTS_WITHOUT_CALLER_DATA = Set.of("ch.qos.logback.classic.layout.TTLLLayout",
			"ch.qos.logback.core.layout.EchoLayout");

	private static final String SIFTING_APPENDER = "ch.qos.logback.core.sift.SiftingAppenderBase";

	/** Deeper than any configuration nests appenders, and a bound on a cycle. */
	private static final int MAX_DEPTH = 8;

	private CallerDataReaders() {
	}

	/**
	 * Why an appender reads caller data, or that it cannot be told.
	 * @param appender the appender
	 * @return {@code null} if it does not read it; otherwise what makes it (or makes it unknown), for
	 * the start-up line: {@code "prints %line"}, {@code "includeCallerData"}, {@code "cannot tell: ..."}
	 */
	static String reason(Appender<?> appender) {
		return reason(appender, 0);
	}

	/**
	 * Whether a reason says that it could not be told.
	 * @param reason a reason {@link #reason} gave
	 * @return {@code true} if caller data is captured only because nothing could be read
	 */
	static boolean isUnknown(String reason) {
		return reason != null && reason.startsWith("cannot tell");
	}

	private static String reason(Appender<?> appender, int depth) {
		if (depth > MAX_DEPTH) {
			return null;
		}
		Boolean flag = flag(appender);
		if (flag != null) {
			// Logback's AsyncAppender without it drops caller data for what it wraps, synchronous or not.
			return flag ? "includeCallerData" : null;
		}
		String suffix = stringProperty(appender, "getSuffixPattern");
		if (printsCallerData(suffix)) {
			return "prints caller data in its suffixPattern";
		}
		if (appender instanceof OutputStreamAppender<?> stream) {
			String encoder = component(stream.getEncoder());
			if (encoder != null) {
				return encoder;
			}
		}
		if (isSifting(appender)) {
			return "cannot tell: a SiftingAppender builds its appenders when events arrive";
		}
		if (appender instanceof AppenderAttachable<?> attachable) {
			for (Iterator<? extends Appender<?>> it = attachable.iteratorForAppenders(); it.hasNext();) {
				Appender<?> inner = it.next();
				String nested = reason(inner, depth + 1);
				if (nested != null) {
					return nested + " (inside it: " + LogbackDestination.nameOf(inner) + ")";
				}
			}
		}
		return null;
	}

	/** An encoder, or the layout it wraps: decided by a flag, else a pattern, else unknown. */
	private static String component(Object component) {
		if (component == null) {
			return null;
		}
		Boolean flag = flag(component);
		if (flag != null) {
			return flag ? "includeCallerData" : null;
		}
		if (component instanceof LayoutWrappingEncoder<?> wrapping) {
			return component(wrapping.getLayout());
		}
		if (LAYOUTS_WITHOUT_CALLER_DATA.contains(component.getClass().getName())) {
			return null;
		}
		Method pattern = method(component, "getPattern");
		if (pattern != null && pattern.getReturnType() == String.class) {
			String text = stringProperty(component, "getPattern");
			String word = callerWord(text);
			return (word != null) ? "prints %" + word : null;
		}
		return "cannot tell: " + component.getClass().getName() + " has no pattern and no includeCallerData";
	}

	private static boolean isSifting(Object appender) {
		for (Class<?> type = appender.getClass(); type != null; type = type.getSuperclass()) {
			if (SIFTING_APPENDER.equals(type.getName())) {
				return true;
			}
		}
		return false;
	}

	private static Boolean flag(Object component) {
		for (String name : FLAGS) {
			Method getter = method(component, name);
			if (getter != null && (getter.getReturnType() == boolean.class || getter.getReturnType() == Boolean.class)) {
				try {
					return Boolean.TRUE.equals(getter.invoke(component));
				}
				catch (ReflectiveOperationException | RuntimeException ex) {
					return null;
				}
			}
		}
		return null;
	}

	private static String stringProperty(Object component, String getter) {
		Method method = method(component, getter);
		if (method == null || method.getReturnType() != String.class) {
			return null;
		}
		try {
			return (String) method.invoke(component);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return null;
		}
	}

	/** A public getter without parameters, public on a public class (so that it can be invoked). */
	private static Method method(Object component, String name) {
		try {
			Method method = component.getClass().getMethod(name);
			if (!Modifier.isPublic(method.getDeclaringClass().getModifiers())) {
				method.setAccessible(true);
			}
			return method;
		}
		catch (NoSuchMethodException | RuntimeException ex) {
			return null;
		}
	}

	static boolean printsCallerData(String pattern) {
		return callerWord(pattern) != null;
	}

	/** The first conversion word of a pattern that reads the caller's stack, or {@code null}. */
	private static String callerWord(String pattern) {
		if (pattern == null) {
			return null;
		}
		try {
			return callerWord(new Parser<>(pattern).parse());
		}
		catch (ScanException | RuntimeException ex) {
			// Logback could not parse it either: such an appender prints nothing to compare.
			return null;
		}
	}

	private static String callerWord(Node node) {
		for (Node current = node; current != null; current = current.getNext()) {
			if (current instanceof SimpleKeywordNode keyword && CALLER_WORDS.contains(String.valueOf(keyword.getValue()))) {
				return String.valueOf(keyword.getValue());
			}
			if (current instanceof CompositeNode composite) {
				String inner = callerWord(composite.getChildNode());
				if (inner != null) {
					return inner;
				}
			}
		}
		return null;
	}

}
