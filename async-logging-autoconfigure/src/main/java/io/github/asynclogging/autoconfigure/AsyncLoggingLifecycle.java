package io.github.asynclogging.autoconfigure;

import java.time.Duration;

import io.github.asynclogging.logback.LogbackBridge;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * Ties the bridge to the application: it takes over the root logger's appenders when the context
 * has been refreshed, and is the last to stop (after the web server's graceful shutdown), so that
 * what is logged while requests finish is still written.
 */
public final class AsyncLoggingLifecycle implements SmartLifecycle, DisposableBean {

	/** Lowest phase: started before and stopped after every other lifecycle bean. */
	static final int PHASE = Integer.MIN_VALUE + 1000;

	private final LogbackBridge bridge;

	private final Duration shutdownTimeout;

	private volatile boolean running;

	AsyncLoggingLifecycle(LogbackBridge bridge, Duration shutdownTimeout) {
		this.bridge = bridge;
		this.shutdownTimeout = shutdownTimeout;
	}

	@Override
	public void start() {
		this.bridge.start();
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.bridge.stop(this.shutdownTimeout);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * Stops what a failed refresh started but never stopped.
	 */
	@Override
	public void destroy() {
		if (this.running) {
			stop();
		}
	}

}
