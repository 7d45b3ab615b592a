package io.github.asynclogging.autoconfigure;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.context.properties.source.UnboundElementsSourceFilter;

/**
 * Extends Spring Boot's refusal of unknown keys to environment variables and Java system
 * properties, for {@code async-logging} only.
 * <p>
 * {@link AsyncLoggingProperties} is bound with {@code ignoreUnknownFields = false}, so Spring
 * Boot refuses a key under {@code async-logging} that nothing binds, but only from the property
 * sources its {@link UnboundElementsSourceFilter} lets through: it leaves out the environment and
 * the system properties, which the whole process shares. A typo there
 * ({@code ASYNC_LOGGING_QUEUE_CAPACTY=100}, {@code -Dasync-logging.queue-capacty=100}) would
 * otherwise be ignored. Names in those two sources that start with our prefix are ours to judge:
 * one that is not a key is reported in the same {@link UnboundConfigurationPropertiesException},
 * beside those Spring Boot found, so one failure analysis names them all.
 */
final class UnknownKeysBindHandlerAdvisor implements ConfigurationPropertiesBindHandlerAdvisor {

	private static final UnboundElementsSourceFilter CHECKED_BY_SPRING_BOOT = new UnboundElementsSourceFilter();

	@Override
	public BindHandler apply(BindHandler bindHandler) {
		return new AbstractBindHandler(bindHandler) {

			private final Set<ConfigurationPropertyName> bound = new HashSet<>();

			@Override
			public Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
					Object result) {
				if (AsyncLoggingKeys.ROOT.isAncestorOf(name)) {
					this.bound.add(name);
				}
				return super.onSuccess(name, target, context, result);
			}

			@Override
			public void onFinish(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
					Object result) throws Exception {
				if (context.getDepth() != 0 || !AsyncLoggingKeys.ROOT.equals(name)) {
					super.onFinish(name, target, context, result);
					return;
				}
				Set<ConfigurationProperty> unknown = unknownInSourcesSpringBootLeavesOut(context, this.bound);
				try {
					super.onFinish(name, target, context, result);
				}
				catch (UnboundConfigurationPropertiesException ex) {
					unknown.addAll(ex.getUnboundProperties());
				}
				if (!unknown.isEmpty()) {
					throw new UnboundConfigurationPropertiesException(unknown);
				}
			}

		};
	}

	/**
	 * What those sources hold under our prefix that the binder did not read: as Spring Boot judges
	 * the other sources, by the names that were bound, so that an environment variable is one of ours
	 * only in a form the binder reads ({@code ASYNC_LOGGING_BLOCK_TIMEOUT}, not
	 * {@code ASYNC_LOGGING_BLOCKTIMEOUT}).
	 */
	private static Set<ConfigurationProperty> unknownInSourcesSpringBootLeavesOut(BindContext context,
			Set<ConfigurationPropertyName> bound) {
		Set<ConfigurationProperty> unknown = new TreeSet<>();
		for (ConfigurationPropertySource source : context.getSources()) {
			if (CHECKED_BY_SPRING_BOOT.apply(source) || !(source instanceof IterableConfigurationPropertySource names)) {
				continue;
			}
			Set<String> read = new HashSet<>();
			for (ConfigurationPropertyName name : bound) {
				ConfigurationProperty property = source.getConfigurationProperty(name);
				if (property != null) {
					read.add(AsyncLoggingKeys.asWritten(property));
				}
			}
			for (ConfigurationPropertyName candidate : names) {
				String key = AsyncLoggingKeys.keyBelowPrefix(candidate);
				ConfigurationProperty property = (key != null) ? source.getConfigurationProperty(candidate) : null;
				if (property == null || read.contains(AsyncLoggingKeys.asWritten(property))) {
					continue;
				}
				// As Spring Boot does: an element of a list that another source gave whole is not unknown.
				if (candidate.hasIndexedElement() && AsyncLoggingKeys.isKey(key)) {
					continue;
				}
				unknown.add(property);
			}
		}
		return unknown;
	}

}
