package io.github.asynclogging.sample.ops;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough reading of PromQL for the tests: the metric names an expression selects, an alert's
 * expression without its threshold, and Grafana's variables filled in.
 */
final class PromQl {

	private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");

	private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");

	private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");

	private static final Pattern LABEL_LIST = Pattern
		.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

	private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w:$.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
			"group_left", "group_right", "bool", "offset", "inf", "nan");

	private static final Pattern COMPARED = Pattern
		.compile("^(.*?)\\s*(?:==|!=|>=|<=|>|<)\\s*-?[0-9]+(?:\\.[0-9]+)?\\s*$", Pattern.DOTALL);

	private PromQl() {
	}

	/**
	 * The metric names an expression selects; label names, functions, keywords and strings are left out.
	 * @param expr the expression
	 * @return the names, in order of appearance
	 */
	static Set<String> metricNames(String expr) {
		String bare = STRING.matcher(expr).replaceAll("\"\"");
		bare = MATCHERS.matcher(bare).replaceAll(" ");
		bare = RANGE.matcher(bare).replaceAll(" ");
		bare = LABEL_LIST.matcher(bare).replaceAll(" ");
		Set<String> names = new LinkedHashSet<>();
		Matcher matcher = IDENTIFIER.matcher(bare);
		while (matcher.find()) {
			boolean function = matcher.group(2) != null;
			if (!function && !KEYWORDS.contains(matcher.group(1).toLowerCase())) {
				names.add(matcher.group(1));
			}
		}
		return names;
	}

	/**
	 * An alert's expression without its final comparison, e.g. {@code a / b} of {@code a / b > 0.8}:
	 * what returns a value whether or not the alert fires.
	 * @param expr an alert expression ending with a comparison to a number
	 * @return the left-hand side
	 */
	static String withoutThreshold(String expr) {
		Matcher matcher = COMPARED.matcher(expr.strip());
		if (!matcher.matches()) {
			throw new IllegalArgumentException("Not of the form '<expression> <comparison> <number>': " + expr);
		}
		return matcher.group(1);
	}

	/**
	 * Fills in Grafana's variables as the dashboard would.
	 * @param expr a panel's query
	 * @param values variable name (without {@code $}) to value
	 * @return the query Grafana would send
	 */
	static String substitute(String expr, Map<String, String> values) {
		String result = expr;
		for (Map.Entry<String, String> variable : values.entrySet()) {
			result = result.replace("${" + variable.getKey() + "}", variable.getValue());
		}
		// Longest names first, so that $instance does not eat a part of a longer name.
		for (String name : values.keySet().stream().sorted((a, b) -> b.length() - a.length()).toList()) {
			result = result.replace("$" + name, values.get(name));
		}
		if (result.contains("$")) {
			throw new IllegalArgumentException("Variable left in " + result);
		}
		return result;
	}

}
