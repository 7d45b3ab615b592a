package io.github.asynclogging.logback;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.Appender;
import io.github.asynclogging.engine.AsyncLogExecutor;
import io.github.asynclogging.engine.StopReport;

/**
 * The starter on one Logback context: which running bridge's executor queues its events (the first to
 * start, the primary; the others stand by, their sinks written by the primary's workers), the caller's
 * path from the {@link CaptureFilter} to that executor, and the hand-over from one application context
 * to the next.
 * <p>
 * One per Logback context, because the loggers and their appenders are the context's, not an
 * application context's: several application contexts in one JVM (test context caching, parent and
 * child, devtools restarts) share one. It never touches an appender list: the filter is all it adds
 * to Logback, and only while a bridge runs. Changes are synchronized; the caller's path and the
 * workers read volatile fields only.
 */
final class ContextCapture {

	/** A Logback context outlives the application contexts that use it; weak both ways. */
	private static final Map<LoggerContext, WeakReference<ContextCapture>> BY_CONTEXT = new WeakHashMap<>();

	private static final NamedSink[] NO_SINKS = {};

	/** How much longer than the stop's timeout a caller waits for its own events while a stop drains. */
	private static final long STOP_MARGIN_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final LoggerContext context;

	private final CaptureFilter filter;

	private final LoggerRoutes routes;

	private final Reconfiguration reconfiguration;

	private final Notices notices;

	private final AgentExport agent = AgentExport.detect();

	/** Running bridges in the order they started; the first is the primary. */
	private final List<LogbackBridge> bridges = new ArrayList<>();

	private volatile LogbackBridge primary;

	private volatile NamedSink[] sinks = NO_SINKS;

	private final PreparedCapture capture;

	private final Consumer<Appender<ILoggingEvent>> notice = this::noticeAppender;

	/** From the last stop's start: callers write themselves, after what they had queued. */
	private volatile boolean synchronous;

	private volatile long synchronousDeadline;

	/** Held by the bridge that stops, for as long as it takes. */
	private final Object stopping = new Object();

	/** Open while the previous primary writes what it had queued: the next one's workers wait for it. */
	private volatile CountDownLatch handOver = new CountDownLatch(0);

	/** The destination whose workers wait for {@link #handOver}: the new primary's, never the old one's. */
	private volatile LogbackDestination handedOverTo;

	/** The previous primary while it writes what it had queued, or {@code null}; and its stop's deadline. */
	private volatile LogbackBridge handingOver;

	private volatile long handOverDeadline;

	private ContextCapture(LoggerContext context) {
		this.context = context;
		this.routes = new LoggerRoutes(context);
		this.filter = new CaptureFilter(context, this);
		this.notices = new Notices(context);
		this.reconfiguration = new Reconfiguration(context, this);
		this.capture = new PreparedCapture(context, this.routes);
	}

	static synchronized ContextCapture of(LoggerContext context) {
		WeakReference<ContextCapture> known = BY_CONTEXT.get(context);
		ContextCapture capture = (known != null) ? known.get() : null;
		if (capture == null) {
			capture = new ContextCapture(context);
			BY_CONTEXT.put(context, new WeakReference<>(capture));
		}
		return capture;
	}

	LoggerRoutes routes() {
		return this.routes;
	}

	boolean needsCallerData() {
		return this.capture.current().capturesCallerData();
	}

	/**
	 * On the caller's thread, for an event Logback would write: the appenders that stay synchronous
	 * are written here, then the event is queued for the rest of its route and the sinks.
	 */
	void capture(Logger logger, LoggingEvent event) {
		LogbackBridge writer = this.primary;
		if (writer == null || this.synchronous) {
			writeNow(logger, event, writer);
			return;
		}
		// The writer's own: its destination routes the event past the same appenders.
		Set<String> synchronousAppenders = writer.options().excludedAppenders();
		Error error = null;
		if (!synchronousAppenders.isEmpty()) {
			// The previous primary may still write these appenders what this thread logged before.
			afterOwnQueued(this.handingOver, this.handOverDeadline);
			this.capture.callerDataForTheCallersAppenders(event, writer.options().includeCallerData(),
					synchronousAppenders, this.notice);
			error = this.routes.write(event, synchronousAppenders, true);
		}
		ILoggingEvent queued = this.capture.current().prepare(event);
		this.agent.export(event);
		if (!writer.executor().submit(queued)) {
			// A stop closed the executor since the read above: written as Logback would, after what this
			// thread had queued, which the stop is writing.
			afterOwnQueued(writer, deadline(writer.options().reconfigurationTimeout()) + STOP_MARGIN_NANOS);
			Error rest = this.routes.write(event, synchronousAppenders, false);
			error = (error != null) ? error : rest;
		}
		if (error != null) {
			// The event is accounted for first; then the caller sees it, as it would without the starter.
			throw error;
		}
	}

