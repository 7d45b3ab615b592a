package io.github.asynclogging.logback;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Issue 22: other turbo filters keep their decisions and side effects with the starter's
 * {@code CaptureFilter} first in the chain, which asks the filters after it itself. Each test first
 * shows what synchronous Logback does with the same chain, then the same with the starter running.
 */
class CaptureFilterChainTests {

	private final LoggerContext context = new LoggerContext();

	private final WrittenAppender appender = new WrittenAppender("APP");

	private LogbackBridge bridge;

	@BeforeEach
	void configure() {
		Bridges.start(this.context);
		Bridges.started(this.context, this.appender, org.slf4j.Logger.ROOT_LOGGER_NAME);
		this.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
		this.bridge = Bridges.bridge(this.context, "chain-worker-", List.of(), BridgeOptions.DEFAULTS);
	}

	@AfterEach
	void close() {
		Bridges.stop(this.bridge, this.context);
	}

	private Logger app() {
		return this.context.getLogger("app");
	}

	/**
	 * A filter that takes itself out of the chain the first time it is asked about a log call (a
	 * start-up window's filter, a one-shot switch; or any filter another thread removes while a call is
	 * in the chain, as Micrometer's {@code LogbackMetrics.close()} or Spring Boot's start-up filter do),
	 * followed by a filter that denies and counts. Synchronous Logback walks a snapshot of the
	 * copy-on-write list, so the second filter is still asked and the line is denied. The starter walks
	 * the live list by index: once the first filter is gone, the second has moved to the index just
	 * asked, is skipped, and the line it denies is written (and its counter misses it).
	 */
	@Test
	void aFilterAfterOneThatLeavesTheChainMidCallIsStillAskedAndItsDenialHolds() {
		CountingDenial denial = new CountingDenial();
		this.context.addTurboFilter(new LeavesOnFirstCall(this.context));
		this.context.addTurboFilter(denial);
		app().info("denied without the starter");
		assertThat(denial.asked.get()).as("synchronous Logback asks the filter after the one that left").isEqualTo(1);
		assertThat(this.appender.messages()).isEmpty();

		this.context.getTurboFilterList().add(0, new LeavesOnFirstCall(this.context));
		this.bridge.start();
		app().info("denied with the starter");
		app().info("marker");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.bridge.executor().queueSize() == 0
				&& this.bridge.executor().submitted() == this.bridge.executor().delivered() + this.bridge.executor().dropped());
		assertThat(denial.asked.get()).as("times the denying filter was asked: once per call").isEqualTo(3);
		assertThat(this.appender.messages()).as("lines written").isEmpty();
	}

	/**
	 * The same with an {@code IllegalStateException}: it reaches the caller, with and without the
	 * starter, and the line is not written. Guards that the starter does not swallow a filter's failure.
	 */
	@Test
	void anIllegalStateExceptionFromAnotherTurboFilterReachesTheCallerAsInSynchronousLogback() {
		this.context.addTurboFilter(new TurboFilter() {
			@Override
			public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
					Throwable t) {
				if (format != null && format.startsWith("boom")) {
					throw new IllegalStateException("a bug of this filter's own");
				}
				return FilterReply.NEUTRAL;
			}
		});
		this.context.getTurboFilterList().forEach(TurboFilter::start);
		assertThatThrownBy(() -> app().info("boom without the starter")).isInstanceOf(IllegalStateException.class);
		this.bridge.start();
		assertThatThrownBy(() -> app().info("boom with the starter")).isInstanceOf(IllegalStateException.class);
		app().info("after");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.appender.messages().contains("after"));
		assertThat(this.appender.messages()).containsExactly("after");
	}

	/** Accepts the calls whose message starts with a prefix, whatever their level. */
	private static final class AcceptsPrefix extends TurboFilter {

		private final String prefix;

		AcceptsPrefix(String prefix) {
			this.prefix = prefix;
			start();
		}

		@Override
		public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
				Throwable t) {
			return (format != null && format.startsWith(this.prefix)) ? FilterReply.ACCEPT : FilterReply.NEUTRAL;
		}

	}

	/** Takes a millisecond per line, so that a backlog builds. */
	private static final class SlowAppender extends WrittenAppender {

		SlowAppender() {
			super("SLOW");
		}

		@Override
		protected void append(ch.qos.logback.classic.spi.ILoggingEvent event) {
			java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
			super.append(event);
		}

	}

	/**
	 * Neutral; removes itself from the chain the first time it is asked about a call with a message to
	 * the logger {@code app} (not the starter's own start-up line).
	 */
	private static final class LeavesOnFirstCall extends TurboFilter {

		private final LoggerContext context;

		LeavesOnFirstCall(LoggerContext context) {
			this.context = context;
			start();
		}

		@Override
		public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
				Throwable t) {
			if (format != null && logger.getName().equals("app")) {
				this.context.getTurboFilterList().remove(this);
			}
			return FilterReply.NEUTRAL;
		}

	}

	/** Denies every call with a message to the logger {@code app}, and counts how often it was asked. */
	private static final class CountingDenial extends TurboFilter {

		final AtomicInteger asked = new AtomicInteger();

		CountingDenial() {
			start();
		}

		@Override
		public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
				Throwable t) {
			if (format == null || !logger.getName().equals("app")) {
				return FilterReply.NEUTRAL;
			}
			this.asked.incrementAndGet();
			return FilterReply.DENY;
		}

	}

}
