package io.github.asynclogging.logback;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.WeakHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import io.github.asynclogging.LogSink;
import io.github.asynclogging.engine.AsyncLogExecutor;
import io.github.asynclogging.engine.StopReport;

/**
 * The starter's hold on one Logback context: which appenders it has taken from which loggers, which
 * running bridge's executor queues the events (the first to start, the primary; the others stand by,
 * their sinks written by the primary's workers), and every change of those: a take-over, a hand-over
 * from one application context to the next, a Logback reconfiguration, the hand-back.
 * <p>
 * One per Logback context, because the appenders and the loggers are the context's, not an
 * application context's: several application contexts in one JVM (test context caching, parent and
 * child, devtools restarts) share one. Structural changes are synchronized; the caller's path and the
 * workers read volatile snapshots only.
 */
final class Takeover {

	/**
	 * The one piece of static state: a Logback context outlives the application contexts that use it.
	 * Weak both ways, so that a context and its idle take-over can be collected (tests make many).
	 */
	private static final Map<LoggerContext, WeakReference<Takeover>> BY_CONTEXT = new WeakHashMap<>();

	/**
	 * How long a take-over, hand-back or reconfiguration lets callers that were already past the turbo
	 * filters (and so past the gate) reach the appender lists, before it changes them.
	 */
	private static final long GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

	/** How long a reset waits for the queue to be written to the appenders it is about to stop. */
	private static final long RESET_DRAIN_NANOS = TimeUnit.SECONDS.toNanos(1);

	/**
	 * How long workers wait for a reconfiguration to say it has ended before they take over what is
	 * attached then: a programmatic {@code reset()} followed by {@code addAppender} says nothing.
	 */
	private static final long SILENT_CONFIGURATION_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

	private static final LogSink[] NO_SINKS = {};

	/** How long {@link #settle} waits before its first change that changes nothing. */
	private static final long SETTLE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	/** Detached from loggers, never attached: a change of their appender lists that changes nothing. */
	private static final Appender<ILoggingEvent> NEVER_ATTACHED = new ch.qos.logback.core.read.ListAppender<>();

	private final LoggerContext context;

	private final Gate gate;

	private final ReconfigurationWatch watch;

	private final Notices notices;

	/** Running bridges in the order they started; the first is the primary. */
	private final List<LogbackBridge> bridges = new ArrayList<>();

	/** The capture appender of each logger that had appenders taken. */
	private final Map<String, CaptureAppender> captures = new LinkedHashMap<>();

	private volatile LogbackBridge primary;

	private volatile Routes routes = Routes.NONE;

	/** The routes a reset replaced: their appenders are retired once the reset is over. */
	private Routes retiring = Routes.NONE;

	/** A reset has stopped the old appenders and the new ones are not taken over yet: workers wait. */
	private volatile boolean paused;

	private volatile long pausedSince;

	private volatile LogSink[] sinks = NO_SINKS;

	private volatile EventCapture capture;

	/** The appenders for which caller data is captured only because it cannot be told, with why. */
	private List<String> callerDataUnknown = List.of();

	/** Open while the previous primary writes what it had queued: the next one's workers wait for it. */
	private volatile CountDownLatch handOver = new CountDownLatch(0);

	/** The destination whose workers wait for {@link #handOver}: the new primary's, never the old one's. */
	private volatile LogbackDestination handedOverTo;

	private volatile boolean gateSynchronous;

	private volatile long gateOpenedAt;

	private volatile long gateDeadline;

	private final Object routesChanged = new Object();

	private Takeover(LoggerContext context) {
		this.context = context;
		this.capture = new EventCapture(false, CallerContext.NONE, context, false);
		this.gate = new Gate(context, this);
		this.watch = new ReconfigurationWatch(context, this);
		this.notices = new Notices(context);
	}

	static synchronized Takeover of(LoggerContext context) {
		WeakReference<Takeover> known = BY_CONTEXT.get(context);
		Takeover takeover = (known != null) ? known.get() : null;
		if (takeover == null) {
			takeover = new Takeover(context);
			BY_CONTEXT.put(context, new WeakReference<>(takeover));
		}
		return takeover;
	}

