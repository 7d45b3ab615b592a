package io.github.asynclogging.logback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.asynclogging.engine.AsyncLogExecutor;

/**
 * What the starter does while Logback is reconfigured, told by {@link ReconfigurationWatch}, with no
 * clock in it: the queue's order decides.
 * <ul>
 * <li>A reset begins, before Logback stops any appender: the executor {@link AsyncLogExecutor#hold
 * holds} back what is logged from now on, and the reset waits until what was queued before is
 * written to the appenders it was logged for (at most the reconfiguration timeout, for a destination
 * that hangs).</li>
 * <li>A configuration Logback announces (Joran's start, a scan's change) holds back what is logged
 * while it is built, once what was queued before is written; its end (Joran's, or the context
 * started, as Spring Boot starts it) releases it, so those events reach the new configuration's
 * appenders, in each thread's order.</li>
 * <li>A reset that no configuration follows (a programmatic {@code reset()} and {@code addAppender})
 * releases at its end, and returns once what was logged while it ran is written to what is attached
 * then (nothing, after Logback's own reset), as synchronous Logback writes it. An appender attached
 * after the reset receives what is logged after it, never a line its thread logged before one that
 * Logback wrote itself: for a moment near the reset's end Logback has no turbo filter, and a call it
 * lets through then is written on its thread to what the logger has when the call gets there.</li>
 * </ul>
 * Callers never wait: what is held back waits in the queue, whose bounds and drop policy apply.
 * A hold that nothing releases (a configuration that failed before it could say it ended) ends by
 * itself after the reconfiguration timeout, and says so.
 */
final class Reconfiguration {

	private final LoggerContext context;

	private final ContextCapture capture;

	private final ReconfigurationWatch watch;

	/** A configuration was announced and has not said it ended. */
	private volatile boolean building;

	/** Set while a reset runs: its waits, at its start and at its end, share one deadline. */
	private volatile boolean resetting;

	private volatile long resetDeadline;

	Reconfiguration(LoggerContext context, ContextCapture capture) {
		this.context = context;
		this.capture = capture;
		this.watch = new ReconfigurationWatch(context, this);
	}

	void watch() {
		this.watch.watch();
	}

	void unwatch() {
		this.watch.unwatch();
		this.building = false;
	}

	/** A reset begins: what was queued before it is written while its appenders still run. */
	void resetBegins() {
		this.resetDeadline = System.nanoTime() + timeoutNanos();
		this.resetting = true;
		AsyncLogExecutor<ILoggingEvent> executor = hold();
		if (executor != null) {
			executor.awaitHeldWritten(this.resetDeadline);
		}
	}

	/** The reset is over: Logback removed every turbo filter, the starter's included. */
	void resetEnded() {
		// A destination that hangs costs the reset the timeout once, not at its start and again here.
		long deadline = this.resetting ? this.resetDeadline : System.nanoTime() + timeoutNanos();
		this.resetting = false;
		this.capture.putFilterFirst();
		if (!this.building) {
			this.capture.prepareCapture();
			AsyncLogExecutor<ILoggingEvent> executor = release();
			if (executor != null) {
				executor.awaitQueuedSoFarWritten(deadline);
			}
		}
	}

	/**
	 * A configuration begins (Joran's, or a scan found a change): what is logged meanwhile waits for
	 * it, and what was queued before is written first, to the appenders it was logged for (a
	 * configuration without a reset changes them while it runs).
	 */
	void configurationBegins() {
		this.building = true;
		AsyncLogExecutor<ILoggingEvent> executor = hold();
		if (executor != null) {
			executor.awaitHeldWritten(System.nanoTime() + timeoutNanos());
		}
	}

	/** A configuration ended, or the context started: what it attached is written from now on. */
	void configurationEnded() {
		this.building = false;
		this.capture.putFilterFirst();
		this.capture.prepareCapture();
		release();
	}

	/**
	 * Another application context's bridge queues from now on: while a configuration is built or a
	 * reset runs, it holds back what is logged too, until their end releases it.
	 */
	void handedOver() {
		if (this.building || this.resetting) {
			hold();
		}
	}

	private AsyncLogExecutor<ILoggingEvent> hold() {
		AsyncLogExecutor<ILoggingEvent> executor = this.capture.primaryExecutor();
		if (executor != null) {
			executor.hold(this.capture.reconfigurationTimeout(), this::expired);
		}
		return executor;
	}

	private AsyncLogExecutor<ILoggingEvent> release() {
		AsyncLogExecutor<ILoggingEvent> executor = this.capture.primaryExecutor();
		if (executor != null) {
			executor.release();
		}
		return executor;
	}

	private void expired() {
		this.building = false;
		this.context.getLogger(LogbackBridge.NOTICE_LOGGER)
			.warn("async-logging: Logback was reconfigured and no configuration said it ended within "
					+ this.capture.reconfigurationTimeout().toMillis() + " ms; what was logged meanwhile is "
					+ "written to the appenders attached now");
	}

	private long timeoutNanos() {
		return this.capture.reconfigurationTimeout().toNanos();
	}

}
