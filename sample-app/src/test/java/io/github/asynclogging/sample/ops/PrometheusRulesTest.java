package io.github.asynclogging.sample.ops;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.asynclogging.sample.ops.OpsFiles.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule file {@code ops/prometheus/async-logging-alerts.yml}: its structure and annotations
 * (always), {@code promtool check rules} and {@code promtool test rules} on it, and that the unit
 * tests fail when a rule is broken (when promtool is installed; skipped otherwise).
 */
class PrometheusRulesTest {

	private static final Duration PROMTOOL_TIMEOUT = Duration.ofSeconds(60);

	private static final Pattern KEY = Pattern.compile("async-logging\\.[a-z.-]*[a-z]");

	/** Where the WARN/ERROR drop alert's labels begin, the place a {@code for} would go. */
	private static final String CRITICAL_DROP_LABELS = "        labels:\n          severity: critical\n"
			+ "        annotations:\n          summary: >-\n            {{ $labels.instance }}: {{ printf";

	@Test
	void promtoolCheckRulesAcceptsTheRuleFile() throws Exception {
		Path promtool = PrometheusTools.require("promtool");
		PrometheusTools.Result result = PrometheusTools.run(OpsFiles.opsDir(), PROMTOOL_TIMEOUT,
				List.of(promtool.toString(), "check", "rules", OpsFiles.ruleFile().toString()));
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS: " + OpsFiles.rules().size() + " rules found");
	}

	@Test
	void promtoolUnitTestsPass() throws Exception {
		Path promtool = PrometheusTools.require("promtool");
		PrometheusTools.Result result = PrometheusTools.run(OpsFiles.ruleTestFile().getParent(), PROMTOOL_TIMEOUT,
				List.of(promtool.toString(), "test", "rules", OpsFiles.ruleTestFile().getFileName().toString()));
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS").doesNotContain("FAILED");
	}

