package io.github.asynclogging.compat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A bad value stops the application before it serves anything, with the failure analysis that
 * Spring Boot prints at start-up on this line.
 */
@ExtendWith(OutputCaptureExtension.class)
class BadValueAtStartUpTests {

	@Test
	void outOfRangeValueIsRefusedWithOurAnalysis(CapturedOutput output) {
		assertThatException().isThrownBy(() -> RunningApp.start("async-logging.queue-capacity=-1").close());
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Invalid value '-1' for async-logging.queue-capacity: it must be a whole number between 1 and")
			.contains("Set async-logging.queue-capacity to");
	}

	/** Spring's converters turn an empty duration into no value: the key is left unbound on every line. */
	@Test
	void emptyValueIsRefusedAsInvalidNotAsAnUnknownKey(CapturedOutput output) {
		assertThatException().isThrownBy(() -> RunningApp.start("async-logging.linger=").close());
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Invalid value '' for async-logging.linger: it must be a duration from 0")
			.doesNotContain("Unknown key");
	}

	@Test
	void unknownPolicyIsRefusedWithSpringBootsBindAnalysis(CapturedOutput output) {
		assertThatException().isThrownBy(() -> RunningApp.start("async-logging.drop-policy=sometimes").close());
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Failed to bind properties under 'async-logging.drop-policy'")
			.contains("sometimes");
	}

}
