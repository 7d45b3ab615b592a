package io.github.asynclogging.sample.ops;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.asynclogging.sample.ops.OpsFiles.PanelQuery;
import io.github.asynclogging.sample.ops.OpsFiles.Rule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The rule file and the dashboard against the real thing: the sample app runs, a real Prometheus
 * (Debian's {@code prometheus} package) scrapes its {@code /actuator/prometheus} every second with
 * {@code ops/prometheus/async-logging-alerts.yml} loaded, a slowed destination and a burst of WARN
 * and ERROR events make it drop, and every expression of the rules and the dashboard is asked of
 * Prometheus' HTTP API. Skipped when {@code prometheus} is not on the PATH.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RealPrometheusTest {

	private static final String IMPORTANT_DROPS = "AsyncLoggingImportantEventsDropped";

	private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+), (\\w+)\\)");

	private RunningSampleApp app;

	private PrometheusServer prometheus;

	@BeforeAll
	@Timeout(value = 90, unit = TimeUnit.SECONDS)
	void runTheAppUnderPrometheusAndMakeItDrop(@TempDir Path dir) throws Exception {
		if (PrometheusTools.find("prometheus").isEmpty()) {
			// Each test then reports itself skipped, with how to install it, in prometheusIsInstalled().
			return;
		}
		Path binary = PrometheusTools.require("prometheus");
		try {
			// A small queue fills in a fraction of a second once the destination is slow.
			this.app = RunningSampleApp.start("--async-logging.queue-capacity=512");
			this.prometheus = PrometheusServer.start(binary, dir, this.app.target(), this.app.applicationName(),
					OpsFiles.ruleFile());
			// Steady INFO traffic for the whole test, delivered while the destination is fast.
			this.app.post("/traffic?rate=500&seconds=120");
			await("delivered events seen by Prometheus").atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> !this.prometheus.query("rate(async_logging_events_delivered_total[5s]) > 0").isEmpty());
			// 5 ms per event: one worker drains about 190/s (docs/operating.md, sizing guide), less than the
			// 500/s offered, so the queue fills and INFO is shed above 80%; the WARN and ERROR bursts
			// find it full.
			this.app.put("/destination/delay?millis=5");
			this.app.post("/log?count=3000&level=warn");
			this.app.post("/log?count=300&level=error");
			await("WARN and ERROR drops scraped").atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> this.prometheus
					.query("count(async_logging_events_dropped_total{level=~\"warn|error\",reason=\"queue_full\"} > 0)"
							+ " == 2")
					.size() == 1);
			// INFO shedding holds the queue at 80%, and a burst lifts it above only until the worker
			// drains it: at 20 ms per event the ~100 WARN events above the line take 2 s, so a 1 s scrape
			// sees it whatever its phase against the bursts (at 5 ms, half a second, it could miss
			// every one). WARN bursts go on until a scrape has seen it above.
			this.app.put("/destination/delay?millis=20");
			await("queue above 80% scraped").atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofSeconds(1))
				.until(() -> {
					this.app.post("/log?count=600&level=warn");
					return !this.prometheus
						.query("max_over_time((async_logging_queue_size / async_logging_queue_capacity)[1m:1s]) > 0.8")
						.isEmpty();
				});
		}
		catch (Throwable failure) {
			String log = (this.prometheus != null) ? "\nPrometheus log:\n" + this.prometheus.log() : "";
			stopEverything();
			throw new AssertionError("Could not set up the app under Prometheus: " + failure + log, failure);
		}
	}

	@AfterAll
	void stopEverything() throws Exception {
		try {
			if (this.prometheus != null) {
				this.prometheus.close();
				this.prometheus = null;
			}
		}
		finally {
			if (this.app != null) {
				try {
					// Lets the queue drain at once on close.
					this.app.put("/destination/delay?millis=0");
				}
				finally {
					this.app.close();
					this.app = null;
				}
			}
		}
	}

	@BeforeEach
	void prometheusIsInstalled() {
		PrometheusTools.require("prometheus");
	}

	@Test
	void prometheusLoadsTheRuleFileAndScrapesTheApp() throws Exception {
		JsonNode groups = this.prometheus.api("/api/v1/rules").path("groups");
		Set<String> loaded = new TreeSet<>();
		for (JsonNode group : groups) {
			for (JsonNode rule : group.path("rules")) {
				loaded.add(rule.path("name").asString());
				assertThat(rule.path("health").asString()).as("%s: %s", rule.path("name"), rule.path("lastError"))
					.isEqualTo("ok");
			}
		}
		assertThat(loaded).containsExactlyInAnyOrderElementsOf(OpsFiles.rules().stream().map(Rule::name).toList());
		JsonNode targets = this.prometheus.api("/api/v1/targets").path("activeTargets");
		assertThat(targets.size()).isEqualTo(1);
		assertThat(targets.get(0).path("health").asString()).as(targets.get(0).path("lastError").asString())
			.isEqualTo("up");
	}

	@Test
	void everyRecordingRuleAnswersFromTheRealScrape() throws Exception {
		for (Rule rule : OpsFiles.recordingRules()) {
			assertAnswers(rule.record() + " expression", rule.expr());
			JsonNode recorded = assertAnswers(rule.record(), rule.record());
			assertThat(recorded.get(0).path("metric").path("application").asString())
				.isEqualTo(this.app.applicationName());
			assertThat(recorded.get(0).path("metric").path("instance").asString()).isEqualTo(this.app.target());
		}
		JsonNode ratio = assertAnswers("drop ratio", "application_instance:async_logging_events_dropped:ratio_rate5m");
		assertThat(value(ratio.get(0))).as("drop ratio after the induced drops")
			.isGreaterThan(0)
			.isLessThanOrEqualTo(1);
	}

	@Test
	void everyAlertExpressionAnswersFromTheRealScrape() throws Exception {
		for (Rule alert : OpsFiles.alerts()) {
			assertAnswers(alert.alert() + " without its threshold", PromQl.withoutThreshold(alert.expr()));
		}
	}

	@Test
	void theImportantDropAlertExpressionIsNonZeroAfterTheInducedDropsAndTheAlertFires() throws Exception {
		Rule alert = OpsFiles.alerts()
			.stream()
			.filter((rule) -> rule.alert().equals(IMPORTANT_DROPS))
			.findFirst()
			.orElseThrow();
		JsonNode result = assertAnswers(IMPORTANT_DROPS, alert.expr());
		Set<String> levels = new TreeSet<>();
		for (JsonNode sample : result) {
			assertThat(value(sample)).isGreaterThan(0);
			assertThat(sample.path("metric").path("reason").asString()).isEqualTo("queue_full");
			levels.add(sample.path("metric").path("level").asString());
		}
		assertThat(levels).containsExactlyInAnyOrder("warn", "error");
		// Evaluated every second, without a 'for': firing within a few evaluations.
		await(IMPORTANT_DROPS + " firing for warn and error").atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> firing(IMPORTANT_DROPS).size() == 2);
		JsonNode firing = firing(IMPORTANT_DROPS);
		for (JsonNode fired : firing) {
			assertThat(fired.path("labels").path("severity").asString()).isEqualTo("critical");
			assertThat(fired.path("labels").path("application").asString()).isEqualTo(this.app.applicationName());
			assertThat(fired.path("annotations").path("summary").asString()).matches(Pattern.quote(this.app.target())
					+ ": [1-9][0-9]* (WARN|ERROR) log events dropped in 5 minutes \\(reason queue_full\\)");
		}
	}

	@Test
	void theQueueWentAboveEightyPercentWhileTheDestinationWasSlow() throws Exception {
		assertAnswers("queue fill above 80% in the last minute",
				"max_over_time((async_logging_queue_size / async_logging_queue_capacity)[1m:1s]) > 0.8");
	}

	@Test
	void everyDashboardQueryAnswersFromTheRealScrape() throws Exception {
		Map<String, String> variables = dashboardVariables();
		for (PanelQuery query : OpsFiles.panelQueries(OpsFiles.dashboard())) {
			assertAnswers(query.toString(), PromQl.substitute(query.expr(), variables));
		}
	}

	@Test
	void dashboardVariablesFindTheApplicationAndTheInstance() throws Exception {
		Map<String, String> expected = Map.of("application", this.app.applicationName(), "instance", this.app.target());
		for (JsonNode variable : OpsFiles.dashboard().path("templating").path("list")) {
			if (!"query".equals(variable.path("type").asString())) {
				continue;
			}
			Matcher matcher = LABEL_VALUES.matcher(variable.path("query").asString());
			assertThat(matcher.matches()).as(variable.path("query").asString()).isTrue();
			String selector = PromQl.substitute(matcher.group(1), dashboardVariables());
			JsonNode values = this.prometheus.labelValues(matcher.group(2), selector);
			assertThat(values.values()).extracting(JsonNode::asString)
				.as("values of %s", variable.path("name").asString())
				.contains(expected.get(variable.path("name").asString()));
		}
	}

	@Test
	void rulesAndDashboardNameOnlySeriesTheAppExports() throws Exception {
		Set<String> scraped = new TreeSet<>();
		this.prometheus.api("/api/v1/label/__name__/values?match[]="
				+ PrometheusServer.encode("{job=\"" + PrometheusServer.JOB + "\"}"))
			.values()
			.forEach((name) -> scraped.add(name.asString()));
		for (Rule rule : OpsFiles.rules()) {
			assertThat(PromQl.metricNames(rule.expr())).as(rule.name()).isNotEmpty().allSatisfy((name) -> {
				assertThat(name).startsWith("async_logging_");
				assertThat(scraped).contains(name);
			});
		}
		for (PanelQuery query : OpsFiles.panelQueries(OpsFiles.dashboard())) {
			assertThat(PromQl.metricNames(query.expr())).as(query.toString()).isNotEmpty().allSatisfy((name) -> {
				assertThat(name).startsWith("async_logging_");
				assertThat(scraped).contains(name);
			});
		}
	}

	private Map<String, String> dashboardVariables() {
		Map<String, String> variables = new LinkedHashMap<>();
		variables.put("__rate_interval", "10s");
		variables.put("application", this.app.applicationName());
		variables.put("instance", this.app.target());
		return variables;
	}

	private JsonNode assertAnswers(String what, String promql) throws Exception {
		JsonNode result = this.prometheus.query(promql);
		assertThat(result.isArray() && !result.isEmpty()).as("%s answers from the real scrape: %s", what, promql)
			.isTrue();
		return result;
	}

	private JsonNode firing(String alertname) throws Exception {
		JsonNode alerts = this.prometheus.api("/api/v1/alerts").path("alerts");
		return OpsFiles.JSON.valueToTree(alerts.valueStream()
			.filter((alert) -> alertname.equals(alert.path("labels").path("alertname").asString()))
			.filter((alert) -> "firing".equals(alert.path("state").asString()))
			.toList());
	}

	private static double value(JsonNode sample) {
		return Double.parseDouble(sample.path("value").get(1).asString());
	}

}
