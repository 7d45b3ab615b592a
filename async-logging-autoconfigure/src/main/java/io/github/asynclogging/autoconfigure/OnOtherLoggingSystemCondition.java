package io.github.asynclogging.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The opposite of {@link OnLogbackCondition}: another logging system is in use.
 */
class OnOtherLoggingSystemCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionOutcome logback = OnLogbackCondition.outcome(context.getClassLoader());
		return logback.isMatch() ? ConditionOutcome.noMatch(logback.getMessage())
				: ConditionOutcome.match(logback.getMessage());
	}

}
