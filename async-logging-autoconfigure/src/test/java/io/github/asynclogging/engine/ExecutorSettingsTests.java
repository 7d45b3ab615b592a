package io.github.asynclogging.engine;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ExecutorSettingsTests {

	private final ExecutorSettings configured = new ExecutorSettings(100, 3, DropPolicy.BLOCK, Duration.ofMillis(7),
			EventLevel.WARN, 0.5, Duration.ofSeconds(3), Duration.ofMillis(1), 4096, "configured-");

	@Test
	void aLanesShareOfMemoryKeepsEveryOtherSetting() {
		assertThat(this.configured.withQueueMemory(2048))
			.isEqualTo(new ExecutorSettings(100, 3, DropPolicy.BLOCK, Duration.ofMillis(7), EventLevel.WARN, 0.5,
					Duration.ofSeconds(3), Duration.ofMillis(1), 2048, "configured-"));
	}

	@Test
	void aLanesThreadNamesKeepEveryOtherSetting() {
		assertThat(this.configured.withThreadNamePrefix("configured-FILE-"))
			.isEqualTo(new ExecutorSettings(100, 3, DropPolicy.BLOCK, Duration.ofMillis(7), EventLevel.WARN, 0.5,
					Duration.ofSeconds(3), Duration.ofMillis(1), 4096, "configured-FILE-"));
	}

	@Test
	void aShareBelowWhatQueueMemoryAllowsIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.configured.withQueueMemory(1023))
			.withMessage(ExecutorSettings.QUEUE_MEMORY_ALLOWED);
	}

}
