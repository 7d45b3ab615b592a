package io.github.asynclogging.logback;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The message of an event whose arguments are values is formatted on the worker, from a copy of the
 * arguments: the text is the one Logback formats on the caller's thread, whatever the caller does to
 * its array afterwards; any other argument has it formatted on the caller.
 */
class MessageFormattedLaterTests {

	private final Logger logger = new LoggerContext().getLogger("app");

	@Test
	void formatsTheTextLogbackFormatsForEveryKindOfValue() {
		UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
		List<Object[]> calls = List.of(new Object[] { "order {} shipped", 42 },
				new Object[] { "{} {} {} {} {} {} {} {} {} {}", "s", 1, 2L, 3.5d, 4.5f, (short) 6, (byte) 7, 'c', true,
						id },
				new Object[] { "null {} and {}", null, "x" }, new Object[] { "more {} placeholders {} {}", "one" },
				new Object[] { "fewer placeholders {}", "one", "two", "three" },
				new Object[] { "escaped \\{} then {}", "value" }, new Object[] { "no placeholder", "unused" },
				new Object[] { "{}", Double.NaN });
		for (Object[] call : calls) {
			String template = (String) call[0];
			Object[] arguments = java.util.Arrays.copyOfRange(call, 1, call.length);
			String synchronous = event(template, arguments.clone()).getFormattedMessage();
			ILoggingEvent queued = MessageFormattedLater.of(event(template, arguments));
			assertThat(queued).as(template).isInstanceOf(MessageFormattedLater.class);
			assertThat(queued.getFormattedMessage()).as(template).isEqualTo(synchronous);
			assertThat(queued.toString()).isEqualTo("[INFO] " + synchronous);
		}
	}

	@Test
	void aRefilledArrayChangesNeitherTheTextNorTheArgumentsAppendersRead() {
		Object[] reused = { "A-1", 1 };
		ILoggingEvent queued = MessageFormattedLater.of(event("order {} line {}", reused));
		reused[0] = "B-2";
		reused[1] = 2;
		assertThat(queued.getArgumentArray()).containsExactly("A-1", 1);
		assertThat(queued.getFormattedMessage()).isEqualTo("order A-1 line 1");
	}

	@Test
	void anArgumentThatIsNotAValueHasTheMessageFormattedOnTheCaller() {
		StringBuilder text = new StringBuilder("before");
		List<Object> notValues = List.of(text, new Object[] { "array" }, BigDecimal.ONE, new Object());
		for (Object notValue : notValues) {
			LoggingEvent made = event("{} {}", new Object[] { "value", notValue });
			ILoggingEvent queued = MessageFormattedLater.of(made);
			assertThat(queued).as("%s", notValue.getClass()).isSameAs(made);
		}
		LoggingEvent withBuilder = event("state {}", new Object[] { text });
		MessageFormattedLater.of(withBuilder);
		text.replace(0, text.length(), "after");
		assertThat(withBuilder.getFormattedMessage()).isEqualTo("state before");
	}

	@Test
	void anEventWithoutArgumentsIsQueuedAsItIs() {
		LoggingEvent made = event("order shipped", null);
		assertThat(MessageFormattedLater.of(made)).isSameAs(made);
	}

	@Test
	void aThrowableLastArgumentIsTheEventsThrowableAndNotPartOfTheText() {
		IllegalStateException failure = new IllegalStateException("boom");
		LoggingEvent made = event("order {} failed", new Object[] { "A-1", failure });
		ILoggingEvent queued = MessageFormattedLater.of(made);
		assertThat(queued).isInstanceOf(MessageFormattedLater.class);
		assertThat(queued.getFormattedMessage()).isEqualTo("order A-1 failed");
		assertThat(queued.getThrowableProxy().getMessage()).isEqualTo("boom");
	}

	private LoggingEvent event(String template, Object[] arguments) {
		return new LoggingEvent(Logger.class.getName(), this.logger, Level.INFO, template, null, arguments);
	}

}
