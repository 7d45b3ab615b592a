package io.github.asynclogging.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.core.spi.ConfigurationEvent;
import ch.qos.logback.core.spi.ConfigurationEventListener;
import ch.qos.logback.core.spi.LifeCycle;

/**
 * Tells the {@link Reconfiguration} when Logback is reset and configured again, however that happens: a
 * second {@code SpringApplication.run}, a refresh, {@code scan="true"}, a programmatic
 * {@code reset()}.
 * <p>
 * Three of Logback's hooks, because no one of them sees every case: registered as a component of the
 * context, it is stopped at the very start of a reset, before Logback stops any appender, which is
 * when the queue must be written; as a context listener it hears that the reset is over and, from
 * Spring Boot, that the new configuration has started; as a configuration listener it hears that a
 * Joran configuration (a scan, say) has ended. {@code LoggerContext.stop()} removes every context
 * listener, reset-resistant or not: being stopped at the next reset is what puts it back.
 */
final class ReconfigurationWatch implements LifeCycle, LoggerContextListener, ConfigurationEventListener {

	private final LoggerContext context;

	private final Reconfiguration reconfiguration;

	private volatile boolean watching;

	ReconfigurationWatch(LoggerContext context, Reconfiguration reconfiguration) {
		this.context = context;
		this.reconfiguration = reconfiguration;
	}

	void watch() {
		this.watching = true;
		this.context.register(this);
		listen();
		this.context.addConfigurationEventListener(this);
	}

	void unwatch() {
		this.watching = false;
		this.context.removeListener(this);
		this.context.removeConfigurationEventListener(this);
	}

	private void listen() {
		if (!this.context.getCopyOfListenerList().contains(this)) {
			this.context.addListener(this);
		}
	}

	/** A reset begins: Logback stops its components before anything else. */
	@Override
	public void stop() {
		if (this.watching) {
			listen();
			this.reconfiguration.resetBegins();
		}
	}

	@Override
	public void onReset(LoggerContext loggerContext) {
		if (this.watching) {
			// The reset forgot the component: it must be stopped again at the next one.
			this.context.register(this);
			this.reconfiguration.resetEnded();
		}
	}

	@Override
	public void onStart(LoggerContext loggerContext) {
		if (this.watching) {
			this.reconfiguration.configurationEnded();
		}
	}

	/**
	 * A Joran configuration begins (or a scan found a change and is about to configure) or ends, well
	 * or with errors. Read by name: the set of event types differs between Logback versions.
	 */
	@Override
	public void listen(ConfigurationEvent event) {
		if (!this.watching) {
			return;
		}
		String type = event.getEventType().name();
		if (type.equals("CONFIGURATION_STARTED") || type.equals("CHANGE_DETECTED")) {
			this.reconfiguration.configurationBegins();
		}
		else if (type.startsWith("CONFIGURATION_ENDED") || type.startsWith("PARTIAL_CONFIGURATION_ENDED")) {
			this.reconfiguration.configurationEnded();
		}
	}

	@Override
	public void start() {
	}

	@Override
	public boolean isStarted() {
		return this.watching;
	}

	@Override
	public boolean isResetResistant() {
		return true;
	}

	@Override
	public void onStop(LoggerContext loggerContext) {
	}

	@Override
	public void onLevelChange(Logger logger, Level level) {
	}

}
