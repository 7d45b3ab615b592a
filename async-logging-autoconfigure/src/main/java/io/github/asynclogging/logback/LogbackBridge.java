package io.github.asynclogging.logback;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.spi.ConfigurationEvent;
import ch.qos.logback.core.spi.ConfigurationEventListener;
import io.github.asynclogging.LogSink;
import io.github.asynclogging.engine.AsyncLogExecutor;
import io.github.asynclogging.engine.ExecutorSettings;
import io.github.asynclogging.engine.StopReport;

/**
 * Puts an {@link AsyncLogExecutor} between Logback's root logger and its appenders.
 * <p>
 * {@link #start()} detaches every appender of the root logger and attaches one
 * {@link DeferringAppender} in their place, which hands each event to the executor; the workers
 * write to the detached appenders and to every {@link LogSink}. {@link #stop} drains the queue and
 * puts the appenders back as they were. When Logback is reconfigured while running (Spring Boot
 * re-initialising it, {@code scan="true"}), the new root appenders are taken over again and the old
 * ones are stopped once nothing queued can still need them.
 * <p>
 * Hand-over and hand-back attach the new appender before detaching the old ones, so an event
 * logged in those microseconds can be written twice but is never lost. When several application
 * contexts run in one JVM, the first to start writes the root; when it stops, the next one still
 * running takes over, and the last to stop puts the original appenders back.
 */
public final class LogbackBridge {

	/** The logger the bridge's own notices are written to. */
	public static final String NOTICE_LOGGER = "io.github.asynclogging";

	private final LoggerContext context;

	private final AsyncLogExecutor<ILoggingEvent> executor;

	private final LogbackDestination destination;

	private final DeferringAppender appender;

	/** The longest a reconfiguration waits for a write still using the appenders it replaces. */
	private static final long RETIRE_TIMEOUT_SECONDS = 10;

	private final Listener listener = new Listener();

	private boolean started;

	/**
	 * Creates a bridge over an executor that writes to the given destination.
	 * @param context Logback's context
	 * @param executor the executor, writing to {@code destination}
	 * @param destination where the taken-over appenders are written
	 * @param includeCallerData whether caller data is captured on the calling thread
	 */
	public LogbackBridge(LoggerContext context, AsyncLogExecutor<ILoggingEvent> executor,
			LogbackDestination destination, boolean includeCallerData) {
		this.context = context;
		this.executor = executor;
		this.destination = destination;
		this.appender = new DeferringAppender(executor, destination, includeCallerData);
		this.appender.setContext(context);
	}

	/**
	 * Creates the executor of a bridge: it writes the taken-over appenders, then every sink.
	 * @param context Logback's context, whose notice logger receives the dropped-events summary
	 * @param settings the executor's settings
	 * @param destination the destination the executor writes to
	 * @return the executor, not started
	 */
	public static AsyncLogExecutor<ILoggingEvent> newExecutor(LoggerContext context, ExecutorSettings settings,
			LogbackDestination destination) {
		Logger notices = context.getLogger(NOTICE_LOGGER);
		Consumer<String> warnings = notices::warn;
		return new AsyncLogExecutor<>(settings, destination, LogbackEventTraits.INSTANCE, warnings);
	}

	/**
	 * Creates the destination of a bridge.
	 * @param sinks the sinks every event is written to after the appenders
	 * @return the destination
	 */
	public static LogbackDestination newDestination(List<LogSink> sinks) {
		return new LogbackDestination(sinks);
	}

	/**
	 * Starts the executor and takes over the root logger's appenders.
	 */
	public synchronized void start() {
		if (this.started) {
			return;
		}
		this.executor.start();
		this.appender.start();
		takeOver();
		this.context.addListener(this.listener);
		this.context.addConfigurationEventListener(this.listener);
		this.started = true;
	}

	/**
	 * Drains the queue within the timeout, stops the executor and hands the appenders back to the
	 * root logger. If anything could not be written, says so in one WARN line, written synchronously.
	 * @param timeout how long the queue may take to drain
	 * @return what could not be written
	 */
	public synchronized StopReport stop(Duration timeout) {
		if (!this.started) {
			return new StopReport(0, 0, timeout, null);
		}
		this.started = false;
		this.context.removeListener(this.listener);
		this.context.removeConfigurationEventListener(this.listener);
		StopReport report = this.executor.stop(timeout);
		handBack();
		if (report.lastDropSummary() != null) {
			this.context.getLogger(NOTICE_LOGGER).warn(report.lastDropSummary());
		}
		if (!report.complete()) {
			this.context.getLogger(NOTICE_LOGGER).warn(report.describe());
		}
		return report;
	}