	/** What synchronous Logback does, after what this thread had queued. */
	private void writeNow(Logger logger, LoggingEvent event, LogbackBridge writer) {
		afterOwnQueued(writer, this.synchronousDeadline);
		logger.callAppenders(event);
	}

	/**
	 * Before a caller writes an event itself: what it had queued is written first, so that its order
	 * holds. A worker (a destination that logs) has nothing of its own queued and must not wait on the
	 * backlog it writes itself.
	 */
	private static void afterOwnQueued(LogbackBridge writer, long deadlineNanos) {
		if (writer != null && !writer.executor().isWorkerThread()) {
			writer.executor().awaitCallersEventsWritten(deadlineNanos);
		}
	}

	NamedSink[] sinks() {
		return this.sinks;
	}

	/** After a hand-over, the new primary's workers write once the previous one has written its own. */
	void awaitHandOverFor(LogbackDestination writer) {
		if (writer != this.handedOverTo) {
			return;
		}
		CountDownLatch previous = this.handOver;
		if (previous.getCount() > 0) {
			try {
				previous.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	Duration reconfigurationTimeout() {
		LogbackBridge writer = this.primary;
		return (writer != null) ? writer.options().reconfigurationTimeout() : BridgeOptions.DEFAULT_RECONFIGURATION_TIMEOUT;
	}

	AsyncLogExecutor<ILoggingEvent> primaryExecutor() {
		LogbackBridge writer = this.primary;
		return (writer != null) ? writer.executor() : null;
	}

	/**
	 * A bridge starts. The first puts the filter in front of Logback's chain; a later one stands by, its
	 * sinks written by the primary's workers, until the bridges before it stop.
	 * @throws UnknownAppenderException if an excluded appender is attached to no logger
	 */
	void join(LogbackBridge bridge) {
		// Said once the monitor is let go: a caller inside an appender these lines go to may be waiting for it.
		joined(bridge).forEach((line) -> line.accept(this.notices));
	}

	private synchronized List<Consumer<Notices>> joined(LogbackBridge bridge) {
		if (this.bridges.contains(bridge)) {
			return List.of();
		}
		if (this.primary != null && !this.synchronous) {
			this.bridges.add(bridge);
			rebuildSinks();
			String line = "async-logging: another application context in this JVM starts; events are written by the "
					+ "workers of the one that started first (" + this.primary + "), its LogSink beans included";
			return List.of((notices) -> notices.info(line));
		}
		this.routes.checkAttached(bridge.options().excludedAppenders());
		// The last one stops: this one queues from now on, so that its sinks get what is logged while it
		// runs, and its workers write once that one has written its own.
		boolean takingOver = this.primary != null;
		if (takingOver) {
			this.handedOverTo = bridge.destination();
		}
		this.bridges.add(bridge);
		rebuildSinks();
		// The filter first, the primary after: a caller that has queued for this bridge finds the filter on
		// its next call too, and is not written by Logback ahead of what it queued. Until the primary is
		// set, the filter writes as Logback would.
		this.capture.prepare(bridge);
		addFilterFirst();
		this.primary = bridge;
		this.synchronous = false;
		if (takingOver) {
			this.reconfiguration.handedOver();
		}
		else {
			this.reconfiguration.watch();
		}
		return new StartupReport(this.routes.attached(), bridge, this.capture.current()).notices();
	}

	/** What callers fix on each event, prepared again for the appenders attached now (see {@link PreparedCapture}). */
	synchronized void prepareCapture() {
		if (this.primary != null) {
			this.capture.prepare(this.primary);
		}
	}

	/** Whether the capture was prepared knowing this appender. */
	boolean isKnown(Appender<?> appender) {
		return this.capture.isKnown(appender);
	}

	/**
	 * A worker or a caller meets an appender attached since the capture was prepared (by code, at run
	 * time): if it reads caller data and {@code auto} did not capture it, it is captured from now on,
	 * and said once.
	 */
	void noticeAppender(Appender<ILoggingEvent> appender) {
		boolean startsCapturing;
		synchronized (this) {
			startsCapturing = this.primary != null && this.capture.prepareKnowing(appender, this.primary);
		}
		if (startsCapturing) {
			this.notices.warn("async-logging: " + LogbackDestination.nameOf(appender) + ", attached while the starter "
					+ "runs, reads caller data: captured from now on (lines logged before it was seen print '?')");
		}
	}

	/** First in Logback's chain, so that it decides before any other filter can end the chain. */
	synchronized void putFilterFirst() {
		if (this.primary != null) {
			addFilterFirst();
		}
	}

	private synchronized void addFilterFirst() {
		List<TurboFilter> filters = this.context.getTurboFilterList();
		if (!filters.contains(this.filter)) {
			this.filter.start();
			filters.add(0, this.filter);
		}
	}

	/**
	 * A bridge stops: its executor writes what it had queued within the timeout. The last one takes
	 * the filter away; otherwise the next running bridge queues from now on. Stops take turns (two
	 * contexts closed at once, each by its own thread): a bridge still stopping stays among the running
	 * ones until its queue is written, so that its sinks get it, and a stop that ran meanwhile would hand
	 * over to it.
	 * @return what could not be written
	 */
	StopReport leave(LogbackBridge bridge, Duration timeout) {
		synchronized (this.stopping) {
			return leaveInTurn(bridge, timeout);
		}
	}

	private StopReport leaveInTurn(LogbackBridge bridge, Duration timeout) {
		LogbackBridge writer = standingByFor(bridge);
		if (writer != null) {
			// A context standing by receives, in its sinks, every event logged while it ran.
			writer.executor().awaitQueuedSoFarWritten(deadline(timeout));
		}
		LogbackBridge next;
		CountDownLatch drained = new CountDownLatch(1);
		synchronized (this) {
			if (!this.bridges.contains(bridge) || bridge != this.primary) {
				forget(bridge);
				return bridge.executor().stop(timeout);
			}
			next = this.bridges.stream().filter((other) -> other != bridge).findFirst().orElse(null);
			this.handOver = drained;
			this.handOverDeadline = deadline(timeout) + STOP_MARGIN_NANOS;
			this.handingOver = bridge;
			if (next != null) {
				// The next one queues from now on; its workers write once this one has written its own.
				this.handedOverTo = next.destination();
				this.primary = next;
				prepareCapture();
				this.reconfiguration.handedOver();
			}
			else {
				// From now on a log call is written on its thread, after what that thread had queued.
				this.synchronousDeadline = this.handOverDeadline;
				this.synchronous = true;
			}
		}
		StopReport report;
		try {
			report = bridge.executor().stop(timeout);
		}
		finally {
			synchronized (this) {
				forget(bridge);
				drained.countDown();
				if (this.handOver == drained) {
					// Written: nothing waits any more, and the next one's sinks must not outlive its context.
					this.handedOverTo = null;
					this.handingOver = null;
				}
				if (next == null) {
					LogbackBridge joined = this.bridges.isEmpty() ? null : this.bridges.get(0);
					if (joined != null) {
						// Another context started while this one stopped: it writes from now on.
						this.primary = joined;
						this.synchronous = false;
						prepareCapture();
					}
					else {
						this.context.getTurboFilterList().remove(this.filter);
						this.reconfiguration.unwatch();
						this.primary = null;
						this.capture.forget();
					}
				}
			}
		}
		if (report.stuckInDestination() > 0) {
			// The one change the starter makes to the loggers: see LoggerRoutes.detach.
			List<String> hung = this.routes.detach(bridge.destination().appendersBeingWritten());
			if (!hung.isEmpty()) {
				this.notices.warn("async-logging: " + String.join(", ", hung) + " did not return from a write before "
						+ "async-logging.shutdown-timeout ran out; detached, so that nothing logged from now on waits on it "
						+ "and the application can exit");
			}
		}
		this.notices.lines(report);
		return report;
	}

	/** Capped at a year, so that it cannot overflow. */
	private static long deadline(Duration timeout) {
		long nanos = (timeout.compareTo(Duration.ofDays(365)) > 0) ? TimeUnit.DAYS.toNanos(365) : timeout.toNanos();
		return System.nanoTime() + nanos;
	}

	private void forget(LogbackBridge bridge) {
		this.bridges.remove(bridge);
		rebuildSinks();
	}

	private synchronized LogbackBridge standingByFor(LogbackBridge bridge) {
		return (this.primary != bridge && this.bridges.contains(bridge)) ? this.primary : null;
	}

	private void rebuildSinks() {
		List<NamedSink> all = new ArrayList<>();
		for (LogbackBridge bridge : this.bridges) {
			all.addAll(bridge.destination().ownSinks());
		}
		this.sinks = all.toArray(NO_SINKS);
	}

	@Override
	public String toString() {
		return "async-logging of " + this.context.getName();
	}

}
