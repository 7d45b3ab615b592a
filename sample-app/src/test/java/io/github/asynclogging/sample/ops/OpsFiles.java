package io.github.asynclogging.sample.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The files of the operations kit under {@code ops/} at the root of the repository, read as a user's
 * Prometheus and Grafana would read them.
 */
final class OpsFiles {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private OpsFiles() {
	}

	/**
	 * The {@code ops} folder, found from the module's directory upwards.
	 * @return its path
	 */
	static Path opsDir() {
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			Path candidate = dir.resolve("ops");
			if (Files.isRegularFile(candidate.resolve("prometheus/async-logging-alerts.yml"))) {
				return candidate;
			}
		}
		throw new IllegalStateException("No ops/prometheus/async-logging-alerts.yml above " + Path.of("").toAbsolutePath());
	}

	static Path ruleFile() {
		return opsDir().resolve("prometheus/async-logging-alerts.yml");
	}

	static Path ruleTestFile() {
		return opsDir().resolve("prometheus/async-logging-alerts.test.yml");
	}

	static Path dashboardFile() {
		return opsDir().resolve("grafana/async-logging-dashboard.json");
	}

	/**
	 * Every rule of the rule file, in file order.
	 * @return the rules
	 */
	@SuppressWarnings("unchecked")
	static List<Rule> rules() {
		Map<String, Object> file = yaml(ruleFile());
		List<Rule> rules = new ArrayList<>();
		for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
			for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
				rules.add(new Rule((String) rule.get("alert"), (String) rule.get("record"),
						((String) rule.get("expr")).strip(), (String) rule.get("for"),
						(Map<String, String>) rule.getOrDefault("labels", Map.of()),
						(Map<String, String>) rule.getOrDefault("annotations", Map.of())));
			}
		}
		return rules;
	}

	static List<Rule> alerts() {
		return rules().stream().filter(Rule::isAlert).toList();
	}

	static List<Rule> recordingRules() {
		return rules().stream().filter((rule) -> !rule.isAlert()).toList();
	}

	static Map<String, Object> yaml(Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			return new Yaml().load(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static JsonNode dashboard() {
		return JSON.readTree(dashboardFile().toFile());
	}

	/**
	 * Every query of every panel of the dashboard.
	 * @param dashboard the dashboard
	 * @return the queries, with the panel each belongs to
	 */
	static List<PanelQuery> panelQueries(JsonNode dashboard) {
		List<PanelQuery> queries = new ArrayList<>();
		for (JsonNode panel : dashboard.path("panels")) {
			for (JsonNode target : panel.path("targets")) {
				queries.add(new PanelQuery(panel.path("title").asString(), target.path("refId").asString(),
						target.path("expr").asString()));
			}
		}
		return queries;
	}

	/**
	 * A rule of the rule file: an alert or a recording rule.
	 */
	record Rule(String alert, String record, String expr, String forDuration, Map<String, String> labels,
			Map<String, String> annotations) {

		boolean isAlert() {
			return this.alert != null;
		}

		String name() {
			return isAlert() ? this.alert : this.record;
		}

	}

	/**
	 * One query of a dashboard panel.
	 */
	record PanelQuery(String panel, String refId, String expr) {

		@Override
		public String toString() {
			return "panel '" + this.panel + "' query " + this.refId + ": " + this.expr;
		}

	}

}
