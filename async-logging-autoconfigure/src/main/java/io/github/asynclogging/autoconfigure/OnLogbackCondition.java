package io.github.asynclogging.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;

/**
 * Matches when Logback is the logging system, not merely on the class path: SLF4J's factory is
 * Logback's {@code LoggerContext}.
 */
class OnLogbackCondition extends SpringBootCondition {

	static final String LOGGER_CONTEXT = "ch.qos.logback.classic.LoggerContext";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return outcome(context.getClassLoader());
	}

	static ConditionOutcome outcome(ClassLoader classLoader) {
		if (!ClassUtils.isPresent(LOGGER_CONTEXT, classLoader)) {
			return ConditionOutcome.noMatch("Logback (" + LOGGER_CONTEXT + ") is not on the class path");
		}
		if (!ClassUtils.isPresent("org.slf4j.LoggerFactory", classLoader)) {
			return ConditionOutcome.noMatch("SLF4J is not on the class path");
		}
		String factory = org.slf4j.LoggerFactory.getILoggerFactory().getClass().getName();
		if (!LOGGER_CONTEXT.equals(factory)) {
			return ConditionOutcome.noMatch("SLF4J is bound to " + factory + ", not Logback");
		}
		return ConditionOutcome.match("SLF4J is bound to Logback");
	}

}