	/**
	 * Whether the root logger's appenders are written by the executor now.
	 * @return {@code true} if this bridge's appender is on the root logger
	 */
	public synchronized boolean isTakenOver() {
		return rootAppenders().contains(this.appender);
	}

	private void takeOver() {
		Logger root = root();
		List<Appender<ILoggingEvent>> current = rootAppenders();
		if (current.contains(this.appender)) {
			return;
		}
		for (Appender<ILoggingEvent> existing : current) {
			if (existing instanceof DeferringAppender other) {
				root.info("async-logging: the root logger is already written by the executor of another application "
						+ "context in this JVM ({}); this one takes it over when that one stops", other.executor());
				return;
			}
		}
		// The workers must know the appenders before the first event reaches them.
		List<Appender<ILoggingEvent>> previous = this.destination.useAppenders(current, RETIRE_TIMEOUT_SECONDS,
				TimeUnit.SECONDS);
		root.addAppender(this.appender);
		for (Appender<ILoggingEvent> taken : current) {
			root.detachAppender(taken);
		}
		// Appenders of a configuration Logback has since replaced, which no write uses any more.
		if (previous != null) {
			for (Appender<ILoggingEvent> stale : previous) {
				if (!current.contains(stale)) {
					stale.stop();
				}
			}
		}
	}

	private void handBack() {
		Logger root = root();
		List<Appender<ILoggingEvent>> taken = this.destination.appenders();
		if (root.isAttached(this.appender)) {
			for (Appender<ILoggingEvent> original : taken) {
				root.addAppender(original);
			}
			root.detachAppender(this.appender);
			handOverToAnotherBridge();
		}
		else {
			// Logback was reset and not configured again: these belong to a configuration that is gone.
			for (Appender<ILoggingEvent> stale : taken) {
				stale.stop();
			}
		}
	}

	/**
	 * Another application context's bridge, still running in this JVM, writes the root from now on.
	 * Bridges find each other through Logback's own listener list, which outlives resets.
	 */
	private void handOverToAnotherBridge() {
		for (LoggerContextListener candidate : this.context.getCopyOfListenerList()) {
			if (candidate instanceof Listener other && other.retakeOver()) {
				return;
			}
		}
	}

	private Logger root() {
		return this.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

	private List<Appender<ILoggingEvent>> rootAppenders() {
		return appendersOf(root());
	}

	/**
	 * The appenders attached to a logger, in order.
	 * @param logger the logger
	 * @return a snapshot of its appenders
	 */
	static List<Appender<ILoggingEvent>> appendersOf(Logger logger) {
		List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
		for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext();) {
			appenders.add(it.next());
		}
		return appenders;
	}

	/**
	 * Follows Logback reconfigurations: Spring Boot's ends with {@code LoggerContext.start()}, a
	 * Joran one (such as {@code scan="true"}) with a configuration-ended event.
	 */
	private final class Listener implements LoggerContextListener, ConfigurationEventListener {

		@Override
		public boolean isResetResistant() {
			return true;
		}

		@Override
		public void onStart(LoggerContext loggerContext) {
			retakeOver();
		}

		@Override
		public void listen(ConfigurationEvent event) {
			if (event.getEventType() == ConfigurationEvent.EventType.CONFIGURATION_ENDED_SUCCESSFULLY) {
				retakeOver();
			}
		}

		@Override
		public void onReset(LoggerContext loggerContext) {
			// The root's appenders are gone; until the new ones are taken over, Logback writes them itself.
		}

		@Override
		public void onStop(LoggerContext loggerContext) {
		}

		@Override
		public void onLevelChange(Logger logger, ch.qos.logback.classic.Level level) {
		}

		/**
		 * Takes over the root's appenders if this bridge runs.
		 * @return whether this bridge writes the root now
		 */
		private boolean retakeOver() {
			synchronized (LogbackBridge.this) {
				if (!LogbackBridge.this.started) {
					return false;
				}
				LogbackBridge.this.appender.start();
				takeOver();
				return root().isAttached(LogbackBridge.this.appender);
			}
		}

	}

}
