package io.github.asynclogging.logback;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.status.Status;
import io.github.asynclogging.engine.AsyncLogExecutor;
import io.github.asynclogging.engine.DropPolicy;
import io.github.asynclogging.engine.EventLevel;
import io.github.asynclogging.engine.ExecutorSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Messages and arguments a caller should not pass but will, through the bridge to a real encoder:
 * each is written, or its fault reported, and the worker goes on with the next event. Most are
 * rendered on the caller's thread; a key-value pair is rendered by the encoder, on the worker.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BadInputTests {

	private static final String ONE_MEBIBYTE = "m".repeat(1 << 20);

	private static final String PATTERN = "%5p [%t] %logger : %m [%kvp]%n";

	private final LoggerContext context = new LoggerContext();

	private final TextAppender out = new TextAppender(this.context, "OUT", PATTERN);

	private LogbackBridge bridge;

	private AsyncLogExecutor<ILoggingEvent> executor;

	@BeforeEach
	void start() {
		this.context.setMDCAdapter(new LogbackMDCAdapter());
		this.context.start();
		this.out.start();
		this.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(this.out);
		this.bridge = Bridges.bridge(this.context, "bad-input-worker-", List.of(), BridgeOptions.DEFAULTS);
		this.executor = this.bridge.executor();
		this.bridge.start();
	}

	@AfterEach
	void stop() {
		this.bridge.stop(Duration.ofSeconds(10));
		this.context.stop();
	}

	/** What becomes of the bad event; the event logged after it is written every time. */
	enum Outcome {

		/** Written, with what Logback makes of the bad part. */
		WRITTEN,

		/**
		 * Written by Logback on the caller's thread: a call with no message, arguments or throwable
		 * reaches the turbo filters exactly as a level query ({@code isInfoEnabled()}) does, and is
		 * answered as one.
		 */
		WRITTEN_BY_LOGBACK,

		/** The appender caught its own exception and reported it in Logback's status; the executor delivered it. */
		REPORTED_BY_THE_APPENDER,

		/** An {@link Error} escaped the appender: counted as failed, the worker goes on. */
		FAILED

	}

	static Stream<Arguments> badInputs() {
		return Stream.of(
				Arguments.of("a message of 1 MiB", (Consumer<Logger>) (logger) -> logger.info(ONE_MEBIBYTE),
						Outcome.WRITTEN, "app : " + ONE_MEBIBYTE + " []"),
				Arguments.of("a null message", (Consumer<Logger>) (logger) -> logger.info((String) null),
						Outcome.WRITTEN_BY_LOGBACK, "app : null []"),
				Arguments.of("a null argument array",
						(Consumer<Logger>) (logger) -> logger.info("arguments {} and {}", (Object[]) null),
						Outcome.WRITTEN, "app : arguments {} and {} []"),
				Arguments.of("an argument whose toString() throws an exception",
						(Consumer<Logger>) (logger) -> logger.info("argument {}", new ToStringThrows(false)),
						Outcome.WRITTEN, "app : argument [FAILED toString()] []"),
				Arguments.of("an argument whose toString() throws an Error",
						(Consumer<Logger>) (logger) -> logger.info("argument {}", new ToStringThrows(true)),
						Outcome.WRITTEN, "app : argument [FAILED toString()] []"),
				Arguments.of("a throwable whose message is null",
						(Consumer<Logger>) (logger) -> logger.warn("failed", new IllegalStateException()),
						Outcome.WRITTEN, "app : failed []" + System.lineSeparator() + "java.lang.IllegalStateException"),
				Arguments.of("a key-value pair whose toString() throws an exception",
						(Consumer<Logger>) (logger) -> logger.atInfo()
							.addKeyValue("order", new ToStringThrows(false))
							.log("with a key-value pair"),
						Outcome.REPORTED_BY_THE_APPENDER, null),
				Arguments.of("a key-value pair whose toString() throws an Error",
						(Consumer<Logger>) (logger) -> logger.atInfo()
							.addKeyValue("order", new ToStringThrows(true))
							.log("with a key-value pair"),
						Outcome.FAILED, null));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badInputs")
	void badInputIsWrittenOrReportedAndTheWorkerGoesOn(String input, Consumer<Logger> logBadInput, Outcome outcome,
			String expectedText) {
		Logger logger = this.context.getLogger("app");
		logBadInput.accept(logger);
		logger.info("the event after it");
		long captured = (outcome == Outcome.WRITTEN_BY_LOGBACK) ? 1 : 2;
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.executor.delivered() + this.executor.failed()
					+ this.executor.dropped()).as("delivered + failed + dropped").isEqualTo(captured));
		assertThat(this.executor.submitted()).isEqualTo(captured);
		assertThat(this.executor.workersAlive()).isEqualTo(this.executor.workers()).isEqualTo(1);
		String text = this.out.text();
		assertThat(text.lines().toList()).last().asString().endsWith("app : the event after it []");
		switch (outcome) {
			case WRITTEN -> {
				assertThat(this.executor.delivered()).as("delivered").isEqualTo(2);
				assertThat(text).as("what the encoder wrote").contains(expectedText);
			}
			case WRITTEN_BY_LOGBACK -> {
				assertThat(this.executor.delivered()).as("delivered").isEqualTo(1);
				assertThat(text).as("what the encoder wrote").contains(expectedText);
			}
			case REPORTED_BY_THE_APPENDER -> {
				assertThat(this.executor.delivered()).as("delivered").isEqualTo(2);
				assertThat(text.lines()).as("lines written").hasSize(1);
				assertThat(this.context.getStatusManager().getCopyOfStatusList())
					.anySatisfy((status) -> {
						assertThat(status.getLevel()).isEqualTo(Status.ERROR);
						assertThat(status.getMessage()).contains("Appender [OUT] failed to append");
					});
			}
			case FAILED -> {
				assertThat(this.executor.failed()).as("failed").isEqualTo(1);
				assertThat(this.executor.delivered()).as("delivered").isEqualTo(1);
				assertThat(this.executor.lastFailure()).isInstanceOf(StackOverflowError.class);
				assertThat(text.lines()).as("lines written").hasSize(1);
			}
		}
	}

	/** An argument whose rendering fails, as a half-initialised or proxied object's may. */
	private static final class ToStringThrows {

		private final boolean error;

		ToStringThrows(boolean error) {
			this.error = error;
		}

		@Override
		public String toString() {
			if (this.error) {
				throw new StackOverflowError("toString() recursed");
			}
			throw new IllegalStateException("toString() of a half-initialised object");
		}

	}

}
