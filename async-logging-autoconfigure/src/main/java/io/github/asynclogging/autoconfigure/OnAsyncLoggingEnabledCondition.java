package io.github.asynclogging.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches unless {@code async-logging.enabled} is false. Unlike {@code @ConditionalOnProperty},
 * refuses a value that is neither true nor false instead of reading it as false, so that a typo
 * does not silently turn the starter off.
 */
class OnAsyncLoggingEnabledCondition extends SpringBootCondition {

	static final String KEY = "async-logging.enabled";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		String value = context.getEnvironment().getProperty(KEY);
		if (value == null || value.trim().equalsIgnoreCase("true")) {
			return ConditionOutcome.match(KEY + " is " + ((value != null) ? "true" : "not set (default true)"));
		}
		if (value.trim().equalsIgnoreCase("false")) {
			return ConditionOutcome.noMatch(KEY + " is false");
		}
		throw new InvalidPropertyException("enabled", value, "true or false");
	}

}
