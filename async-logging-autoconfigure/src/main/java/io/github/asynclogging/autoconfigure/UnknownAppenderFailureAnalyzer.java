package io.github.asynclogging.autoconfigure;

import io.github.asynclogging.logback.UnknownAppenderException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Says which names of {@code async-logging.exclude-appenders} no logger has, and which it has.
 */
public final class UnknownAppenderFailureAnalyzer extends AbstractFailureAnalyzer<UnknownAppenderException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnknownAppenderException cause) {
		String description = "async-logging.exclude-appenders names " + String.join(", ", cause.getUnknown())
				+ ", but no logger has an appender of that name. The appenders attached to loggers are: "
				+ (cause.getAttached().isEmpty() ? "none" : String.join(", ", cause.getAttached())) + ".";
		String action = "Set async-logging.exclude-appenders to names of appenders your logback-spring.xml (or Spring "
				+ "Boot's default configuration) attaches to loggers, or remove it to write every appender asynchronously.";
		return new FailureAnalysis(description, action, cause);
	}

}
