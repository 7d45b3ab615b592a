package io.github.asynclogging.autoconfigure;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Conditional;

/**
 * When Logback is not the logging system (Log4j2, say), the starter does nothing; this says so,
 * once per application start, at INFO.
 */
@AutoConfiguration
@Conditional({ OnAsyncLoggingEnabledCondition.class, OnOtherLoggingSystemCondition.class })
public class OtherLoggingSystemAutoConfiguration {

	private static final Log logger = LogFactory.getLog(OtherLoggingSystemAutoConfiguration.class);

	OtherLoggingSystemAutoConfiguration(ApplicationContext context) {
		logger.info("async-logging is off: " + OnLogbackCondition.outcome(context.getClassLoader()).getMessage()
				+ ". It works with Logback only; logging stays synchronous.");
	}

}
