package io.github.asynclogging.logback;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;

/**
 * Configures a Logback context from XML, as a {@code logback-spring.xml} or a scan would.
 */
final class Joran {

	private Joran() {
	}

	/** Resets the context and configures it, as a scan does. */
	static void reconfigure(LoggerContext context, String xml) {
		context.reset();
		configure(context, xml);
	}

	static void configure(LoggerContext context, String xml) {
		JoranConfigurator configurator = new JoranConfigurator();
		configurator.setContext(context);
		try {
			configurator.doConfigure(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
		}
		catch (JoranException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