	// ---- the caller's path ------------------------------------------------------------------

	/**
	 * Queues an event for every appender of its route: on the caller's thread, from a capture appender
	 * or the gate.
	 * @return {@code false} if no executor took it (a stop's last instant): the caller writes it
	 */
	boolean capture(ILoggingEvent event) {
		ILoggingEvent queued = this.capture.prepare(event);
		LogbackBridge writer = this.primary;
		return writer != null && writer.executor().submit(queued);
	}

	/** Whether events are prepared with their caller data. */
	boolean capturesCallerData() {
		return this.capture.capturesCallerData();
	}

	/** Whether an event captured now is queued. */
	boolean accepts() {
		LogbackBridge writer = this.primary;
		return writer != null && writer.executor().isRunning();
	}

	/** An event the gate built, while appenders move. */
	void gated(ILoggingEvent event) {
		if (this.gateSynchronous) {
			LogbackBridge writer = this.primary;
			// Written after the events this thread queued before, so that its order holds; a worker
			// (a destination that logs) has nothing queued of its own and must not wait on the
			// backlog it is writing itself.
			if (writer != null && !writer.executor().isWorkerThread()) {
				writer.executor().awaitCallersEventsWritten(this.gateDeadline);
			}
			writeEverythingNow(event, Set.of());
			return;
		}
		Set<String> excluded = excluded();
		writeExcludedNow(event, excluded);
		if (!capture(event)) {
			// A caller still inside the gate as a stop hands the appenders back: written as they are now.
			writeEverythingNow(event, excluded);
		}
	}

