package io.github.asynclogging.logback;

import java.util.List;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What start-up says about OpenTelemetry's Logback appender; with the appender itself in
 * otel-tests, here what can be shown without it.
 */
class OpenTelemetryAppendersTests {

	@Test
	void appendersOtherThanOpenTelemetrysAreNotMentioned() {
		LoggerContext context = new LoggerContext();
		AsyncAppender async = new AsyncAppender();
		async.setContext(context);
		async.setName("ASYNC");
		ListAppender<ILoggingEvent> list = new ListAppender<>();
		list.setName("LIST");
		async.addAppender(list);
		assertThat(OpenTelemetryAppenders.problems(
				List.of(async, list), false)).isNull();
	}

}
