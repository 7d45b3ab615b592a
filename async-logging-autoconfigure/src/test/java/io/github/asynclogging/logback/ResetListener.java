package io.github.asynclogging.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggerContextListener;

/**
 * Runs an action as each reset of its context ends, in its place among the context's listeners: one
 * added before the starter's runs while Logback has no turbo filter yet, one added after it once the
 * starter's filter is back.
 */
final class ResetListener implements LoggerContextListener {

	private final Runnable onReset;

	ResetListener(Runnable onReset) {
		this.onReset = onReset;
	}

	@Override
	public void onReset(LoggerContext context) {
		this.onReset.run();
	}

	@Override
	public boolean isResetResistant() {
		return true;
	}

	@Override
	public void onStart(LoggerContext context) {
	}

	@Override
	public void onStop(LoggerContext context) {
	}

	@Override
	public void onLevelChange(Logger logger, Level level) {
	}

}
