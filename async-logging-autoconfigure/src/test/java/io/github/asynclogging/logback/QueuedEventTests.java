package io.github.asynclogging.logback;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.LoggingEventVO;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.api.Test;
import org.slf4j.MarkerFactory;
import org.slf4j.event.KeyValuePair;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the bridge queues for an event Logback made: when every argument is a value its message is
 * formatted on the worker from a copy of the arguments, the text Logback formats on the caller's
 * thread whatever the caller does to its array afterwards, whether the copy is put into Logback's
 * event or the whole event is copied; any other argument has it formatted on the caller. A copy of
 * the event reads as the event Logback made in every other respect.
 */
class QueuedEventTests {

	private final LoggerContext context = new LoggerContext();

	private final Logger logger = this.context.getLogger("app");

	QueuedEventTests() {
		this.context.setMDCAdapter(new LogbackMDCAdapter());
	}

	@Test
	void formatsTheTextLogbackFormatsForEveryKindOfValue() {
		UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
		List<Object[]> calls = List.of(new Object[] { "order {} shipped", 42 },
				new Object[] { "{} {} {} {} {} {} {} {} {} {}", "s", 1, 2L, 3.5d, 4.5f, (short) 6, (byte) 7, 'c', true,
						id },
				new Object[] { "null {} and {}", null, "x" }, new Object[] { "more {} placeholders {} {}", "one" },
				new Object[] { "fewer placeholders {}", "one", "two", "three" },
				new Object[] { "escaped \\{} then {}", "value" }, new Object[] { "no placeholder", "unused" },
				new Object[] { "{}", Double.NaN }, new Object[] { "{} {}", "{}", "x" });
		for (Object[] call : calls) {
			String template = (String) call[0];
			Object[] arguments = Arrays.copyOfRange(call, 1, call.length);
			String synchronous = event(template, arguments.clone()).getFormattedMessage();
			LoggingEvent made = event(template, arguments.clone());
			ILoggingEvent inPlace = queue(made, false);
			assertThat(inPlace).as(template).isSameAs(made);
			assertThat(QueuedEvent.charsFormattedLater(inPlace)).isNotEqualTo(QueuedEvent.FORMATTED);
			ILoggingEvent copied = queue(event(template, arguments.clone()), true);
			assertThat(copied).as(template).isInstanceOf(QueuedEvent.class);
			assertThat(QueuedEvent.charsFormattedLater(copied)).isNotEqualTo(QueuedEvent.FORMATTED);
			for (ILoggingEvent queued : List.of(inPlace, copied)) {
				assertThat(queued.getFormattedMessage()).as(template).isEqualTo(synchronous);
				assertThat(queued.toString()).isEqualTo("[INFO] " + synchronous);
			}
		}
	}

	// Breaks seen failing: no copy (both), the field not written (in place).
	@Test
	void aRefilledArrayChangesNeitherTheTextNorTheArgumentsAppendersRead() {
		List<Object[]> passed = List.of(new Object[] { "A-1" }, new Object[] { "A-1", 1 },
				new Object[] { "A-1", 1, 'x' });
		for (Object[] arguments : passed) {
			for (boolean copyEvery : new boolean[] { false, true }) {
				Object[] reused = arguments.clone();
				String template = "order {} line {} part {}".substring(0, 8 * reused.length);
				String synchronous = event(template, reused.clone()).getFormattedMessage();
				ILoggingEvent queued = queue(event(template, reused), copyEvery);
				Arrays.fill(reused, "CHANGED");
				assertThat(queued.getArgumentArray()).as("%d arguments, copy every: %s", reused.length, copyEvery)
					.containsExactly(arguments);
				assertThat(queued.getFormattedMessage()).isEqualTo(synchronous);
			}
		}
	}

	@Test
	void whereLogbacksEventCannotTakeTheCopyTheEventIsCopied() {
		Object[] reused = { "A-1", 1 };
		LoggingEvent made = event("order {} line {}", reused);
		made.getThreadName();
		made.getMDCPropertyMap();
		ILoggingEvent queued = QueuedEvent.of(made, this.context, false, new EventArguments(false));
		reused[0] = "B-2";
		assertThat(queued).isInstanceOf(QueuedEvent.class);
		assertThat(queued.getFormattedMessage()).isEqualTo("order A-1 line 1");
		assertThat(made.getArgumentArray()).isSameAs(reused);
	}