	/** The appenders that stay synchronous, on the event's route, for an event the gate holds back. */
	private void writeExcludedNow(ILoggingEvent event, Set<String> excluded) {
		if (excluded.isEmpty()) {
			return;
		}
		for (Logger logger : route(event.getLoggerName())) {
			for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext();) {
				Appender<ILoggingEvent> appender = it.next();
				if (isExcluded(excluded, appender)) {
					writeQuietly(appender, event);
				}
			}
		}
	}

	/**
	 * What synchronous Logback would write: every appender of the route, those taken included. One
	 * snapshot of each logger's appenders decides, so that an appender being handed back (attached
	 * again while the capture appender standing for it is still there) is written once.
	 * @param written the excluded appenders the caller wrote already
	 */
	private void writeEverythingNow(ILoggingEvent event, Set<String> written) {
		for (Logger logger : route(event.getLoggerName())) {
			List<Appender<ILoggingEvent>> attached = new ArrayList<>();
			logger.iteratorForAppenders().forEachRemaining(attached::add);
			List<Appender<ILoggingEvent>> standing = new ArrayList<>();
			for (Appender<ILoggingEvent> appender : attached) {
				if (appender instanceof CaptureAppender captured) {
					captured.iteratorForAppenders().forEachRemaining(standing::add);
				}
			}
			for (Appender<ILoggingEvent> appender : attached) {
				if (appender instanceof CaptureAppender captured) {
					captured.iteratorForAppenders().forEachRemaining((taken) -> writeQuietly(taken, event));
				}
				else if (!standing.contains(appender) && !isExcluded(written, appender)) {
					writeQuietly(appender, event);
				}
			}
		}
	}

	/** The loggers an event of this logger goes through, as they are configured now. */
	private List<Logger> route(String loggerName) {
		List<Logger> route = new ArrayList<>();
		for (String name = loggerName; name != null; name = Routes.parentOf(name)) {
			Logger logger = this.context.exists(name);
			if (logger != null) {
				route.add(logger);
				if (!logger.isAdditive()) {
					break;
				}
			}
		}
		return route;
	}

	private static void writeQuietly(Appender<ILoggingEvent> appender, ILoggingEvent event) {
		try {
			appender.doAppend(event);
		}
		catch (RuntimeException ex) {
			// As Logback's own synchronous path: an appender's failure never reaches the caller.
		}
	}

	// ---- the workers' path --------------------------------------------------------------------

	/**
	 * The routes a worker writes with, waiting while a reconfiguration has none, and, after a
	 * hand-over, until the previous primary has written what it had queued. The caller of this method
	 * must {@link Routes#leave leave} the routes after its write.
	 */
	Routes enterRoutes(LogbackDestination writer) {
		if (writer == this.handedOverTo) {
			awaitHandOver();
		}
		for (;;) {
			if (this.paused) {
				awaitConfigured();
				continue;
			}
			Routes current = this.routes;
			current.enter();
			// Entered, then read again: a reset that swapped the routes meanwhile waits for this writer.
			if (current == this.routes && !this.paused) {
				return current;
			}
			current.leave();
		}
	}

	LogSink[] sinks() {
		return this.sinks;
	}

	private void awaitHandOver() {
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

	private void awaitConfigured() {
		long waited = System.nanoTime() - this.pausedSince;
		if (waited >= SILENT_CONFIGURATION_NANOS) {
			configured("no configuration said it ended within "
					+ TimeUnit.NANOSECONDS.toMillis(SILENT_CONFIGURATION_NANOS) + " ms of a reset");
			return;
		}
		synchronized (this.routesChanged) {
			if (this.paused) {
				try {
					this.routesChanged.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(SILENT_CONFIGURATION_NANOS - waited)));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}
	}

	// ---- joining and leaving -------------------------------------------------------------------

	/**
	 * A bridge starts. The first takes over the context's appenders; a later one stands by, its sinks
	 * written by the primary's workers, until the bridges before it stop.
	 */
	synchronized void join(LogbackBridge bridge) {
		if (this.bridges.contains(bridge)) {
			return;
		}
		this.bridges.add(bridge);
		rebuildSinks();
		if (this.primary != null) {
			this.notices.info("async-logging: another application context in this JVM starts; events are written by the "
					+ "workers of the one that started first (" + this.primary + "), its LogSink beans included");
			return;
		}
		try {
			checkExcluded(bridge.options().excludedAppenders());
			// A caller holding an old appender list may queue through a capture appender of a bridge
			// gone: its workers wait for the routes of this take-over rather than write to none.
			pause();
			this.primary = bridge;
			takeOverAttached();
			this.watch.watch();
		}
		catch (RuntimeException ex) {
			this.bridges.remove(bridge);
			rebuildSinks();
			this.primary = null;
			useRoutes(Routes.NONE);
			throw ex;
		}
		this.notices.info(describeTakeOver(bridge));
		warnIfMemoryBoundIsNotBelowTheHeap(bridge);
	}

	/**
	 * A memory bound at or above the heap bounds nothing: the heap runs out first. Accepted, since the
	 * same configuration may run with a larger heap elsewhere, but said.
	 */
	private void warnIfMemoryBoundIsNotBelowTheHeap(LogbackBridge bridge) {
		long bound = bridge.executor().queueMemoryMax();
		long heap = Runtime.getRuntime().maxMemory();
		if (heap != Long.MAX_VALUE && bound >= heap) {
			this.notices.warn("async-logging: async-logging.queue-memory (" + megabytes(bound)
					+ ") is not below the JVM's maximum heap (" + megabytes(heap) + "): the heap runs out before the"
					+ " queue's memory bound is reached. Set it below the heap, or remove it for 5% of the heap.");
		}
	}

	/**
	 * A bridge stops: its executor writes what it had queued within the timeout. The last one hands
	 * the appenders back to their loggers; otherwise the next running bridge takes over the queue.
	 * @return what could not be written
	 */
	StopReport leave(LogbackBridge bridge, Duration timeout) {
		LogbackBridge writer = standingByFor(bridge);
		if (writer != null) {
			// A context standing by receives, in its sinks, every event logged while it ran.
			writer.executor().awaitWritten(System.nanoTime() + timeout.toNanos());
		}
		LogbackBridge next;
		CountDownLatch drained = new CountDownLatch(1);
		synchronized (this) {
			if (!this.bridges.contains(bridge)) {
				return bridge.executor().stop(timeout);
			}
			if (bridge != this.primary) {
				forget(bridge);
				return bridge.executor().stop(timeout);
			}
			next = this.bridges.stream().filter((other) -> other != bridge).findFirst().orElse(null);
			if (next != null) {
				// The next one queues from now on; its workers write once this one has written its own.
				this.handOver = drained;
				this.handedOverTo = next.destination();
				this.primary = next;
			}
			else {
				if (this.paused) {
					takeOverAttached();
				}
				// From now on a log call is written on its thread, after what that thread had queued.
				this.gateDeadline = System.nanoTime() + timeout.toNanos() + TimeUnit.SECONDS.toNanos(1);
				this.gateSynchronous = true;
				openGate();
			}
		}
		StopReport report;
		try {
			if (next == null) {
				awaitGrace();
			}
			report = bridge.executor().stop(timeout);
		}
		finally {
			synchronized (this) {
				// Its sinks received what it had queued; from now on they receive nothing.
				forget(bridge);
				drained.countDown();
				if (this.handOver == drained) {
					// Written: nothing waits any more, and the next one's sinks must not outlive its context.
					this.handedOverTo = null;
				}
				if (next == null) {
					handBack();
				}
			}
		}
		this.notices.lines(report);
		return report;
	}

	private void forget(LogbackBridge bridge) {
		this.bridges.remove(bridge);
		rebuildSinks();
	}

	/** The primary, if the bridge runs and stands by for it. */
	private synchronized LogbackBridge standingByFor(LogbackBridge bridge) {
		return (this.primary != bridge && this.bridges.contains(bridge)) ? this.primary : null;
	}

	private void handBack() {
		retireReplaced();
		List<String> stuck = new ArrayList<>();
		List<Logger> changed = new ArrayList<>();
		for (CaptureAppender capture : this.captures.values()) {
			Logger logger = this.context.getLogger(capture.loggerName());
			changed.add(logger);
			for (TakenAppender taken : this.routes.taken().getOrDefault(capture.loggerName(), new TakenAppender[0])) {
				if (taken.isBeingWritten()) {
					stuck.add(taken.describe());
				}
				else {
					logger.addAppender(taken.appender);
				}
			}
			logger.detachAppender(capture);
			capture.stop();
		}
		settle(changed);
		this.captures.clear();
		this.watch.unwatch();
		this.primary = null;
		this.routes = Routes.NONE;
		closeGate();
		this.gateSynchronous = false;
		if (!stuck.isEmpty()) {
			this.notices.warn("async-logging: " + String.join(", ", stuck) + " did not return from a write before "
					+ "async-logging.shutdown-timeout ran out; left detached, so that nothing logged from now on waits on it");
		}
	}

	private void rebuildSinks() {
		List<LogSink> all = new ArrayList<>();
		for (LogbackBridge bridge : this.bridges) {
			all.addAll(bridge.destination().ownSinks());
		}
		this.sinks = all.toArray(NO_SINKS);
	}

	// ---- taking over ---------------------------------------------------------------------------

	/**
	 * Takes over the appenders attached to loggers now that are neither the starter's nor excluded,
	 * behind the gate, so that no log call sees an appender list half changed.
	 */
	private void takeOverAttached() {
		Set<String> excluded = excluded();
		Map<String, List<TakenAppender>> newlyTaken = new LinkedHashMap<>();
		for (Logger logger : this.context.getLoggerList()) {
			for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext();) {
				Appender<ILoggingEvent> appender = it.next();
				if (!(appender instanceof CaptureAppender) && !isExcluded(excluded, appender)) {
					newlyTaken.computeIfAbsent(logger.getName(), (name) -> new ArrayList<>())
						.add(new TakenAppender(appender, logger.getName()));
				}
			}
		}
		if (newlyTaken.isEmpty() && !this.paused) {
			return;
		}
		// Events the gate queues meanwhile are written to the appenders being taken too: prepared for
		// them (caller data, trace context, copies), as well as for those taken before.
		List<TakenAppender> taking = new ArrayList<>();
		newlyTaken.values().forEach(taking::addAll);
		this.capture = captureFor(this.capture.capturesCallerData() || callerData(taking, false), excluded);
		// A reset emptied the routes; otherwise what was taken before stays taken, beside what is new.
		boolean afterReset = this.paused;
		// Workers write what the gate queues meanwhile with the routes this take-over makes, not before.
		pause();
		openGate();
		awaitGrace();
		Map<String, List<TakenAppender>> taken = new LinkedHashMap<>();
		if (!afterReset) {
			this.routes.taken().forEach((name, appenders) -> taken.put(name, new ArrayList<>(List.of(appenders))));
		}
		newlyTaken.forEach((name, appenders) -> taken.computeIfAbsent(name, (key) -> new ArrayList<>()).addAll(appenders));
		List<Logger> changed = new ArrayList<>();
		newlyTaken.forEach((name, appenders) -> {
			Logger logger = this.context.getLogger(name);
			CaptureAppender capture = this.captures.computeIfAbsent(name, (key) -> new CaptureAppender(this, key));
			capture.setContext(this.context);
			// Before it is attached: a caller that meets it in a list never finds it standing for nothing.
			capture.standFor(appendersOf(taken.get(name)));
			capture.start();
			if (!logger.isAttached(capture)) {
				logger.addAppender(capture);
			}
			for (TakenAppender appender : appenders) {
				logger.detachAppender(appender.appender);
			}
			changed.add(logger);
		});
		settle(changed);
		Routes updated = Routes.of(this.context.getLoggerList(), taken);
		this.captures.forEach((name, capture) -> capture.update(updated.capturedBelow(name), appendersOf(taken.get(name))));
		this.capture = captureFor(callerData(updated), excluded);
		List<TakenAppender> justTaken = new ArrayList<>();
		newlyTaken.values().forEach(justTaken::addAll);
		String openTelemetry = OpenTelemetryAppenders.problems(justTaken, this.capture.carriesTraceContext());
		if (openTelemetry != null) {
			this.notices.warn(openTelemetry);
		}
		useRoutes(updated);
		if (!this.gateSynchronous) {
			closeGate();
		}
	}

	/**
	 * Makes the loggers' callers see the appender lists as they are now. Logback caches each list's
	 * array and a caller refreshing the cache while the list changes can keep an old array until the
	 * next change (its COWArrayList marks the cache stale only after a change, and a refresh begun
	 * before it marks the cache fresh after): a change that changes nothing, a while after the real
	 * ones, makes every caller read the list again. Again and again, for a caller descheduled in the
	 * middle of a refresh: rounds at growing intervals, about 60 ms in all.
	 */
	private static void settle(List<Logger> changed) {
		for (long wait = SETTLE_NANOS; wait <= 32 * SETTLE_NANOS; wait *= 2) {
			LockSupport.parkNanos(wait);
			for (Logger logger : changed) {
				logger.detachAppender(NEVER_ATTACHED);
			}
		}
	}

	private static List<Appender<ILoggingEvent>> appendersOf(List<TakenAppender> taken) {
		List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
		if (taken != null) {
			taken.forEach((appender) -> appenders.add(appender.appender));
		}
		return appenders;
	}

	private void pause() {
		synchronized (this.routesChanged) {
			if (!this.paused) {
				this.pausedSince = System.nanoTime();
				this.paused = true;
			}
		}
	}

	private void useRoutes(Routes updated) {
		synchronized (this.routesChanged) {
			this.routes = updated;
			this.paused = false;
			this.routesChanged.notifyAll();
		}
	}

	private boolean callerData(Routes routes) {
		List<TakenAppender> taken = new ArrayList<>();
		routes.taken().values().forEach((appenders) -> taken.addAll(List.of(appenders)));
		return callerData(taken, true);
	}

	/**
	 * Whether to capture caller data for these appenders.
	 * @param warn whether to say so when appenders print it and capture is off
	 */
	private boolean callerData(Collection<TakenAppender> taken, boolean warn) {
		LogbackBridge bridge = this.primary;
		IncludeCallerData include = (bridge != null) ? bridge.options().includeCallerData() : IncludeCallerData.AUTO;
		List<String> printing = new ArrayList<>();
		List<String> unknown = new ArrayList<>();
		for (TakenAppender appender : taken) {
			String reason = CallerDataReaders.reason(appender.appender);
			if (reason != null) {
				printing.add(appender.describe());
			}
			if (CallerDataReaders.isUnknown(reason)) {
				unknown.add(appender.describe() + ": " + reason);
			}
		}
		if (warn) {
			this.callerDataUnknown = List.copyOf(unknown);
		}
		if (warn && include == IncludeCallerData.FALSE && !printing.isEmpty()) {
			this.notices.warn("async-logging: " + String.join(", ", printing) + " print caller data (%line, %method, "
					+ "%class, %file or %caller), but async-logging.include-caller-data is false: they print '?' "
					+ "instead. Remove the key (auto) to capture it for them.");
		}
		return include == IncludeCallerData.TRUE || (include == IncludeCallerData.AUTO && !printing.isEmpty());
	}

	/** How callers prepare events for the appenders taken, those in {@code excluded} staying synchronous. */
	private EventCapture captureFor(boolean callerData, Set<String> excluded) {
		return new EventCapture(callerData, callerContext(), this.context, !excluded.isEmpty());
	}

	private CallerContext callerContext() {
		LogbackBridge bridge = this.primary;
		return CallerContext.of(bridge != null && bridge.options().carryTraceContext());
	}

	private void checkExcluded(Set<String> excluded) {
		if (excluded.isEmpty()) {
			return;
		}
		Set<String> attached = new TreeSet<>();
		for (Logger logger : this.context.getLoggerList()) {
			for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext();) {
				String name = it.next().getName();
				if (name != null) {
					attached.add(name);
				}
			}
		}
		Set<String> unknown = new TreeSet<>(excluded);
		unknown.removeAll(attached);
		if (!unknown.isEmpty()) {
			throw new UnknownAppenderException(unknown, attached);
		}
	}

	/** An appender without a name cannot be excluded: the key names appenders. */
	private static boolean isExcluded(Set<String> excluded, Appender<ILoggingEvent> appender) {
		String name = appender.getName();
		return name != null && excluded.contains(name);
	}

	private Set<String> excluded() {
		LogbackBridge bridge = this.primary;
		return (bridge != null) ? bridge.options().excludedAppenders() : Set.of();
	}

	private String describeTakeOver(LogbackBridge bridge) {
		List<String> names = new ArrayList<>();
		this.routes.taken().values().forEach((appenders) -> {
			for (TakenAppender appender : appenders) {
				names.add(appender.describe());
			}
		});
		AsyncLogExecutor<ILoggingEvent> executor = bridge.executor();
		var settings = executor.settings();
		String shedding = (settings.discardThreshold() < 1.0)
				? "; " + settings.discardLevel().tagValue() + " and below shed above "
						+ Math.round(settings.discardThreshold() * 100) + "%"
				: "";
		Set<String> excluded = new TreeSet<>(bridge.options().excludedAppenders());
		return "async-logging: " + (names.isEmpty() ? "no appender" : String.join(", ", names)) + " written by "
				+ settings.workers() + ((settings.workers() == 1) ? " worker" : " workers") + " from a queue of "
				+ settings.queueCapacity() + " events / " + megabytes(executor.queueMemoryMax()) + " ("
				+ settings.dropPolicy().name().toLowerCase().replace('_', '-') + shedding + "; caller data "
				+ (this.capture.capturesCallerData() ? "captured" : "not captured")
				+ ((this.capture.capturesCallerData() && !this.callerDataUnknown.isEmpty())
						? " (" + String.join("; ", this.callerDataUnknown) + ")" : "")
				+ (this.capture.carriesTraceContext() ? "; trace context carried" : "") + "); synchronous: "
				+ (excluded.isEmpty() ? "none" : String.join(", ", excluded));
	}

	private static String megabytes(long bytes) {
		return (bytes >= 1024 * 1024) ? (bytes / (1024 * 1024)) + " MB" : (bytes / 1024) + " KB";
	}

	// ---- reconfiguration -------------------------------------------------------------------------

	/**
	 * A reset begins, before Logback stops any appender. From now on a caller writes its logger's
	 * appenders itself, after what it had queued, as synchronous Logback does until the reset detaches
	 * them: so a caller that meets the new configuration's appenders before the starter takes them
	 * over has nothing queued that its line could overtake. The queue is written to the appenders it
	 * was queued for; then the workers wait for the new configuration.
	 */
	synchronized void beforeReset() {
		LogbackBridge writer = this.primary;
		if (writer == null) {
			return;
		}
		retireReplaced();
		this.captures.values().forEach(CaptureAppender::stop);
		long deadline = System.nanoTime() + RESET_DRAIN_NANOS;
		if (!writer.executor().isWorkerThread()) {
			// A caller past the capture appender's check queues its event still: written by the drain.
			LockSupport.parkNanos(GRACE_NANOS);
			writer.executor().awaitWritten(deadline);
		}
		Routes old = this.routes;
		pause();
		this.routes = Routes.NONE;
		old.awaitLeft(deadline);
		this.retiring = old;
		// Logback's reset detaches them.
		this.captures.clear();
	}

	/**
	 * A caller meets a capture appender stopped by a reset or a hand-back: it writes itself, once what
	 * it had queued is written.
	 */
	void awaitOwnQueuedWritten() {
		LogbackBridge writer = this.primary;
		// Paused, the workers write nothing until the next take-over: the reset drained what they would.
		if (writer != null && !this.paused && !writer.executor().isWorkerThread()) {
			writer.executor().awaitCallersEventsWritten(System.nanoTime() + RESET_DRAIN_NANOS);
		}
	}

	/**
	 * Stops the appenders a reset replaced, as Logback stops those it detaches: Logback cannot see
	 * them, the starter holds them.
	 */
	private void retireReplaced() {
		Routes old = this.retiring;
		this.retiring = Routes.NONE;
		old.taken().values().forEach((appenders) -> {
			for (TakenAppender appender : appenders) {
				appender.retire();
			}
		});
	}

	/**
	 * The reset is over and no logger has an appender: until the new configuration is taken over, the
	 * gate queues every event, so that none is written ahead of those queued before.
	 */
	synchronized void afterReset() {
		retireReplaced();
		if (this.primary != null) {
			openGate();
		}
	}

	/** A configuration ended: what it attached is taken over. */
	synchronized void configured(String why) {
		if (this.primary == null) {
			return;
		}
		boolean wasPaused = this.paused;
		takeOverAttached();
		if (wasPaused && why.startsWith("no configuration")) {
			this.notices.warn("async-logging: Logback was reset and " + why + "; took over what was attached then");
		}
	}

	// ---- the gate ----------------------------------------------------------------------------------

	private boolean isGateOpen() {
		return this.context.getTurboFilterList().contains(this.gate);
	}

	private void openGate() {
		if (!isGateOpen()) {
			this.gate.start();
			this.context.getTurboFilterList().add(0, this.gate);
			this.gateOpenedAt = System.nanoTime();
		}
	}

	/**
	 * Waits until the gate has stood long enough for calls that were past the turbo filters when it
	 * was put there to have reached the appender lists.
	 */
	private void awaitGrace() {
		long left = GRACE_NANOS - (System.nanoTime() - this.gateOpenedAt);
		if (left > 0) {
			LockSupport.parkNanos(left);
		}
	}

	private void closeGate() {
		this.context.getTurboFilterList().remove(this.gate);
	}

	@Override
	public String toString() {
		return "async-logging of " + this.context.getName();
	}

}
