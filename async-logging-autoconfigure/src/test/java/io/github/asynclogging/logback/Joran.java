package io.github.asynclogging.logback;

import java.io.ByteArrayInputStream;
import java.net.URL;
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

	/** Resets the context and configures it from a file or URL, which Logback watches with {@code scan="true"}. */
	static void reconfigure(LoggerContext context, URL url) {
		context.reset();
		configure(context, url);
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

	/** From a file or URL, which Logback watches when the configuration says {@code scan="true"}. */
	static void configure(LoggerContext context, URL url) {
		JoranConfigurator configurator = new JoranConfigurator();
		configurator.setContext(context);
		try {
			configurator.doConfigure(url);
		}
		catch (JoranException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
