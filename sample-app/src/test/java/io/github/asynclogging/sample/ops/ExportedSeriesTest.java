package io.github.asynclogging.sample.ops;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.github.asynclogging.sample.ops.OpsFiles.PanelQuery;
import io.github.asynclogging.sample.ops.OpsFiles.Rule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The series the rules and the dashboard name are the ones the sample app's
 * {@code /actuator/prometheus} serves, checked on every machine (without Prometheus installed).
 */
class ExportedSeriesTest {

	private static RunningSampleApp app;

	private static String scrape;

	@BeforeAll
	static void scrapeTheSampleApp() throws Exception {
		app = RunningSampleApp.start();
		app.post("/log?count=10&level=info");
		scrape = app.get("/actuator/prometheus");
	}

	@AfterAll
	static void stopTheSampleApp() {
		if (app != null) {
			app.close();
		}
	}

	@Test
	void rulesNameOnlySeriesTheStarterExports() {
		Set<String> exported = exportedNames();
		for (Rule rule : OpsFiles.rules()) {
			assertThat(PromQl.metricNames(rule.expr())).as(rule.name()).isNotEmpty().allSatisfy((name) -> {
				assertThat(name).startsWith("async_logging_");
				assertThat(exported).contains(name);
			});
		}
	}

	@Test
	void dashboardNamesOnlySeriesTheStarterExports() {
		Set<String> exported = exportedNames();
		for (PanelQuery query : OpsFiles.panelQueries(OpsFiles.dashboard())) {
			assertThat(PromQl.metricNames(query.expr())).as(query.toString()).isNotEmpty().allSatisfy((name) -> {
				assertThat(name).startsWith("async_logging_");
				assertThat(exported).contains(name);
			});
		}
	}

	/**
	 * The rules and the dashboard divide each destination's queue size by the capacity with
	 * {@code ignoring (destination) group_left}: the series of a destination carry its name, the
	 * starter's whole-queue series none.
	 */
	@Test
	void eachDestinationsSeriesCarryItsNameAndTheOthersNone() {
		for (String destination : List.of("CONSOLE", "sink:slowSink")) {
			for (String name : List.of("async_logging_events_routed_total", "async_logging_events_delivered_total",
					"async_logging_events_failed_total", "async_logging_events_dropped_total",
					"async_logging_queue_size", "async_logging_delivery_latency_seconds_bucket")) {
				assertThat(scrape.lines()).as("%s of %s", name, destination)
					.anyMatch((line) -> line.startsWith(name + "{")
							&& line.contains("destination=\"" + destination + "\""));
			}
		}
		for (String name : List.of("async_logging_queue_capacity", "async_logging_queue_memory_used_bytes",
				"async_logging_queue_memory_max_bytes", "async_logging_workers_alive")) {
			assertThat(scrape.lines().filter((line) -> line.startsWith(name + " ") || line.startsWith(name + "{")))
				.as("series of %s", name)
				.singleElement()
				.asString()
				.startsWith(name + " ");
		}
		assertThat(scrape.lines().filter((line) -> line.startsWith("async_logging_events_submitted_total")))
			.as("submitted, once per event, by level only")
			.hasSize(5)
			.allMatch((line) -> !line.contains("destination="));
	}

	@Test
	void latencyHistogramBucketsAreExportedForThePercentiles() {
		assertThat(exportedNames()).contains("async_logging_delivery_latency_seconds_bucket");
	}

	private static Set<String> exportedNames() {
		Set<String> names = new TreeSet<>();
		scrape.lines()
			.filter((line) -> !line.isBlank() && !line.startsWith("#"))
			.map((line) -> line.split("[{ ]", 2)[0])
			.forEach(names::add);
		return names;
	}

}
