package io.github.asynclogging.autoconfigure;

import java.lang.reflect.Method;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a native image of an application using the starter needs from it at run time, from the
 * registrars that {@code META-INF/spring/aot.factories} lists, as ahead-of-time processing finds
 * them.
 */
class AsyncLoggingRuntimeHintsTests {

	private final RuntimeHints hints = hintsFromAotFactories();

	private static RuntimeHints hintsFromAotFactories() {
		RuntimeHints hints = new RuntimeHints();
		ClassLoader classLoader = AsyncLoggingRuntimeHintsTests.class.getClassLoader();
		SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories", classLoader)
			.load(RuntimeHintsRegistrar.class)
			.forEach((registrar) -> registrar.registerHints(hints, classLoader));
		return hints;
	}

	@Test
	void registrarIsListedInAotFactories() {
		assertThat(SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class)).hasAtLeastOneElementOfType(AsyncLoggingRuntimeHints.class);
	}

	@Test
	void propertiesAndTheirNestedGroupCanBeBoundByReflection() throws NoSuchMethodException {
		for (Class<?> type : new Class<?>[] { AsyncLoggingProperties.class, AsyncLoggingProperties.Discard.class }) {
			assertThat(RuntimeHintsPredicates.reflection().onConstructorInvocation(type.getDeclaredConstructor()))
				.as(type.getName())
				.accepts(this.hints);
		}
		for (String setter : new String[] { "setQueueCapacity", "setWorkers", "setDropPolicy", "setBlockTimeout",
				"setShutdownTimeout", "setIncludeCallerData", "setDroppedWarningInterval", "setEnabled" }) {
			assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(method(AsyncLoggingProperties.class, setter)))
				.as(setter)
				.accepts(this.hints);
		}
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(method(AsyncLoggingProperties.class, "getDiscard")))
			.accepts(this.hints);
		for (String setter : new String[] { "setLevel", "setThreshold" }) {
			assertThat(RuntimeHintsPredicates.reflection()
				.onMethodInvocation(method(AsyncLoggingProperties.Discard.class, setter))).as("Discard." + setter)
				.accepts(this.hints);
		}
	}

	@Test
	void failureAnalyzerCanBeInstantiatedFromSpringFactories() {
		// Spring Framework's own registrar hints every META-INF/spring.factories entry; ours relies on it.
		assertThat(RuntimeHintsPredicates.resource().forResource("META-INF/spring.factories")).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(InvalidPropertyFailureAnalyzer.class)
			.withMemberCategories(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).accepts(this.hints);
	}

	private static Method method(Class<?> type, String name) {
		for (Method method : ReflectionUtils.getDeclaredMethods(type)) {
			if (method.getName().equals(name)) {
				return method;
			}
		}
		throw new AssertionError(type.getName() + " has no method " + name);
	}

}
