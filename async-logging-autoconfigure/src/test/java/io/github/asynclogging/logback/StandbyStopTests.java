package io.github.asynclogging.logback;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.asynclogging.LogSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * CONTRACT.md, graceful shutdown: "When the destination keeps up, shutdown takes about as long as the
 * backlog takes to write, not the whole timeout, even while other threads go on logging", and several
 * application contexts "started and stopped in any order". A context that stands by (a second one,
 * whose sinks the first one's workers write) waits, when it stops, for the first one's whole queue to
 * be empty with no worker writing ({@code AsyncLogExecutor.awaitWritten}); this guards that a steady
 * stream of events from another thread does not keep that wait going until the shutdown timeout.
 * (It passes: the wait finds an instant with the queue empty often enough.)
 */
class StandbyStopTests {

	private final LoggerContext context = new LoggerContext();

	private final WrittenAppender appender = new WrittenAppender("APP");

	private final AtomicBoolean logging = new AtomicBoolean(true);

	private LogbackBridge first;

	private LogbackBridge second;

	private Thread caller;

	@BeforeEach
	void configure() {
		Bridges.start(this.context);
		Bridges.started(this.context, new NullAppender(), org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

	@AfterEach
	void close() throws InterruptedException {
		this.logging.set(false);
		if (this.caller != null) {
			this.caller.join(10_000);
		}
		if (this.second != null) {
			this.second.stop(Duration.ofSeconds(5));
		}
		Bridges.stop(this.first, this.context);
	}

	@Test
	@Timeout(value = 60, unit = TimeUnit.SECONDS)
	void aStandingByContextStopsAsSoonAsWhatItsSinksAreOwedIsWrittenWhileTheApplicationGoesOnLogging() {
		List<ILoggingEvent> sunk = new CopyOnWriteArrayList<>();
		LogSink sink = sunk::add;
		this.first = Bridges.bridge(this.context, "first-worker-", List.of(), BridgeOptions.DEFAULTS);
		this.second = Bridges.bridge(this.context, "second-worker-", List.of(sink), BridgeOptions.DEFAULTS);
		this.first.start();
		this.second.start();
		AtomicLong logged = new AtomicLong();
		this.caller = new Thread(() -> {
			Logger app = this.context.getLogger("app");
			while (this.logging.get()) {
				app.info("line {}", logged.incrementAndGet());
			}
		}, "steady-caller");
		this.caller.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> logged.get() > 10_000);
		long began = System.nanoTime();
		this.second.stop(Duration.ofSeconds(5));
		Duration took = Duration.ofNanos(System.nanoTime() - began);
		this.second = null;
		assertThat(took).as("time the standing-by context's stop took (timeout 5 s), with a queue of 1,024")
			.isLessThan(Duration.ofSeconds(2));
	}

	/** Writes nothing, quickly: the destination keeps up. */
	private static final class NullAppender extends ch.qos.logback.core.AppenderBase<ILoggingEvent> {

		NullAppender() {
			setName("NULL");
		}

		@Override
		protected void append(ILoggingEvent event) {
		}

	}

}
