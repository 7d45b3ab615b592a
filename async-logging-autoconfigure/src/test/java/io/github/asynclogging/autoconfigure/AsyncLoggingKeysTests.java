package io.github.asynclogging.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The keys are read from the properties class, so a key added there is known (and suggested)
 * without further change.
 */
class AsyncLoggingKeysTests {

	@Test
	void keysAreThoseOfTheGeneratedConfigurationMetadata() throws IOException {
		List<String> documented = new ArrayList<>();
		// The test classes have metadata of their own (other.name, a user's view of async-logging),
		// beside the main classes'.
		for (URL url : Collections.list(getClass().getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"))) {
			if (url.toString().contains("/test-classes/")) {
				continue;
			}
			try (InputStream metadata = url.openStream()) {
				List<String> names = JsonPath.read(metadata, "$.properties[*].name");
				names.stream().filter((name) -> name.startsWith(AsyncLoggingKeys.PREFIX + ".")).forEach(documented::add);
			}
		}
		assertThat(AsyncLoggingKeys.all()).map((key) -> AsyncLoggingKeys.PREFIX + "." + key)
			.containsExactlyInAnyOrderElementsOf(documented)
			.contains("async-logging.enabled", "async-logging.queue-capacity", "async-logging.discard.level");
	}

	@Test
	void everyKeySaysWhatItAllows() {
		assertThat(AsyncLoggingKeys.all()).allSatisfy((key) -> assertThat(AsyncLoggingProperties.allowed(key)).isNotBlank());
	}

	@Test
	void keyBelowThePrefixIsComparedAsRelaxedBindingComparesIt() {
		assertThat(key("async-logging.queue-capacity")).isEqualTo("queuecapacity");
		assertThat(key("asyncLogging.queueCapacity")).isEqualTo("queuecapacity");
		assertThat(key("async.logging.queue.capacity")).isEqualTo("queuecapacity");
		assertThat(key("async-logging.exclude-appenders[0]")).isEqualTo("excludeappenders");
		assertThat(key("async-logging")).isNull();
		assertThat(key("async-loggingx.queue-capacity")).isNull();
		assertThat(key("async.queue-capacity")).isNull();
		assertThat(key("server.port")).isNull();
	}

	@Test
	void environmentVariableOfAKey() {
		assertThat(AsyncLoggingKeys.environmentVariable("discard.level")).isEqualTo("ASYNC_LOGGING_DISCARD_LEVEL");
		assertThat(AsyncLoggingKeys.environmentVariable("queue-capacity")).isEqualTo("ASYNC_LOGGING_QUEUE_CAPACITY");
	}

	@Test
	void noKeyIsSuggestedForANameLikeNone() {
		assertThat(AsyncLoggingKeys.closestTo("colour")).isEmpty();
		assertThat(AsyncLoggingKeys.closestTo("x")).isEmpty();
	}

	private static String key(String name) {
		return AsyncLoggingKeys.keyBelowPrefix(ConfigurationPropertyName.adapt(name, '.'));
	}

}
