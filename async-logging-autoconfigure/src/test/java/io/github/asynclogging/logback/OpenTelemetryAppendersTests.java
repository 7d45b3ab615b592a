package io.github.asynclogging.logback;

import java.util.List;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the take-over says about OpenTelemetry's Logback appender; with the appender itself in
 * otel-tests, here what can be shown without it.
 */
class OpenTelemetryAppendersTests {

	@Test
	void installLooksInsideTheStartersAppenderFromRelease2Point12() {
		assertThat(OpenTelemetryAppenders.installLooksInside("2.28.1-alpha")).isTrue();
		assertThat(OpenTelemetryAppenders.installLooksInside("2.12.0-alpha")).isTrue();
		assertThat(OpenTelemetryAppenders.installLooksInside("3.0.0")).isTrue();
		assertThat(OpenTelemetryAppenders.installLooksInside("2.11.0-alpha")).isFalse();
		assertThat(OpenTelemetryAppenders.installLooksInside("1.32.0-alpha")).isFalse();
	}

	@Test
	void anUnknownReleaseIsNotSaidToFail() {
		assertThat(OpenTelemetryAppenders.installLooksInside(null)).isTrue();
		assertThat(OpenTelemetryAppenders.installLooksInside("unspecified")).isTrue();
	}

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
				List.of(new TakenAppender(async, "ROOT"), new TakenAppender(list, "ROOT")), false)).isNull();
	}

}
