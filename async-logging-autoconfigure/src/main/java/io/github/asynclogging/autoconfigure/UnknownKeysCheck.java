package io.github.asynclogging.autoconfigure;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.IgnoreTopLevelConverterNotFoundBindHandler;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.context.properties.source.UnboundElementsSourceFilter;
import org.springframework.core.env.Environment;

/**
 * Refuses, when the starter is on, a key under {@code async-logging} that is not one of ours or whose
 * value is empty, wherever it was set: in the application's files, on the command line, in an
 * environment variable or a Java system property.
 * <p>
 * Spring Boot refuses a key that nothing binds ({@link AsyncLoggingProperties} says
 * {@code ignoreUnknownFields = false}), but only from the property sources its
 * {@link UnboundElementsSourceFilter} lets through: it leaves out the environment and the system
 * properties, which the whole process shares, so a typo there ({@code ASYNC_LOGGING_QUEUE_CAPACTY=100},
 * {@code -Dasync-logging.queue-capacty=100}) would be ignored. Names in those two sources that start
 * with our prefix are ours to judge.
 * <p>
 * The check binds {@code async-logging} once, before any bean is created, to an instance of its own
 * and with a bind handler of its own: Spring Boot's refusal of unbound names, extended to those two
 * sources. No other binding passes through it, so every other {@code @ConfigurationProperties} bean of
 * the application binds exactly as without the starter. Whatever it finds is reported in one
 * {@link UnboundConfigurationPropertiesException}, so one failure analysis names it all; a value the
 * properties refuse fails here as it would in Spring Boot's own binding of them, which follows.
 */
final class UnknownKeysCheck implements BeanFactoryPostProcessor {

	private static final UnboundElementsSourceFilter CHECKED_BY_SPRING_BOOT = new UnboundElementsSourceFilter();

	private final Environment environment;

	UnknownKeysCheck(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		check(this.environment);
	}

	/**
	 * Binds {@code async-logging} from an environment as Spring Boot binds {@link AsyncLoggingProperties},
	 * refusing what it would leave unbound in any property source.
	 * @param environment the application's environment
	 * @throws org.springframework.boot.context.properties.bind.BindException naming what is wrong
	 */
	static void check(Environment environment) {
		BindHandler springBoots = new NoUnboundElementsBindHandler(new IgnoreTopLevelConverterNotFoundBindHandler(),
				CHECKED_BY_SPRING_BOOT);
		Binder.get(environment).bind(AsyncLoggingKeys.ROOT, Bindable.of(AsyncLoggingProperties.class),
				alsoInSourcesSpringBootLeavesOut(springBoots));
	}

	private static BindHandler alsoInSourcesSpringBootLeavesOut(BindHandler bindHandler) {
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
