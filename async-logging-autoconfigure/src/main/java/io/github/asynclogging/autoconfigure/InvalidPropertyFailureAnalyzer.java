package io.github.asynclogging.autoconfigure;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
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
		StringBuilder description = new StringBuilder();
		description.append("Invalid value '").append(value).append("' for ").append(cause.getKey())
			.append(": it must be ").append(cause.getAllowed()).append('.');
		if (property != null && property.getOrigin() != null) {
			description.append(System.lineSeparator()).append("    Origin: ").append(property.getOrigin());
		}
		String action = "Set " + cause.getKey() + " to " + cause.getAllowed()
				+ " in application.yml, application.properties or the environment ("
				+ cause.getKey().toUpperCase().replace('.', '_').replace('-', '_') + "), or remove it to use its default.";
		return new FailureAnalysis(description.toString(), action, cause);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
