package io.github.asynclogging.sample.ops;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 * {@code ops/prometheus/async-logging-alerts.yml} loaded, the sample's slowed {@code LogSink} and bursts
 * of WARN and ERROR events make its lane drop while {@code CONSOLE}, which keeps up, drops nothing, and
 * every expression of the rules and the dashboard is asked of Prometheus' HTTP API. Skipped when
 * {@code prometheus} is not on the PATH.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RealPrometheusTest {

	private static final String IMPORTANT_DROPS = "AsyncLoggingImportantEventsDropped";

	/** The sample's {@code LogSink} bean, {@code slowSink}, as a destination. */
	private static final String SINK = "sink:slowSink";

	/** The queue fill ratio of each destination, as the queue alert and the dashboard compute it. */
	private static final String QUEUE_FILL = "async_logging_queue_size / ignoring (destination) group_left"
			+ " async_logging_queue_capacity";

	private static final String QUEUE_ABOVE_80_PERCENT = "max_over_time((" + QUEUE_FILL + ")[1m:1s]) > 0.8";

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
			// A small queue: the sink's lane fills in seconds once the sink is slow. The queue callers write
			// to and CONSOLE's lane have that capacity too; the bursts below are a fifth of it, so that they
			// hold them whole and only the slow sink drops (CONSOLE keeps up: its output is off).
			this.app = RunningSampleApp.start("--async-logging.queue-capacity=1024");
			this.prometheus = PrometheusServer.start(binary, dir, this.app.target(), this.app.applicationName(),
					OpsFiles.ruleFile());
			// Steady INFO traffic for the whole test, delivered while the destination is fast.
			this.app.post("/traffic?rate=500&seconds=120");
			await("delivered events seen by Prometheus").atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> !this.prometheus.query("rate(async_logging_events_delivered_total[5s]) > 0").isEmpty());
			// 5 ms per event: the sink's worker writes about 190/s (docs/operating.md, sizing guide), less
			// than the 500/s offered, so its lane fills and INFO is shed above 80%; the WARN and ERROR bursts,
			// repeated until a scrape has seen both dropped for the sink, find it full.
			this.app.put("/destination/delay?millis=5");
			await("WARN and ERROR drops of " + SINK + " scraped").atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> {
					this.app.post("/log?count=200&level=warn");
					this.app.post("/log?count=20&level=error");
					return this.prometheus
						.query("count(async_logging_events_dropped_total{destination=\"" + SINK
								+ "\",level=~\"warn|error\",reason=\"queue_full\"} > 0) == 2")
						.size() == 1;
				});
			// INFO shedding holds the sink's lane at 80%, and a burst lifts it above only until the worker
			// drains it: at 20 ms per event the ~200 WARN events above the line take 4 s, so a 1 s scrape
			// sees it whatever its phase against the bursts (at 5 ms, one second, it could miss every
			// one). WARN bursts go on until a scrape has seen it above.
			this.app.put("/destination/delay?millis=20");
			await("queue of " + SINK + " above 80% scraped").atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofSeconds(1))
				.until(() -> {
					this.app.post("/log?count=200&level=warn");
					return !this.prometheus.query(QUEUE_ABOVE_80_PERCENT).isEmpty();
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
		Map<String, Double> byDestination = new TreeMap<>();
		for (JsonNode sample : assertAnswers("drop ratio by destination",
				"application_instance_destination:async_logging_events_dropped:ratio_rate5m")) {
			byDestination.put(sample.path("metric").path("destination").asString(), value(sample));
		}
		assertThat(byDestination).as("drop ratio by destination").containsOnlyKeys("CONSOLE", SINK);
		assertThat(byDestination.get(SINK)).as("drop ratio of the slow sink").isGreaterThan(0).isLessThanOrEqualTo(1);
		assertThat(byDestination.get("CONSOLE")).as("drop ratio of CONSOLE, which keeps up").isZero();
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
			assertThat(sample.path("metric").path("destination").asString()).isEqualTo(SINK);
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
			assertThat(fired.path("labels").path("destination").asString()).isEqualTo(SINK);
			assertThat(fired.path("annotations").path("summary").asString()).matches(Pattern.quote(this.app.target())
					+ ": [1-9][0-9]* (WARN|ERROR) log events dropped for " + Pattern.quote(SINK)
					+ " in 5 minutes \\(reason queue_full\\)");
		}
	}

	@Test
	void theQueueOfTheSlowSinkAloneWentAboveEightyPercent() throws Exception {
		JsonNode above = assertAnswers("queue fill above 80% in the last minute", QUEUE_ABOVE_80_PERCENT);
		assertThat(above.valueStream().map((sample) -> sample.path("metric").path("destination").asString()))
			.as("destinations whose queue went above 80%")
			.containsExactly(SINK);
	}

	@Test
	void everyDashboardQueryAnswersFromTheRealScrape() throws Exception {
		Map<String, String> variables = dashboardVariables();
		for (PanelQuery query : OpsFiles.panelQueries(OpsFiles.dashboard())) {
			assertAnswers(query.toString(), PromQl.substitute(query.expr(), variables));
		}
	}

	@Test
	void dashboardVariablesFindTheApplicationTheInstanceAndTheDestinations() throws Exception {
		Map<String, List<String>> expected = Map.of("application", List.of(this.app.applicationName()), "instance",
				List.of(this.app.target()), "destination", List.of("CONSOLE", SINK));
		Set<String> checked = new TreeSet<>();
		for (JsonNode variable : OpsFiles.dashboard().path("templating").path("list")) {
			if (!"query".equals(variable.path("type").asString())) {
				continue;
			}
			Matcher matcher = LABEL_VALUES.matcher(variable.path("query").asString());
			assertThat(matcher.matches()).as(variable.path("query").asString()).isTrue();
			String selector = PromQl.substitute(matcher.group(1), dashboardVariables());
			JsonNode values = this.prometheus.labelValues(matcher.group(2), selector);
			String name = variable.path("name").asString();
			assertThat(expected).as("query variables this test knows").containsKey(name);
			assertThat(values.values()).extracting(JsonNode::asString)
				.as("values of %s", name)
				.containsAll(expected.get(name));
			checked.add(name);
		}
		assertThat(checked).containsExactlyInAnyOrderElementsOf(expected.keySet());
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
		variables.put("destination", ".*");
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
