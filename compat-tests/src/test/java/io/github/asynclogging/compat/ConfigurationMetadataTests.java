package io.github.asynclogging.compat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.springframework.boot.json.JsonParserFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata an IDE reads from the starter's jar, found on this line's class path.
 */
class ConfigurationMetadataTests {

	@Test
	void everyKeyIsDescribedWithItsDefault() throws IOException {
		Map<String, Map<String, Object>> properties = properties();
		assertThat(properties).containsKeys("async-logging.enabled", "async-logging.queue-capacity",
				"async-logging.workers", "async-logging.drop-policy", "async-logging.block-timeout",
				"async-logging.discard.level", "async-logging.discard.threshold", "async-logging.shutdown-timeout",
				"async-logging.include-caller-data", "async-logging.dropped-warning-interval");
		assertThat(((Number) properties.get("async-logging.queue-capacity").get("defaultValue")).intValue())
			.isEqualTo(8192);
		assertThat(properties.get("async-logging.queue-capacity")).containsKey("description");
		assertThat(properties.get("async-logging.block-timeout")).containsEntry("defaultValue", "100ms");
	}

	@Test
	void theHealthIndicatorsKeyIsDescribedInKebabCase() throws IOException {
		assertThat(properties().get("management.health.async-logging.enabled")).as("management.health.async-logging.enabled")
			.containsEntry("type", "java.lang.Boolean")
			.containsEntry("defaultValue", true)
			.containsKey("description");
	}

	@Test
	void valuesOfThePolicyTheLevelAndTheCallerDataAreHinted() throws IOException {
		Map<String, List<Object>> hints = named(metadata().get("hints")).entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, (hint) -> RunningApp.array(hint.getValue().get("values"))
				.stream()
				.map((value) -> RunningApp.object(value).get("value"))
				.toList()));
		assertThat(hints).containsEntry("async-logging.drop-policy", List.of("drop-newest", "drop-oldest", "block"))
			.containsEntry("async-logging.discard.level", List.of("error", "warn", "info", "debug", "trace"))
			.containsEntry("async-logging.include-caller-data", List.of("auto", "true", "false"));
	}

	private static Map<String, Map<String, Object>> properties() throws IOException {
		return named(metadata().get("properties"));
	}

	private static Map<String, Map<String, Object>> named(Object entries) {
		return RunningApp.array(entries)
			.stream()
			.map(RunningApp::object)
			.collect(Collectors.toMap((entry) -> (String) entry.get("name"), (entry) -> entry));
	}

	private static Map<String, Object> metadata() throws IOException {
		for (URL url : Collections.list(ConfigurationMetadataTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"))) {
			if (url.toString().contains("async-logging-autoconfigure")) {
				try (InputStream in = url.openStream()) {
					return JsonParserFactory.getJsonParser()
						.parseMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
				}
			}
		}
		throw new AssertionError("no META-INF/spring-configuration-metadata.json of async-logging-autoconfigure");
	}

}
