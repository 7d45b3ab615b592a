package io.github.asynclogging.autoconfigure;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every key refuses a bad value at start-up with a message that names the key, the value and
 * what is allowed.
 */
class InvalidPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AsyncLoggingAutoConfiguration.class));

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			queue-capacity            | -1     | a whole number between 1 and 1073741824
			queue-capacity            | 0      | a whole number between 1 and 1073741824
			queue-capacity            | 2000000000 | a whole number between 1 and 1073741824
			workers                   | 0      | a whole number between 1 and 256
			workers                   | -2     | a whole number between 1 and 256
			workers                   | 1000   | a whole number between 1 and 256
			discard.threshold         | 1.5    | a ratio above 0 and at most 1.0
			discard.threshold         | 0      | a ratio above 0 and at most 1.0
			discard.threshold         | -0.1   | a ratio above 0 and at most 1.0
			discard.threshold         | NaN    | a ratio above 0 and at most 1.0
			block-timeout             | -1ms   | a duration from 0 to 1d
			shutdown-timeout          | -5s    | a duration from 0 to 1d
			dropped-warning-interval  | -30s   | a duration from 0 to 1d
			block-timeout             | 25h    | a duration from 0 to 1d
			shutdown-timeout          | 1000000d | a duration from 0 to 1d
			dropped-warning-interval  | 1000000d | a duration from 0 to 1d
			linger                    | 1000000d | a duration from 0 (write at once) to 1s
			destinations.console.queue-capacity | 0 | a whole number between 1 and 1073741824
			destinations.console.discard.threshold | 1.5 | a ratio above 0 and at most 1.0
			destinations.console.block-timeout | 25h | a duration from 0 to 1d
			destinations.console.queue-memory | 10B | a size of at least 1KB
			""")
	void outOfRangeValueStopsStartUpNamingTheKeyTheValueAndWhatIsAllowed(String key, String value, String allowed) {
		this.runner.withPropertyValues("async-logging." + key + "=" + value).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidPropertyFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).as("failure analysis").isNotNull();
			assertThat(analysis.getDescription()).contains("async-logging." + key)
				.contains("'" + value + "'")
				.contains(allowed);
			assertThat(analysis.getAction()).contains("async-logging." + key);
		});
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			drop-policy               | sometimes
			discard.level             | loud
			queue-capacity            | lots
			queue-capacity            | 99999999999
			workers                   | 1.5
			block-timeout             | soon
			shutdown-timeout          | 10 parsecs
			discard.threshold         | high
			dropped-warning-interval  | often
			include-caller-data       | sometimes
			""")
	void unparsableValueStopsStartUpNamingTheKey(String key, String value) {
		this.runner.withPropertyValues("async-logging." + key + "=" + value).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().isNotNull();
			assertThat(messages(context.getStartupFailure()))
				.contains("Failed to bind properties under 'async-logging." + key + "'");
		});
	}

	/** A destination's settings for a name that is no destination stop start-up, listing the destinations. */
	@org.junit.jupiter.api.Test
	void settingsOfADestinationThatDoesNotExistStopStartUpListingTheDestinations() {
		this.runner.withPropertyValues("async-logging.destinations.consle.queue-capacity=100").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidPropertyFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).as("failure analysis").isNotNull();
			assertThat(analysis.getDescription()).contains("async-logging.destinations.consle")
				.contains("the name of a destination: one of ")
				.contains("console");
		});
	}

	/** A sink is named sink:<bean>; in a key, sink-<bean> (':' ends a key in a properties file). */
	@org.junit.jupiter.api.Test
	void aDestinationsSettingsApplyToItsLaneAloneWhateverTheCaseAndPunctuationOfItsName() {
		this.runner.withBean("audit", io.github.asynclogging.LogSink.class, () -> (event) -> {
		})
			.withPropertyValues("async-logging.destinations.sink-audit.queue-capacity=100",
					"async-logging.destinations.sink-audit.drop-policy=drop-oldest")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				io.github.asynclogging.engine.AsyncLogExecutor<?> executor = context
					.getBean(io.github.asynclogging.engine.AsyncLogExecutor.class);
				assertThat(executor.destinations()).anySatisfy((lane) -> {
					assertThat(lane.name()).isEqualTo("sink:audit");
					assertThat(lane.settings().queueCapacity()).isEqualTo(100);
					assertThat(lane.settings().dropPolicy())
						.isEqualTo(io.github.asynclogging.engine.DropPolicy.DROP_OLDEST);
				});
				assertThat(executor.destinations()).filteredOn((lane) -> !lane.name().equals("sink:audit"))
					.isNotEmpty()
					.allSatisfy((lane) -> assertThat(lane.settings().queueCapacity()).isEqualTo(8192));
			});
	}

	@org.junit.jupiter.api.Test
	void enabledThatIsNeitherTrueNorFalseStopsStartUpRatherThanTurningTheStarterOff() {
		this.runner.withPropertyValues("async-logging.enabled=maybe").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidPropertyFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription())
				.isEqualTo("Invalid value 'maybe' for async-logging.enabled: it must be true or false.");
		});
	}

	private static String messages(Throwable failure) {
		StringBuilder all = new StringBuilder();
		for (Throwable t = failure; t != null; t = t.getCause()) {
			all.append(t.getMessage()).append('\n');
		}
		return all.toString();
	}

}
