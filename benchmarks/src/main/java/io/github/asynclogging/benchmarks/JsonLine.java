package io.github.asynclogging.benchmarks;

import java.util.Locale;

/**
 * Just enough JSON for one line of results: an object of numbers, strings and nested objects, in
 * the order the fields are added.
 */
final class JsonLine {

	private final StringBuilder text = new StringBuilder("{");

	/** Adds a field; a {@code null} value leaves the field out. */
	JsonLine field(String name, Object value) {
		if (value == null) {
			return this;
		}
		String rendered;
		if (value instanceof Double || value instanceof Float) {
			rendered = String.format(Locale.ROOT, "%.3f", ((Number) value).doubleValue());
		}
		else if (value instanceof Number) {
			rendered = value.toString();
		}
		else if (value instanceof JsonLine nested) {
			rendered = nested.toString();
		}
		else {
			rendered = quote(String.valueOf(value));
		}
		if (this.text.length() > 1) {
			this.text.append(", ");
		}
		this.text.append(quote(name)).append(": ").append(rendered);
		return this;
	}

	private static String quote(String value) {
		StringBuilder quoted = new StringBuilder("\"");
		for (char c : value.toCharArray()) {
			if (c == '"' || c == '\\') {
				quoted.append('\\').append(c);
			}
			else if (c < 0x20) {
				quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
			}
			else {
				quoted.append(c);
			}
		}
		return quoted.append('"').toString();
	}

	@Override
	public String toString() {
		return this.text + "}";
	}

}
