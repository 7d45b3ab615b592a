package io.github.asynclogging.autoconfigure;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.origin.PropertySourceOrigin;

/**
 * The keys under {@code async-logging}, read from {@link AsyncLoggingProperties} the way the binder
 * sees it: a property with a setter is a key, a property whose type is a class nested in the
 * properties class ({@code discard}) is a group of keys. A key added to the properties class is
 * known here without further change.
 */
final class AsyncLoggingKeys {

	static final String PREFIX = "async-logging";

	static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of(PREFIX);

	/** The keys, sorted by name. */
	private static final List<Key> KEYS = keysOf(AsyncLoggingProperties.class, "");

	private AsyncLoggingKeys() {
	}

	/**
	 * Every key under {@code async-logging}.
	 * @return the keys without the prefix, e.g. {@code queue-capacity}, {@code discard.level}
	 */
	static List<String> all() {
		return KEYS.stream().map(Key::name).toList();
	}

	/**
	 * The part of a name below {@code async-logging}, in the form relaxed binding compares names: lower
	 * case, without separators, and without a list index or anything after it.
	 * @param name a name as a property source gives it ({@code async-logging.queueCapacity}, or
	 * {@code async.logging.queue.capacity} for {@code ASYNC_LOGGING_QUEUE_CAPACITY})
	 * @return e.g. {@code queuecapacity}, or {@code null} when the name is not below {@code async-logging}
	 */
	static String keyBelowPrefix(ConfigurationPropertyName name) {
		String prefix = uniform(PREFIX);
		StringBuilder read = new StringBuilder();
		int element = 0;
		// An environment variable's name splits the prefix into elements of its own (async, logging).
		while (element < name.getNumberOfElements() && read.length() < prefix.length()) {
			read.append(name.getElement(element++, Form.UNIFORM));
		}
		if (!read.toString().equals(prefix) || element == name.getNumberOfElements()) {
			return null;
		}
		StringBuilder key = new StringBuilder();
		for (; element < name.getNumberOfElements() && !name.isNumericIndex(element); element++) {
			key.append(name.getElement(element, Form.UNIFORM));
		}
		return key.toString();
	}

	/**
	 * Whether a key is one of ours, compared as relaxed binding compares names.
	 * @param key the key below the prefix, as {@link #keyBelowPrefix} gives it
	 * @return whether it names a key
	 */
	static boolean isKey(String key) {
		return nameOf(key) != null;
	}

	/**
	 * A key's dashed name.
	 * @param key the key below the prefix, as {@link #keyBelowPrefix} gives it
	 * @return e.g. {@code queue-capacity}, or {@code null} if it is not one of ours
	 */
	static String nameOf(String key) {
		return KEYS.stream().filter((known) -> known.uniform().equals(key)).map(Key::name).findFirst().orElse(null);
	}

	/**
	 * The name of a property as its source spells it.
	 * @param property a property found in a source
	 * @return e.g. {@code ASYNC_LOGGING_QUEUE_CAPACTY}, {@code asyncLogging.queueCapacty}
	 */
	static String asWritten(ConfigurationProperty property) {
		if (property.getOrigin() instanceof PropertySourceOrigin origin) {
			return origin.getPropertyName();
		}
		return property.getName().toString();
	}

	/**
	 * The keys closest to one that is not ours: those fewest edits away when that is a few
	 * ({@code queue-capacty}, {@code discard-level}), or else those that contain it or are contained
	 * in it ({@code capacity}, {@code timeout}).
	 * @param key the key below the prefix, as {@link #keyBelowPrefix} gives it
	 * @return the closest keys in dashed form, or none when no key is close
	 */
	static List<String> closestTo(String key) {
		List<String> closest = new ArrayList<>();
		int fewest = Integer.MAX_VALUE;
		for (Key known : KEYS) {
			int edits = distance(key, known.uniform());
			int tolerated = Math.max(1, Math.min(key.length(), known.uniform().length()) / 3);
			if (edits <= tolerated && edits <= fewest) {
				if (edits < fewest) {
					closest.clear();
					fewest = edits;
				}
				closest.add(known.name());
			}
		}
		if (closest.isEmpty() && key.length() >= 4) {
			for (Key known : KEYS) {
				if (known.uniform().contains(key) || key.contains(known.uniform())) {
					closest.add(known.name());
				}
			}
		}
		return closest;
	}

	/**
	 * A key as an environment variable names it.
	 * @param key a key below the prefix in dashed form
	 * @return e.g. {@code ASYNC_LOGGING_QUEUE_CAPACITY}
	 */
	static String environmentVariable(String key) {
		return (PREFIX + "." + key).toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
	}

	/** A name as relaxed binding compares it: lower case, letters and digits only. */
	static String uniform(String name) {
		StringBuilder uniform = new StringBuilder(name.length());
		for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
			if (Character.isLetterOrDigit(c)) {
				uniform.append(c);
			}
		}
		return uniform.toString();
	}

	/** Edits (insertion, deletion, substitution, swap of neighbours) that turn one string into the other. */
	private static int distance(String a, String b) {
		int[][] d = new int[a.length() + 1][b.length() + 1];
		for (int i = 0; i <= a.length(); i++) {
			d[i][0] = i;
		}
		for (int j = 0; j <= b.length(); j++) {
			d[0][j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			for (int j = 1; j <= b.length(); j++) {
				int cost = (a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1;
				d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
				if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
					d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
				}
			}
		}
		return d[a.length()][b.length()];
	}

	private static List<Key> keysOf(Class<?> type, String prefix) {
		List<Key> keys = new ArrayList<>();
		for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
			if (property.getReadMethod() == null || property.getReadMethod().getDeclaringClass() == Object.class) {
				continue;
			}
			String name = prefix + dashed(property.getName());
			Class<?> valueType = property.getPropertyType();
			if (isGroup(valueType)) {
				keys.addAll(keysOf(valueType, name + "."));
			}
			else if (property.getWriteMethod() != null || java.util.Map.class.isAssignableFrom(valueType)) {
				// A map (destinations) is bound through its getter: one key, as the metadata has it.
				keys.add(new Key(name, uniform(name)));
			}
		}
		keys.sort(Comparator.comparing(Key::name));
		return List.copyOf(keys);
	}

	/** As the configuration processor decides: a class (not an enum) nested in the properties class. */
	private static boolean isGroup(Class<?> type) {
		for (Class<?> outer = type.getEnclosingClass(); outer != null; outer = outer.getEnclosingClass()) {
			if (outer == AsyncLoggingProperties.class) {
				return !type.isEnum();
			}
		}
		return false;
	}

	private static String dashed(String javaName) {
		StringBuilder dashed = new StringBuilder(javaName.length() + 4);
		for (char c : javaName.toCharArray()) {
			if (Character.isUpperCase(c)) {
				dashed.append('-').append(Character.toLowerCase(c));
			}
			else {
				dashed.append(c);
			}
		}
		return dashed.toString();
	}

	/**
	 * A key: its name below the prefix in dashed form, and that name as relaxed binding compares it.
	 */
	private record Key(String name, String uniform) {
	}

}