	@Test
	void readsAsTheEventLogbackMadeAndIsALoggingEventForAppendersThatTakeNoOther() {
		this.context.getMDCAdapter().put("request", "r-1");
		LoggingEvent made = event("order {} failed", new Object[] { "A-1", new IllegalStateException("boom") });
		made.addMarker(MarkerFactory.getMarker("AUDIT"));
		made.addKeyValuePair(new KeyValuePair("order", "A-1"));
		made.getCallerData();
		ILoggingEvent queued = queue(made, true);
		this.context.getMDCAdapter().clear();
		assertThat(queued).isInstanceOf(QueuedEvent.class);
		assertThat(queued.getLoggerName()).isEqualTo(made.getLoggerName());
		assertThat(queued.getLevel()).isEqualTo(made.getLevel());
		assertThat(queued.getMessage()).isEqualTo(made.getMessage());
		assertThat(queued.getFormattedMessage()).isEqualTo("order A-1 failed");
		assertThat(queued.getThreadName()).isEqualTo(made.getThreadName());
		assertThat(queued.getMDCPropertyMap()).containsExactlyEntriesOf(made.getMDCPropertyMap())
			.containsEntry("request", "r-1");
		assertThat(queued.getInstant()).isEqualTo(made.getInstant());
		assertThat(queued.getTimeStamp()).isEqualTo(made.getTimeStamp());
		assertThat(queued.getNanoseconds()).isEqualTo(made.getNanoseconds());
		assertThat(queued.getSequenceNumber()).isEqualTo(made.getSequenceNumber());
		assertThat(queued.getThrowableProxy()).isSameAs(made.getThrowableProxy());
		assertThat(queued.getCallerData()).isEqualTo(made.getCallerData());
		assertThat(queued.getMarkerList()).isEqualTo(made.getMarkerList());
		assertThat(queued.getKeyValuePairs()).isEqualTo(made.getKeyValuePairs());
		assertThat(queued.getLoggerContextVO()).isSameAs(made.getLoggerContextVO());
		// What Logback's socket appenders send: built from the copy as from the event.
		LoggingEventVO sent = LoggingEventVO.build(queued);
		assertThat(sent.getFormattedMessage()).isEqualTo("order A-1 failed");
		assertThat(sent.getMDCPropertyMap()).containsEntry("request", "r-1");
	}

	@Test
	void anArgumentThatIsNotAValueHasTheMessageFormattedOnTheCaller() {
		StringBuilder text = new StringBuilder("before");
		List<Object> notValues = List.of(text, new Object[] { "array" }, BigDecimal.ONE, new Object());
		for (Object notValue : notValues) {
			LoggingEvent made = event("{} {}", new Object[] { "value", notValue });
			assertThat(queue(made, false)).as("%s", notValue.getClass()).isSameAs(made);
			assertThat(QueuedEvent.charsFormattedLater(made)).isEqualTo(QueuedEvent.FORMATTED);
		}
		LoggingEvent withBuilder = event("state {}", new Object[] { text });
		ILoggingEvent copied = queue(withBuilder, true);
		text.replace(0, text.length(), "after");
		assertThat(withBuilder.getFormattedMessage()).isEqualTo("state before");
		assertThat(copied).isInstanceOf(QueuedEvent.class);
		assertThat(copied.getFormattedMessage()).isEqualTo("state before");
	}

	@Test
	void anEventWithoutArgumentsIsQueuedAsItIsUnlessEveryEventIsCopied() {
		LoggingEvent made = event("order shipped", null);
		assertThat(queue(made, false)).isSameAs(made);
		ILoggingEvent copied = queue(made, true);
		assertThat(copied).isInstanceOf(QueuedEvent.class);
		assertThat(copied.getFormattedMessage()).isEqualTo("order shipped");
		assertThat(copied.hasCallerData()).isFalse();
		// Filled in on the caller's thread after the event was queued: the copy stays as it was.
		made.getCallerData();
		assertThat(copied.hasCallerData()).isFalse();
	}

	@Test
	void aThrowableLastArgumentIsTheEventsThrowableAndNotPartOfTheText() {
		for (boolean copyEvery : new boolean[] { false, true }) {
			LoggingEvent made = event("order {} failed", new Object[] { "A-1", new IllegalStateException("boom") });
			ILoggingEvent queued = queue(made, copyEvery);
			assertThat(QueuedEvent.charsFormattedLater(queued)).isNotEqualTo(QueuedEvent.FORMATTED);
			assertThat(queued.getFormattedMessage()).isEqualTo("order A-1 failed");
			assertThat(queued.getThrowableProxy().getMessage()).isEqualTo("boom");
		}
	}

	private ILoggingEvent queue(LoggingEvent made, boolean copyEvery) {
		made.getThreadName();
		made.getMDCPropertyMap();
		return QueuedEvent.of(made, this.context, copyEvery, EventArguments.LOGBACK);
	}

	private LoggingEvent event(String template, Object[] arguments) {
		return new LoggingEvent(Logger.class.getName(), this.logger, Level.INFO, template, null, arguments);
	}

}
