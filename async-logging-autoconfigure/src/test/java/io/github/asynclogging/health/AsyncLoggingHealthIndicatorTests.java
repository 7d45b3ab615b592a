package io.github.asynclogging.health;

import java.time.Duration;

import io.github.asynclogging.engine.AsyncLogExecutor;
import io.github.asynclogging.engine.EventLevel;
import io.github.asynclogging.engine.EventTraits;
import io.github.asynclogging.engine.ExecutorSettings;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * UP with details while running, DOWN once stopped.
 */
class AsyncLoggingHealthIndicatorTests {

	private static final EventTraits<String> TRAITS = new EventTraits<>() {

		@Override
		public EventLevel levelOf(String event) {
			return EventLevel.INFO;
		}

		@Override
		public long createdEpochNanos(String event) {
			return 0;
		}

		@Override
		public long estimatedBytes(String event) {
			return event.length();
		}

	};

	@Test
	void upWithDetailsWhileRunningAndDownOnceStopped() {
		AsyncLogExecutor<String> executor = new AsyncLogExecutor<>(ExecutorSettings.DEFAULTS, (event) -> {
		}, TRAITS, (line) -> {
		});
		AsyncLoggingHealthIndicator indicator = new AsyncLoggingHealthIndicator(executor);
		executor.start();
		Health up = indicator.health(true);
		assertThat(up.getStatus()).isEqualTo(Status.UP);
		assertThat(up.getDetails()).containsEntry("queueCapacity", 8192)
			.containsEntry("workersAlive", 1)
			.containsKeys("queueSize", "dropped");
		executor.stop(Duration.ofSeconds(5));
		Health down = indicator.health(true);
		assertThat(down.getStatus()).isEqualTo(Status.DOWN);
		assertThat(down.getDetails()).containsEntry("reason", "the executor is stopped: logging is synchronous");
	}

}
