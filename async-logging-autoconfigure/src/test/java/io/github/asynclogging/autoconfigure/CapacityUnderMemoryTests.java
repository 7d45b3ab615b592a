package io.github.asynclogging.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 24, point 4: a {@code queue-capacity} set explicitly that {@code queue-memory} cannot hold at a
 * small event's size is said at start-up, once, with the size to set; one that fits, or the default
 * capacity, is not.
 */
@ExtendWith(OutputCaptureExtension.class)
class CapacityUnderMemoryTests {

	private static final String UNREACHABLE = "async-logging.queue-capacity=200000 cannot be reached";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AsyncLoggingAutoConfiguration.class));

	// Break seen failing: no such warning (the code of 49dc1dd).
	@Test
	void anExplicitCapacityTheMemoryBoundCannotHoldIsSaidAtStartUp(CapturedOutput output) {
		this.runner.withPropertyValues("async-logging.queue-capacity=200000", "async-logging.queue-memory=16MB")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output.getOut().split(UNREACHABLE, -1)).as("lines that say it").hasSize(2);
		assertThat(output).contains("async-logging.queue-memory (16 MB) holds about")
			.contains("Set async-logging.queue-memory to ");
	}

	@Test
	void anExplicitCapacityThatFitsIsNotSaid(CapturedOutput output) {
		this.runner.withPropertyValues("async-logging.queue-capacity=20000", "async-logging.queue-memory=16MB")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).doesNotContain("cannot be reached");
	}

	@Test
	void theDefaultCapacityIsNotHeldAgainstASmallBound(CapturedOutput output) {
		this.runner.withPropertyValues("async-logging.queue-memory=1MB")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).doesNotContain("cannot be reached");
	}

}
