package io.github.asynclogging.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.core.Ordered;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Says which key under {@code async-logging} is not ours, where it was set and which key was
 * probably meant; or, for a key of ours left unbound because its value was empty, that the value is
 * invalid and what the key allows. The failure is Spring Boot's own (a key that
 * {@link AsyncLoggingProperties} leaves unbound); this analysis is ordered before Spring Boot's,
 * which says the same without the closest key. Unbound keys under any other prefix are left to
 * Spring Boot.
 */
public final class UnknownPropertyFailureAnalyzer
		extends AbstractFailureAnalyzer<UnboundConfigurationPropertiesException> implements Ordered {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnboundConfigurationPropertiesException cause) {
		BindException bind = findCause(rootFailure, BindException.class);
		if (bind == null || !AsyncLoggingKeys.ROOT.equals(bind.getName())) {
			return null;
		}
		// A key of ours is left unbound when its value is empty: Spring's converters turn "" into no
		// value (a size, a duration, a level), so the setter that would refuse it is never called.
		// Every source that sets the key then shows as unbound, the empty one and those it overrides.
		Map<String, ConfigurationProperty> empty = new TreeMap<>();
		List<ConfigurationProperty> unknown = new ArrayList<>();
		for (ConfigurationProperty property : cause.getUnboundProperties()) {
			String key = ourKey(property);
			if (key != null && isEmpty(property.getValue())) {
				empty.putIfAbsent(key, property);
			}
			else {
				unknown.add(property);
			}
		}
		unknown.removeIf((property) -> {
			String key = ourKey(property);
			return key != null && empty.containsKey(key);
		});
		StringBuilder description = new StringBuilder();
		List<String> actions = new ArrayList<>();
		empty.forEach((key, property) -> {
			String name = AsyncLoggingKeys.PREFIX + "." + key;
			String allowed = AsyncLoggingProperties.allowed(key);
			newLine(description);
			InvalidPropertyFailureAnalyzer.describe(name, "", allowed, property.getOrigin(), description);
			actions.add(InvalidPropertyFailureAnalyzer.action(name, allowed));
		});
		for (ConfigurationProperty property : unknown) {
			newLine(description);
			describe(property, description);
		}
		if (!unknown.isEmpty()) {
			actions.add("Correct the key or remove it: async-logging refuses keys it does not know rather than ignore"
					+ " them. Its keys are " + AsyncLoggingKeys.all()
						.stream()
						.map((key) -> AsyncLoggingKeys.PREFIX + "." + key)
						.collect(Collectors.joining(", "))
					+ ".");
		}
		return new FailureAnalysis(description.toString(), String.join(" ", actions), cause);
	}

	/** The dashed name of the key a property sets, if it is one of ours. */
	private static String ourKey(ConfigurationProperty property) {
		String key = AsyncLoggingKeys.keyBelowPrefix(property.getName());
		return (key != null) ? AsyncLoggingKeys.nameOf(key) : null;
	}

	private static boolean isEmpty(Object value) {
		return value == null || value.toString().isBlank();
	}

	private static void newLine(StringBuilder description) {
		if (!description.isEmpty()) {
			description.append(System.lineSeparator());
		}
	}

	private static void describe(ConfigurationProperty property, StringBuilder description) {
		String key = AsyncLoggingKeys.keyBelowPrefix(property.getName());
		boolean environment = isEnvironmentVariable(property.getOrigin());
		List<String> closest = (key != null) ? AsyncLoggingKeys.closestTo(key) : List.of();
		description.append("Unknown key ").append(AsyncLoggingKeys.asWritten(property)).append(" (value '")
			.append(property.getValue()).append("')");
		if (closest.isEmpty()) {
			description.append(": async-logging has no such key.");
		}
		else {
			description.append(": did you mean ")
				.append(closest.stream().map((name) -> suggestion(name, environment)).collect(Collectors.joining(" or ")))
				.append('?');
		}
		if (property.getOrigin() != null) {
			description.append(System.lineSeparator()).append("    Origin: ").append(property.getOrigin());
		}
	}

	private static String suggestion(String key, boolean environment) {
		String name = AsyncLoggingKeys.PREFIX + "." + key;
		return environment ? AsyncLoggingKeys.environmentVariable(key) + " (" + name + ")" : name;
	}

	private static boolean isEnvironmentVariable(Origin origin) {
		if (origin instanceof PropertySourceOrigin propertySourceOrigin) {
			return propertySourceOrigin.getPropertySource() instanceof SystemEnvironmentPropertySource
					|| propertySourceOrigin.getOrigin() instanceof SystemEnvironmentOrigin;
		}
		return origin instanceof SystemEnvironmentOrigin;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
