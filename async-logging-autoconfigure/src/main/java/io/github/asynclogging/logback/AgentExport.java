package io.github.asynclogging.logback;

import java.lang.reflect.Constructor;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Lets the OpenTelemetry Java agent see each event the starter queues, once, on the calling thread
 * with the caller's span current, as it sees it without the starter. The agent exports Logback's
 * records from an advice on {@code Logger.callAppenders}, which the starter's workers do not call:
 * they write each appender of the route themselves. So the caller calls {@code callAppenders} of a
 * logger that is none of the application's, belongs to a context of its own, and has no appender:
 * the agent's advice runs, nothing is written, and Logback's "no appender" warning goes to that
 * context, not the application's.
 * <p>
 * Only where the agent is there; {@link #NONE} elsewhere, which costs nothing.
 */
class AgentExport {

	/** Does nothing: no agent. */
	static final AgentExport NONE = new AgentExport();

	/** A class the agent puts on the bootstrap class path. */
	static final String AGENT_CLASS = "io.opentelemetry.javaagent.bootstrap.AgentInitializer";

	AgentExport() {
	}

	/**
	 * On the calling thread, for an event that a worker will write.
	 * @param event the event
	 */
	void export(ILoggingEvent event) {
	}

	/**
	 * The export for this JVM.
	 * @return an export through a logger of its own where the agent runs, else {@link #NONE}
	 */
	static AgentExport detect() {
		if (!isAgentPresent()) {
			return NONE;
		}
		Logger detached = detachedLogger();
		return (detached != null) ? new ThroughLogger(detached) : NONE;
	}

	static boolean isAgentPresent() {
		try {
			Class.forName(AGENT_CLASS, false, null);
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

	/** Logback's loggers are made by their context only: its constructor is used for one of no context's own. */
	private static Logger detachedLogger() {
		try {
			Constructor<Logger> constructor = Logger.class.getDeclaredConstructor(String.class, Logger.class,
					LoggerContext.class);
			constructor.setAccessible(true);
			LoggerContext own = new LoggerContext();
			own.setName("async-logging-agent-export");
			Logger logger = constructor.newInstance(Logger.ROOT_LOGGER_NAME, null, own);
			logger.setAdditive(false);
			return logger;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return null;
		}
	}

	private static final class ThroughLogger extends AgentExport {

		private final Logger logger;

		ThroughLogger(Logger logger) {
			this.logger = logger;
		}

		@Override
		void export(ILoggingEvent event) {
			this.logger.callAppenders(event);
		}

	}

}
