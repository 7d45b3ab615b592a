package io.github.asynclogging.autoconfigure;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.asynclogging.LogSink;
import io.github.asynclogging.engine.AsyncLogExecutor;
import io.github.asynclogging.engine.DestinationLane;
import io.github.asynclogging.engine.DropReason;
import io.github.asynclogging.engine.EventLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application whose destination is slow: the caller goes on, drops are counted and said in
 * the log itself.
 */
@ExtendWith(OutputCaptureExtension.class)
class SlowDestinationTests {

	private static final Logger logger = LoggerFactory.getLogger("slow-destination");

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AsyncLoggingAutoConfiguration.class));

	@Test
	void callerIsNotHeldByADestinationThatTakesFiveMillisecondsPerEvent() {
		AtomicLong written = new AtomicLong();
		LogSink fiveMillis = (event) -> {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
			written.incrementAndGet();
		};
		this.runner.withBean(LogSink.class, () -> fiveMillis)
			.withPropertyValues("async-logging.queue-capacity=20000", "async-logging.shutdown-timeout=0s")
			.run((context) -> {
				for (int i = 0; i < 10_000; i++) {
					logger.info("event {}", i);
				}
				// Written synchronously, these 10,000 events would have taken the caller 50 s.
				assertThat(written.get()).isLessThan(1_000);
				AsyncLogExecutor<?> executor = context.getBean(AsyncLogExecutor.class);
				assertThat(executor.submitted(EventLevel.INFO)).isGreaterThanOrEqualTo(10_000);
				assertThat(executor.dropped()).isZero();
			});
	}

	@Test
	void dropsAreCountedExactlyAndSummarisedInTheLog(CapturedOutput output) {
		CountDownLatch gate = new CountDownLatch(1);
		LogSink held = (event) -> {
			try {
				gate.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		};
		// Only the held sink's lane is small: its drops are its own.
		this.runner.withBean("held", LogSink.class, () -> held)
			.withPropertyValues("async-logging.destinations.sink-held.queue-capacity=10",
					"async-logging.dropped-warning-interval=100ms")
			.run((context) -> {
				AsyncLogExecutor<?> executor = context.getBean(AsyncLogExecutor.class);
				long submittedBefore = executor.submitted();
				for (int i = 0; i < 50; i++) {
					logger.info("info {}", i);
				}
				for (int i = 0; i < 5; i++) {
					logger.error("error {}", i);
				}
				// Every event reached the held sink's lane while the sink was held: it drops what it cannot hold.
				DestinationLane heldLane = executor.destinations().stream()
					.filter((lane) -> lane.name().equals("sink:held"))
					.findFirst()
					.orElseThrow();
				await().until(() -> heldLane.routed() >= 55);
				gate.countDown();
				await().until(() -> executor.queueSize() == 0 && executor.destinations().stream()
					.allMatch((lane) -> lane.routed() == lane.delivered() + lane.failed() + lane.dropped()));
				assertThat(executor.submitted() - submittedBefore).isGreaterThanOrEqualTo(55);
				DestinationLane sink = executor.destinations().stream()
					.filter((lane) -> lane.name().equals("sink:held"))
					.findFirst()
					.orElseThrow();
				assertThat(sink.dropped(EventLevel.INFO, DropReason.DISCARDED)
						+ sink.dropped(EventLevel.INFO, DropReason.QUEUE_FULL)).isGreaterThan(0);
				assertThat(sink.dropped(EventLevel.ERROR, DropReason.DISCARDED)).isZero();
				// The held sink's drops are its own: every other destination received every event.
				assertThat(executor.destinations()).filteredOn((lane) -> lane != sink)
					.allSatisfy((lane) -> assertThat(lane.dropped()).as(lane.name()).isZero());
				await().until(() -> output.getOut().contains("async-logging dropped ") && output.getOut().contains(" for sink:"));
				assertThat(sink.settings().queueCapacity()).isEqualTo(10);
				assertThat(output.getOut()).contains(" log events for sink:held ")
					.contains("Raise async-logging.destinations.sink-held.queue-capacity");
			});
	}

}
