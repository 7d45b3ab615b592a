package io.github.asynclogging.autoconfigure;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.boot.context.properties.bind.BindableRuntimeHintsRegistrar;

/**
 * What a native image needs at run time that ahead-of-time processing cannot see in code:
 * {@code async-logging.*} is bound to {@link AsyncLoggingProperties} and its nested
 * {@link AsyncLoggingProperties.Discard} through their constructors, getters and setters, by
 * reflection. Registered in {@code META-INF/spring/aot.factories}, so it applies whether or not
 * the auto-configuration matched at build time.
 * <p>
 * No resource hint: the auto-configuration imports file is read only while configuration classes
 * are parsed, which ahead-of-time processing does at build time; {@code META-INF/spring.factories}
 * (our failure analyzer) is hinted by Spring Framework itself, for every entry it lists.
 */
final class AsyncLoggingRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
		BindableRuntimeHintsRegistrar.forTypes(AsyncLoggingProperties.class).registerHints(hints, classLoader);
	}

}
