package io.github.asynclogging.sample.ops;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.asynclogging.sample.ops.OpsFiles.PanelQuery;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The structure of {@code ops/grafana/async-logging-dashboard.json}, as Grafana's import needs it.
 * That every query answers from a real scrape is {@link RealPrometheusTest}'s part.
 */
class GrafanaDashboardTest {

	private static final String DATASOURCE = "${datasource}";

	private static final Pattern SELECTOR = Pattern.compile("\\{([^}]*)}");

	private static final String FILTER = "{application=~\"$application\", instance=~\"$instance\"}";

	private final JsonNode dashboard = OpsFiles.dashboard();

	@Test
	void isADashboardWithASchemaVersion() {
		assertThat(this.dashboard.isObject()).isTrue();
		assertThat(this.dashboard.path("schemaVersion").isInt()).as("schemaVersion is a number").isTrue();
		assertThat(this.dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
		assertThat(this.dashboard.path("title").asString()).isNotBlank();
		assertThat(this.dashboard.path("uid").asString()).isNotBlank();
		assertThat(this.dashboard.path("panels").size()).isPositive();
	}

	@Test
	void choosesItsPrometheusDataSourceThroughTheDatasourceVariable() {
		JsonNode datasource = variable("datasource");
		assertThat(datasource.path("type").asString()).isEqualTo("datasource");
		assertThat(datasource.path("query").asString()).isEqualTo("prometheus");
		for (JsonNode panel : this.dashboard.path("panels")) {
			String title = panel.path("title").asString();
			assertThat(panel.path("datasource").path("uid").asString()).as(title).isEqualTo(DATASOURCE);
			assertThat(panel.path("targets").size()).as(title).isPositive();
			for (JsonNode target : panel.path("targets")) {
				assertThat(target.path("datasource").path("uid").asString()).as(title).isEqualTo(DATASOURCE);
			}
		}
	}

	@Test
	void hasApplicationAndInstanceVariablesFromTheStartersSeries() {
		for (String name : List.of("application", "instance")) {
			JsonNode variable = variable(name);
			assertThat(variable.path("type").asString()).as(name).isEqualTo("query");
			assertThat(variable.path("datasource").path("uid").asString()).as(name).isEqualTo(DATASOURCE);
			assertThat(variable.path("query").asString()).as(name)
				.matches("label_values\\(async_logging_[a-z_]+(\\{.*})?, " + name + "\\)");
			assertThat(variable.path("includeAll").asBoolean()).as(name).isTrue();
			assertThat(variable.path("allValue").asString()).as(name).isEqualTo(".*");
		}
	}

	@Test
	void hasADestinationVariableFromTheStartersSeries() {
		JsonNode variable = variable("destination");
		assertThat(variable.path("type").asString()).isEqualTo("query");
		assertThat(variable.path("datasource").path("uid").asString()).isEqualTo(DATASOURCE);
		assertThat(variable.path("query").asString())
			.matches("label_values\\(async_logging_[a-z_]+(\\{.*})?, destination\\)");
		assertThat(variable.path("includeAll").asBoolean()).isTrue();
		assertThat(variable.path("allValue").asString()).isEqualTo(".*");
	}

	/** The series that have a {@code destination} label are shown for the destinations chosen. */
	@Test
	void everySeriesOfADestinationIsFilteredByTheDestinationVariable() {
		Pattern perDestination = Pattern.compile("(async_logging_(?:events_(?:routed|delivered|dropped|failed)_total"
				+ "|queue_size|delivery_latency_seconds_bucket))\\{([^}]*)}");
		int count = 0;
		for (PanelQuery query : OpsFiles.panelQueries(this.dashboard)) {
			Matcher selectors = perDestination.matcher(query.expr());
			while (selectors.find()) {
				count++;
				assertThat(selectors.group(2)).as("%s in %s", selectors.group(1), query)
					.contains("destination=~\"$destination\"");
			}
		}
		assertThat(count).as("selectors of series by destination").isPositive();
	}

	@Test
	void everyQueryIsFilteredByApplicationAndInstance() {
		assertThat(OpsFiles.panelQueries(this.dashboard)).allSatisfy((query) -> {
			Matcher selectors = SELECTOR.matcher(query.expr());
			int count = 0;
			while (selectors.find()) {
				count++;
				assertThat(selectors.group(1)).as(query.toString())
					.contains("application=~\"$application\"")
					.contains("instance=~\"$instance\"");
			}
			assertThat(count).as(query.toString()).isPositive();
		});
	}

	@Test
	void showsWhatAnOperatorNeeds() {
		List<String> exprs = OpsFiles.panelQueries(this.dashboard).stream().map(PanelQuery::expr).toList();
		assertSomeQuery(exprs, "submitted rate", "sum by (instance) (rate(async_logging_events_submitted_total{");
		assertSomeQuery(exprs, "routed rate by destination",
				"sum by (instance, destination) (rate(async_logging_events_routed_total{");
		assertSomeQuery(exprs, "delivered rate by destination",
				"sum by (instance, destination) (rate(async_logging_events_delivered_total{");
		assertSomeQuery(exprs, "dropped by destination and level",
				"sum by (instance, destination, level) (rate(async_logging_events_dropped_total{");
		assertSomeQuery(exprs, "dropped by destination and reason",
				"sum by (instance, destination, reason) (rate(async_logging_events_dropped_total{");
		assertSomeQuery(exprs, "drop ratio by destination, over what it was handed",
				"sum by (instance, destination) (rate(async_logging_events_dropped_total{",
				"/ sum by (instance, destination) (rate(async_logging_events_routed_total{");
		// The capacity has no destination label: each destination's queue size against it.
		assertSomeQuery(exprs, "queue fill ratio by destination", "max by (instance, destination) (",
				"async_logging_queue_size{", "} / ignoring (destination) group_left async_logging_queue_capacity{");
		assertSomeQuery(exprs, "backlog by destination", "max by (instance, destination) (async_logging_queue_size{");
		assertSomeQuery(exprs, "queue memory fill ratio", "async_logging_queue_memory_used_bytes{",
				"} / async_logging_queue_memory_max_bytes{");
		assertThat(exprs).as("queue memory used and bound")
			.contains("max by (instance) (async_logging_queue_memory_used_bytes" + FILTER + ")",
					"max by (instance) (async_logging_queue_memory_max_bytes" + FILTER + ")");
		assertSomeQuery(exprs, "latency p50 by destination",
				"histogram_quantile(0.5, sum by (instance, destination, le) (",
				"async_logging_delivery_latency_seconds_bucket{");
		assertSomeQuery(exprs, "latency p99 by destination",
				"histogram_quantile(0.99, sum by (instance, destination, le) (",
				"async_logging_delivery_latency_seconds_bucket{");
		assertSomeQuery(exprs, "workers alive", "async_logging_workers_alive{");
		assertSomeQuery(exprs, "failed rate by destination",
				"sum by (instance, destination) (rate(async_logging_events_failed_total{");
	}

	private static void assertSomeQuery(List<String> exprs, String what, String... parts) {
		assertThat(exprs).as(what).anyMatch((expr) -> List.of(parts).stream().allMatch(expr::contains));
	}

	@Test
	void panelsDoNotOverlap() {
		List<JsonNode> panels = List.copyOf(this.dashboard.path("panels").values());
		for (int i = 0; i < panels.size(); i++) {
			for (int j = i + 1; j < panels.size(); j++) {
				JsonNode a = panels.get(i).path("gridPos");
				JsonNode b = panels.get(j).path("gridPos");
				boolean apart = a.path("x").asInt() + a.path("w").asInt() <= b.path("x").asInt()
						|| b.path("x").asInt() + b.path("w").asInt() <= a.path("x").asInt()
						|| a.path("y").asInt() + a.path("h").asInt() <= b.path("y").asInt()
						|| b.path("y").asInt() + b.path("h").asInt() <= a.path("y").asInt();
				assertThat(apart).as("%s and %s overlap", panels.get(i).path("title"), panels.get(j).path("title"))
					.isTrue();
			}
		}
	}

	private JsonNode variable(String name) {
		for (JsonNode variable : this.dashboard.path("templating").path("list")) {
			if (variable.path("name").asString().equals(name)) {
				return variable;
			}
		}
		throw new AssertionError("No dashboard variable '" + name + "'");
	}

}
