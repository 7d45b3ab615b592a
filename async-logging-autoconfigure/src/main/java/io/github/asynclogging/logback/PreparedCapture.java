package io.github.asynclogging.logback;

import java.util.Iterator;
import java.util.Set;
import java.util.function.Consumer;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.CallerData;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;

/**
 * What callers fix on each event ({@link EventCapture}), prepared for the bridge that writes and the
 * appenders attached when it was prepared, and prepared again when one appears that it did not know
 * (attached by code while the starter runs, met by a worker or by a caller). Once caller data is
 * captured it stays captured while the same bridge writes: a reconfiguration's appenders come and go
 * while it runs, and an event logged meanwhile may be written to those of the end.
 */
final class PreparedCapture {

	private final LoggerContext context;

	private final LoggerRoutes routes;

	private volatile EventCapture capture;

	/** The bridge {@link #capture} was prepared for. */
	private LogbackBridge preparedFor;

	/** The appenders {@link #capture} was prepared for: one met that is not here was attached since. */
	private volatile Appender<?>[] known = {};

	PreparedCapture(LoggerContext context, LoggerRoutes routes) {
		this.context = context;
		this.routes = routes;
		this.capture = new EventCapture(false, CallerContext.NONE, context);
	}

	EventCapture current() {
		return this.capture;
	}

	synchronized void prepare(LogbackBridge bridge) {
		IncludeCallerData include = bridge.options().includeCallerData();
		boolean callerData = include == IncludeCallerData.TRUE || (include == IncludeCallerData.AUTO
				&& (this.capture.capturesCallerData() && this.preparedFor == bridge
						|| this.routes.attached().stream().anyMatch((appender) -> CallerDataReaders.reason(appender) != null)));
		this.preparedFor = bridge;
		this.known = this.routes.attached().toArray(new Appender<?>[0]);
		this.capture = new EventCapture(callerData, CallerContext.of(bridge.options().carryTraceContext()), this.context);
	}

	/**
	 * Prepares again for an appender met that it did not know.
	 * @return whether caller data is captured from now on and was not before
	 */
	synchronized boolean prepareKnowing(Appender<?> appender, LogbackBridge bridge) {
		if (isKnown(appender)) {
			return false;
		}
		boolean captured = this.capture.capturesCallerData();
		prepare(bridge);
		return !captured && this.capture.capturesCallerData();
	}

	/**
	 * Before the caller writes appenders itself: Logback would read caller data past its own
	 * {@code Logger} class, which names jul-to-slf4j's method for a call through it. So it is read as
	 * the workers' appenders get it, once an appender the caller writes may print it (one attached since
	 * this was prepared is noticed first); with {@code include-caller-data: false} there is none, and
	 * they print '?'.
	 * @param notice told of an appender the caller writes that this was not prepared knowing
	 */
	void callerDataForTheCallersAppenders(LoggingEvent event, IncludeCallerData include, Set<String> names,
			Consumer<Appender<ILoggingEvent>> notice) {
		if (event.hasCallerData()) {
			return;
		}
		if (include == IncludeCallerData.FALSE) {
			event.setCallerData(CallerData.EMPTY_CALLER_DATA_ARRAY);
			return;
		}
		for (Logger logger : this.routes.chainOf(event.getLoggerName())) {
			for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext();) {
				Appender<ILoggingEvent> appender = it.next();
				if (LoggerRoutes.isNamed(names, appender) && !isKnown(appender)) {
					notice.accept(appender);
				}
			}
			if (!logger.isAdditive()) {
				break;
			}
		}
		if (this.capture.capturesCallerData()) {
			event.setCallerData(CallerFrames.ofCall(CaptureFilter.class, this.context.getMaxCallerDataDepth(),
					this.context.getFrameworkPackages()));
		}
	}

	/** No bridge writes: the next one to start is prepared for afresh. */
	synchronized void forget() {
		this.preparedFor = null;
	}

	/** Whether it was prepared knowing this appender. On every event's route: a scan of a few references. */
	boolean isKnown(Appender<?> appender) {
		for (Appender<?> known : this.known) {
			if (known == appender) {
				return true;
			}
		}
		return false;
	}

}
