package io.github.asynclogging.logback;

import java.util.Set;

import ch.qos.logback.core.Appender;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.pattern.PatternLayoutBase;
import ch.qos.logback.core.pattern.parser.CompositeNode;
import ch.qos.logback.core.pattern.parser.Node;
import ch.qos.logback.core.pattern.parser.Parser;
import ch.qos.logback.core.pattern.parser.SimpleKeywordNode;
import ch.qos.logback.core.spi.ScanException;

/**
 * Whether an appender prints caller data, read from its pattern with Logback's own pattern parser,
 * so that {@code %L}, {@code %-20method} or {@code %clr(%C{1})} count and {@code %level} or
 * {@code %msg} do not. Spring Boot's patterns are resolved by the time an appender runs.
 */
final class CallerDataPatterns {

	/** Logback's conversion words that read the caller's stack. */
	private static final Set<String> CALLER_WORDS = Set.of("C", "class", "M", "method", "L", "line", "F", "file",
			"caller");

	private CallerDataPatterns() {
	}

	static boolean prints(Appender<?> appender) {
		if (appender instanceof OutputStreamAppender<?> stream) {
			return prints(stream.getEncoder());
		}
		return false;
	}

	private static boolean prints(Encoder<?> encoder) {
		if (encoder instanceof LayoutWrappingEncoder<?> wrapping) {
			Layout<?> layout = wrapping.getLayout();
			if (layout instanceof PatternLayoutBase<?> pattern) {
				return printsCallerData(pattern.getPattern());
			}
		}
		return false;
	}

	static boolean printsCallerData(String pattern) {
		if (pattern == null) {
			return false;
		}
		try {
			return printsCallerData(new Parser<>(pattern).parse());
		}
		catch (ScanException | RuntimeException ex) {
			// Logback could not parse it either: such an appender prints nothing to compare.
			return false;
		}
	}

	private static boolean printsCallerData(Node node) {
		for (Node current = node; current != null; current = current.getNext()) {
			if (current instanceof SimpleKeywordNode keyword && CALLER_WORDS.contains(String.valueOf(keyword.getValue()))) {
				return true;
			}
			if (current instanceof CompositeNode composite && printsCallerData(composite.getChildNode())) {
				return true;
			}
		}
		return false;
	}

}