	/**
	 * Each break is a plausible mistake in one rule; the unit tests must fail on it, and name that
	 * rule in their failure.
	 */
	static Stream<Arguments> brokenRules() {
		return Stream.of(
				Arguments.of("INFO drops page as critical", "AsyncLoggingImportantEventsDropped",
						"level=~\"warn|error\"", "level=~\"warn|error|info\""),
				Arguments.of("critical drop alert fires without a drop", "AsyncLoggingImportantEventsDropped",
						"level=~\"warn|error\"}[5m]) > 0", "level=~\"warn|error\"}[5m]) >= 0"),
				Arguments.of("critical drop alert waits 5 minutes", "AsyncLoggingImportantEventsDropped",
						CRITICAL_DROP_LABELS, "        for: 5m\n" + CRITICAL_DROP_LABELS),
				Arguments.of("sustained drops no longer split by reason", "AsyncLoggingEventsDropped",
						"sum without (level) (rate", "sum without (level, reason) (rate"),
				Arguments.of("sustained drops no longer split by destination", "AsyncLoggingEventsDropped",
						"sum without (level) (rate", "sum without (level, destination) (rate"),
				Arguments.of("sustained drop alert loses its 5 minutes", "AsyncLoggingEventsDropped",
						"[2m])) > 0\n        for: 5m\n", "[2m])) > 0\n"),
				Arguments.of("sustained drop alert window so long a single burst fires it", "AsyncLoggingEventsDropped",
						"rate(async_logging_events_dropped_total[2m])", "rate(async_logging_events_dropped_total[10m])"),
				Arguments.of("queue threshold lowered below 79%", "AsyncLoggingQueueNearlyFull", "> 0.8", "> 0.78"),
				Arguments.of("queue alert waits 2 minutes instead of 5", "AsyncLoggingQueueNearlyFull",
						") > 0.8\n        for: 5m", ") > 0.8\n        for: 2m"),
				Arguments.of("queue ratio inverted", "AsyncLoggingQueueNearlyFull",
						"async_logging_queue_size / ignoring (destination) group_left async_logging_queue_capacity",
						"async_logging_queue_capacity / ignoring (destination) group_left async_logging_queue_size"),
				Arguments.of("queue ratio of all destinations together, not of each", "AsyncLoggingQueueNearlyFull",
						"label_replace(async_logging_queue_size / ignoring (destination)",
						"label_replace(sum without (destination) (async_logging_queue_size) / ignoring (destination)"),
				Arguments.of("queue memory ratio inverted", "AsyncLoggingQueueNearlyFull",
						"async_logging_queue_memory_used_bytes / async_logging_queue_memory_max_bytes",
						"async_logging_queue_memory_max_bytes / async_logging_queue_memory_used_bytes"),
				Arguments.of("queue memory bound labelled as the count, so that the count hides it",
						"AsyncLoggingQueueNearlyFull", "\"bound\", \"memory\"", "\"bound\", \"events\""),
				Arguments.of("memory_full drops given the full queue's advice", "AsyncLoggingImportantEventsDropped",
						"turn shedding off.\n            {{- else if eq $labels.reason \"memory_full\" -}}",
						"turn shedding off.\n            {{- else if eq $labels.reason \"memory_fill\" -}}"),
				Arguments.of("failed counter value instead of its increase", "AsyncLoggingDestinationFailing",
						"increase(async_logging_events_failed_total[5m]) > 0", "async_logging_events_failed_total > 0"),
				Arguments.of("worker alert fires with one worker of two alive", "AsyncLoggingNoWorkerAlive",
						"async_logging_workers_alive == 0", "async_logging_workers_alive < 2"),
				Arguments.of("worker alert waits 3 minutes", "AsyncLoggingNoWorkerAlive",
						"async_logging_workers_alive == 0\n        for: 1m", "async_logging_workers_alive == 0\n        for: 3m"),
				Arguments.of("drop ratio loses the application label",
						"application_instance:async_logging_events_dropped:ratio_rate5m",
						"          sum by (application, instance) (rate(async_logging_events_dropped_total[5m]))\n            /",
						"          sum by (instance) (rate(async_logging_events_dropped_total[5m]))\n            /"),
				Arguments.of("drop ratio over delivered instead of routed",
						"application_instance:async_logging_events_dropped:ratio_rate5m",
						"/ sum by (application, instance) (rate(async_logging_events_routed_total[5m]))",
						"/ sum by (application, instance) (rate(async_logging_events_delivered_total[5m]))"),
				Arguments.of("drop ratio over submitted instead of routed, as if each event had one destination",
						"application_instance:async_logging_events_dropped:ratio_rate5m",
						"/ sum by (application, instance) (rate(async_logging_events_routed_total[5m]))",
						"/ sum by (application, instance) (rate(async_logging_events_submitted_total[5m]))"),
				Arguments.of("destination's drop ratio over every destination's events",
						"application_instance_destination:async_logging_events_dropped:ratio_rate5m",
						"/ sum by (application, instance, destination) (rate(async_logging_events_routed_total[5m]))",
						"/ on (application, instance) group_left sum by (application, instance)"
								+ " (rate(async_logging_events_routed_total[5m]))"),
				Arguments.of("summary without the number", "AsyncLoggingImportantEventsDropped",
						"{{ $labels.instance }}: {{ printf \"%.0f\" $value }} {{ $labels.level | toUpper }}",
						"{{ $labels.instance }}: some {{ $labels.level | toUpper }}"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("brokenRules")
	void unitTestsFailWhenARuleIsBroken(String mistake, String rule, String original, String broken,
			@TempDir Path dir) throws Exception {
		Path promtool = PrometheusTools.require("promtool");
		String rules = Files.readString(OpsFiles.ruleFile());
		assertThat(rules.split(Pattern.quote(original), -1)).as("'%s' occurs once in the rule file", original)
			.hasSize(2);
		Files.writeString(dir.resolve(OpsFiles.ruleFile().getFileName()), rules.replace(original, broken));
		Files.copy(OpsFiles.ruleTestFile(), dir.resolve(OpsFiles.ruleTestFile().getFileName()));
		PrometheusTools.Result result = PrometheusTools.run(dir, PROMTOOL_TIMEOUT,
				List.of(promtool.toString(), "test", "rules", OpsFiles.ruleTestFile().getFileName().toString()));
		assertThat(result.exitCode()).as("promtool test rules with '%s'", mistake).isNotZero();
		assertThat(result.output()).contains("FAILED").contains(rule);
	}

	@Test
	void everyAlertHasASeverityASummaryAndADescriptionWithItsNumbers() {
		assertThat(OpsFiles.alerts()).hasSize(5).allSatisfy((alert) -> {
			assertThat(alert.labels()).as(alert.alert()).containsKey("severity");
			assertThat(alert.labels().get("severity")).as(alert.alert()).isIn("critical", "warning");
			assertThat(alert.annotations()).as(alert.alert()).containsOnlyKeys("summary", "description");
			assertThat(alert.annotations().get("summary")).as(alert.alert()).contains("$labels.instance");
			assertThat(alert.annotations().get("description")).as(alert.alert())
				.contains("$value")
				.contains("$labels.instance");
		});
	}

	@Test
	void everyAlertSaysWhichKeyToChangeAndNamesOnlyRealKeys() throws IOException {
		Set<String> keys = configurationKeys();
		assertThat(keys).contains("async-logging.queue-capacity");
		for (Rule alert : OpsFiles.alerts()) {
			String description = alert.annotations().get("description");
			List<String> named = new ArrayList<>();
			Matcher matcher = KEY.matcher(description);
			while (matcher.find()) {
				named.add(matcher.group());
			}
			assertThat(keys).as("keys named by %s", alert.alert()).containsAll(named);
			if (!description.contains("No async-logging key fixes this")) {
				assertThat(named).as("keys named by %s", alert.alert()).isNotEmpty();
			}
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void everyAlertHasAUnitTestThatFiresItAndOneThatMustNot() {
		Set<String> fired = new TreeSet<>();
		Set<String> quiet = new TreeSet<>();
		Set<String> recordsTested = new TreeSet<>();
		for (Map<String, Object> test : (List<Map<String, Object>>) OpsFiles.yaml(OpsFiles.ruleTestFile())
			.get("tests")) {
			for (Map<String, Object> alertTest : (List<Map<String, Object>>) test.getOrDefault("alert_rule_test",
					List.of())) {
				List<?> expected = (List<?>) alertTest.get("exp_alerts");
				((expected == null || expected.isEmpty()) ? quiet : fired).add((String) alertTest.get("alertname"));
			}
			for (Map<String, Object> exprTest : (List<Map<String, Object>>) test.getOrDefault("promql_expr_test",
					List.of())) {
				recordsTested.add((String) exprTest.get("expr"));
			}
		}
		List<String> alerts = OpsFiles.alerts().stream().map(Rule::alert).toList();
		assertThat(fired).as("alerts some test fires").containsExactlyInAnyOrderElementsOf(alerts);
		assertThat(quiet).as("alerts some test expects not to fire").containsExactlyInAnyOrderElementsOf(alerts);
		assertThat(recordsTested).as("recording rules tested")
			.containsExactlyInAnyOrderElementsOf(OpsFiles.recordingRules().stream().map(Rule::record).toList());
	}

	@Test
	void everyAlertExpressionComparesToAThreshold() {
		// The real-Prometheus test queries each alert without its threshold to see the series answer.
		assertThat(OpsFiles.alerts())
			.allSatisfy((alert) -> assertThat(PromQl.withoutThreshold(alert.expr())).isNotBlank());
	}

	private static Set<String> configurationKeys() throws IOException {
		Set<String> keys = new TreeSet<>();
		Enumeration<URL> resources = PrometheusRulesTest.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json");
		while (resources.hasMoreElements()) {
			try (InputStream in = resources.nextElement().openStream()) {
				for (JsonNode property : OpsFiles.JSON.readTree(in).path("properties")) {
					String name = property.path("name").asString();
					if (name.startsWith("async-logging.")) {
						keys.add(name);
					}
				}
			}
		}
		return keys;
	}

}
