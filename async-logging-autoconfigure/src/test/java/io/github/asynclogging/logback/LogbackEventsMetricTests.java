package io.github.asynclogging.logback;

import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.MDCFilter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.logging.LogbackMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 22, point 4 (Micrometer) and the turbo filters of others: Micrometer's {@code logback.events}
 * counter, which counts in a turbo filter of its own ({@code MetricsTurboFilter}, what Spring Boot
 * Actuator binds), counts each event exactly once with the starter running, whether it was bound
 * before or after the start, for the classic and the fluent API; a turbo filter that answers
 * {@code ACCEPT} (an {@code MDCFilter} turning on DEBUG for one user) makes an event below the
 * logger's level be written, by a worker.
 */
class LogbackEventsMetricTests {

	private static final int INFOS = 37;

	private static final int WARNS = 11;

	private final LoggerContext context = new LoggerContext();

	private final WrittenAppender written = new WrittenAppender("WRITTEN");

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private LogbackMetrics metrics;

	private LogbackBridge bridge;

	@BeforeEach
	void configure() {
		Bridges.start(this.context);
		this.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
		Bridges.started(this.context, this.written, org.slf4j.Logger.ROOT_LOGGER_NAME);
		this.bridge = Bridges.bridge(this.context, "metrics-worker-", List.of(), BridgeOptions.DEFAULTS);
	}

	@AfterEach
	void close() {
		MDC.remove("user");
		if (this.metrics != null) {
			this.metrics.close();
		}
		Bridges.stop(this.bridge, this.context);
	}

	private void bindLogbackMetrics() {
		this.metrics = new LogbackMetrics(List.of(), this.context);
		this.metrics.bindTo(this.registry);
	}

	private double events(String level) {
		return this.registry.get("logback.events").tag("level", level).functionCounter().count();
	}

	private Logger app() {
		return this.context.getLogger("app");
	}

	/** Logs the infos, the warnings and debug lines below the logger's level; waits until all are written. */
	private void logAndAwaitWritten(boolean fluent) {
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < INFOS; i++) {
			if (fluent) {
				app().atInfo().addKeyValue("order", i).log("info {}", i);
			}
			else {
				app().info("info {}", i);
			}
			expected.add("info " + i);
			app().debug("debug {}", i);
			if (i < WARNS) {
				if (fluent) {
					app().atWarn().addKeyValue("order", i).log("warn {}", i);
				}
				else {
					app().warn("warn {}", i);
				}
				expected.add("warn " + i);
			}
		}
		await().untilAsserted(() -> assertThat(this.written.messages()).containsExactlyElementsOf(expected));
	}

	private void assertCountedOnce(double infosBefore, double warnsBefore) {
		assertThat(events("info") - infosBefore).as("logback.events{level=info}").isEqualTo(INFOS);
		assertThat(events("warn") - warnsBefore).as("logback.events{level=warn}").isEqualTo(WARNS);
		assertThat(events("debug")).as("logback.events{level=debug}").isZero();
	}

	@Test
	void logbackEventsCountsEachEventOnceWhenBoundBeforeTheStart() {
		bindLogbackMetrics();
		this.bridge.start();
		double infos = events("info");
		double warns = events("warn");
		logAndAwaitWritten(false);
		assertCountedOnce(infos, warns);
	}

	@Test
	void logbackEventsCountsEachEventOnceWhenBoundAfterTheStart() {
		this.bridge.start();
		bindLogbackMetrics();
		logAndAwaitWritten(false);
		assertCountedOnce(0, 0);
	}

	@Test
	void logbackEventsCountsEachEventOfTheFluentApiOnce() {
		bindLogbackMetrics();
		this.bridge.start();
		double infos = events("info");
		double warns = events("warn");
		logAndAwaitWritten(true);
		assertCountedOnce(infos, warns);
	}

	private static MDCFilter debugFor(String user) {
		MDCFilter filter = new MDCFilter();
		filter.setName("debug-for-" + user);
		filter.setMDCKey("user");
		filter.setValue(user);
		filter.setOnMatch("ACCEPT");
		filter.setOnMismatch("NEUTRAL");
		filter.start();
		return filter;
	}

	/**
	 * Logback's {@code MDCFilter} reads SLF4J's own {@code MDC}, as an application writes it.
	 */
	private void assertDebugWrittenForAliceAlone() {
		app().info("start");
		MDC.put("user", "alice");
		app().debug("debug for alice");
		MDC.put("user", "bob");
		app().debug("debug for bob");
		MDC.remove("user");
		app().info("end");
		await().untilAsserted(() -> assertThat(this.written.messages()).containsExactly("start", "debug for alice",
				"end"));
		assertThat(this.written.writers()).as("threads that wrote the events")
			.doesNotContain(Thread.currentThread().getName());
	}

	@Test
	void aTurboFilterAddedBeforeTheStartThatAcceptsADebugEventGetsItWrittenByAWorker() {
		this.context.addTurboFilter(debugFor("alice"));
		this.bridge.start();
		assertDebugWrittenForAliceAlone();
	}

	@Test
	void aTurboFilterAddedAfterTheStartThatAcceptsADebugEventGetsItWrittenByAWorker() {
		this.bridge.start();
		this.context.addTurboFilter(debugFor("alice"));
		assertDebugWrittenForAliceAlone();
	}

}
