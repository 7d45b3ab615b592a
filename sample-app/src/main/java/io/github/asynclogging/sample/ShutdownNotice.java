package io.github.asynclogging.sample;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Says the application has stopped, from a destroy method: Spring calls it after every lifecycle
 * bean has stopped, async-logging included, so the line is written synchronously, by Logback itself,
 * to the appenders the loggers have.
 */
@Component
class ShutdownNotice implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(ShutdownNotice.class);

	@Override
	public void destroy() {
		logger.info("sample-app: stopped");
	}

}
