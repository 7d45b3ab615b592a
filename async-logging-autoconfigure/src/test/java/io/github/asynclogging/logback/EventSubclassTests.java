package io.github.asynclogging.logback;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An event of a subclass of Logback's {@code LoggingEvent}, made by code that calls
 * {@code callAppenders} itself (a socket receiver, a framework of its own), does not pass Logback's
 * turbo filters, where the starter captures: Logback writes it as it always does, on the calling
 * thread, to the appenders where they are, as itself.
 */
class EventSubclassTests {

	static final ThreadLocal<String> TENANT = new ThreadLocal<>();

	static final class TenantEvent extends LoggingEvent {

		private String tenant;

		TenantEvent(Logger logger, String message, Object[] arguments) {
			super(Logger.class.getName(), logger, Level.INFO, message, null, arguments);
		}

		String tenant() {
			if (this.tenant == null) {
				this.tenant = TENANT.get();
			}
			return this.tenant;
		}

		@Override
		public void prepareForDeferredProcessing() {
			super.prepareForDeferredProcessing();
			tenant();
		}

	}

	private final LoggerContext context = new LoggerContext();

	private final RecordingAppender console = new RecordingAppender("CONSOLE");

	private LogbackBridge bridge;

	@BeforeEach
	void configure() {
		Bridges.start(this.context);
		Bridges.started(this.context, this.console, org.slf4j.Logger.ROOT_LOGGER_NAME);
		this.bridge = Bridges.bridge(this.context, "sub-worker-", List.of(), new BridgeOptions(IncludeCallerData.FALSE, Set.of()));
		this.bridge.start();
	}

	@AfterEach
	void close() {
		this.bridge.stop(Duration.ofSeconds(10));
		this.context.stop();
		TENANT.remove();
	}

	@Test
	void anEventHandedToCallAppendersIsWrittenByLogbackOnTheCallerAsItself() {
		Logger app = this.context.getLogger("app");
		TENANT.set("acme");
		app.callAppenders(new TenantEvent(app, "no arguments", null));
		app.callAppenders(new TenantEvent(app, "order {}", new Object[] { "A-1" }));
		assertThat(this.console.writers).containsExactly(Thread.currentThread().getName(),
				Thread.currentThread().getName());
		assertThat(this.console.events).allSatisfy((event) -> {
			assertThat(event).isInstanceOf(TenantEvent.class);
			assertThat(((TenantEvent) event).tenant()).isEqualTo("acme");
		});
		assertThat(this.bridge.executor().submitted()).isZero();
	}

}
