package io.github.asynclogging.logback;

import java.time.Duration;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An appender attached in code without a name (Logback's configuration files always name one) is
 * written like any other, and the start-up line names it by its class rather than "null".
 */
class UnnamedAppenderTests {

	// Break seen failing: describe() printing the appender's name as it is (null).
	@Test
	void theStartUpLineNamesAnUnnamedAppenderByItsClass() {
		LoggerContext context = new LoggerContext();
		Bridges.start(context);
		ListAppender<ILoggingEvent> unnamed = Bridges.started(context, new ListAppender<>(), Logger.ROOT_LOGGER_NAME);
		ListAppender<ILoggingEvent> notices = new ListAppender<>();
		notices.setName("NOTICES");
		Bridges.started(context, notices, LogbackBridge.NOTICE_LOGGER);
		context.getLogger(LogbackBridge.NOTICE_LOGGER).setAdditive(false);
		LogbackBridge bridge = Bridges.bridge(context, "unnamed-appender-", List.of(), BridgeOptions.DEFAULTS);
		// The start-up line is wanted here: it goes to NOTICES alone.
		context.getLogger(LogbackBridge.NOTICE_LOGGER).setLevel(null);
		bridge.start();
		context.getLogger("app").info("to the unnamed appender");
		bridge.stop(Duration.ofSeconds(10));
		context.stop();
		assertThat(notices.list).first()
			.extracting(ILoggingEvent::getFormattedMessage)
			.asString()
			.startsWith("async-logging: NOTICES (").contains(", unnamed ListAppender (").contains("each a lane of its own written by 1 worker");
		assertThat(unnamed.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("to the unnamed appender");
	}

	// Break seen failing: nameOf concatenating the name on every call, as every event's route asks it.
	@Test
	void anUnnamedAppendersDestinationNameIsMadeOnceNotForEveryEvent() {
		ListAppender<ILoggingEvent> unnamed = new ListAppender<>();
		assertThat(LogbackDestination.nameOf(unnamed)).isEqualTo("unnamed ListAppender")
			.isSameAs(LogbackDestination.nameOf(new ListAppender<>()));
	}

}
