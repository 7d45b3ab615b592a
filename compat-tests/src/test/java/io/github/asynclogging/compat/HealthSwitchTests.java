package io.github.asynclogging.compat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code asyncLogging} health contributor is switched off by the kebab-case key a user writes,
 * on this Spring Boot line's own health condition.
 */
class HealthSwitchTests {

	// Break seen failing: the contributor's condition back on the key segment "asyncLogging".
	@Test
	void kebabCaseKeySwitchesTheContributorOffAndLeavesTheStarterOn() {
		try (RunningApp app = RunningApp.start("management.health.async-logging.enabled=false")) {
			Map<String, Object> components = RunningApp.object(app.json("/actuator/health").get("components"));
			assertThat(components).as("components of /actuator/health").isNotEmpty().doesNotContainKey("asyncLogging");
			assertThat(app.get("/actuator/health/asyncLogging").statusCode()).isEqualTo(404);
			// The starter runs: the worker of the callers' queue and one per destination's lane.
			assertThat(app.measurement("async.logging.workers.alive"))
				.isEqualTo(app.bean(io.github.asynclogging.engine.AsyncLogExecutor.class).workers())
				.isGreaterThanOrEqualTo(2);
		}
	}

}
