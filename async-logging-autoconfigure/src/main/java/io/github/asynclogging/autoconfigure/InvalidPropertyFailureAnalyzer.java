package io.github.asynclogging.autoconfigure;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;

/**
 * Says which {@code async-logging.*} key was refused at start-up, the value it had, where it was
 * set and what it allows. Ordered before Spring Boot's general bind failure analysis, which would
 * otherwise show the same failure as a stack of binding exceptions.
 */
public final class InvalidPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidPropertyException>
		implements Ordered {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidPropertyException cause) {
		BindException bind = findCause(rootFailure, BindException.class);
		ConfigurationProperty property = (bind != null) ? bind.getProperty() : null;
		// The value as the user wrote it (100ms), not as it was converted (PT0.1S), where it is known.
		Object value = (property != null) ? property.getValue() : cause.getValue();
		// The key as it was bound: a destination's settings are checked before their name is known.
		String key = (property != null) ? property.getName().toString() : cause.getKey();
		StringBuilder description = new StringBuilder();
		describe(key, value, cause.getAllowed(), (property != null) ? property.getOrigin() : null, description);
		return new FailureAnalysis(description.toString(), action(key, cause.getAllowed()), cause);
	}

	/** What is wrong with a value, and where it was set when that is known. */
	static void describe(String key, Object value, String allowed, Origin origin, StringBuilder description) {
		description.append("Invalid value '").append(value).append("' for ").append(key).append(": it must be ")
			.append(allowed).append('.');
		if (origin != null) {
			description.append(System.lineSeparator()).append("    Origin: ").append(origin);
		}
	}

	/** What to do about it. */
	static String action(String key, String allowed) {
		String variable = AsyncLoggingKeys.environmentVariable(key.substring(AsyncLoggingKeys.PREFIX.length() + 1));
		return "Set " + key + " to " + allowed + " in application.yml, application.properties or the environment ("
				+ variable + "), or remove it to use its default.";
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
