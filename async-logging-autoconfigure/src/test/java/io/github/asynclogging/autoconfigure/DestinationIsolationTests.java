package io.github.asynclogging.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import io.github.asynclogging.LogSink;
import io.github.asynclogging.engine.AsyncLogExecutor;
import io.github.asynclogging.engine.DestinationLane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A slow destination costs only its own events (CONTRACT.md, "Destinations"): a file that takes a
 * burst in full when alone takes it in full beside a destination that needs 5 ms an event, which
 * sheds its own.
 */
class DestinationIsolationTests {

	private static final Logger logger = LoggerFactory.getLogger("isolation");

	private static final int BURST = 5_000;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AsyncLoggingAutoConfiguration.class))
		.withPropertyValues("async-logging.shutdown-timeout=1s");

	@TempDir
	Path directory;

	private FileAppender<ILoggingEvent> file;

	@BeforeEach
	void attachAFile() {
		PatternLayoutEncoder encoder = new PatternLayoutEncoder();
		encoder.setContext(RootLogger.context());
		encoder.setPattern("%msg%n");
		encoder.start();
		this.file = new FileAppender<>();
		this.file.setContext(RootLogger.context());
		this.file.setName("FILE");
		this.file.setFile(this.directory.resolve("app.log").toString());
		this.file.setEncoder(encoder);
		this.file.start();
		RootLogger.root().addAppender(this.file);
	}

	@AfterEach
	void detachTheFile() {
		RootLogger.root().detachAppender(this.file);
		this.file.stop();
	}

	private List<String> burstLines() throws IOException {
		return Files.readAllLines(this.directory.resolve("app.log")).stream()
			.filter((line) -> line.startsWith("burst "))
			.toList();
	}

	@Test
	void aFastFileGetsEveryLineOfABurstBesideADestinationThatTakesFiveMillisecondsAnEvent() throws IOException {
		AtomicLong slowWrites = new AtomicLong();
		LogSink fiveMillis = (event) -> {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
			slowWrites.incrementAndGet();
		};
		DestinationLane[] lanes = new DestinationLane[2];
		this.runner.withBean("collector", LogSink.class, () -> fiveMillis).run((context) -> {
			AsyncLogExecutor<?> executor = context.getBean(AsyncLogExecutor.class);
			for (int i = 0; i < BURST; i++) {
				logger.info("burst {}", i);
			}
			lanes[0] = lane(executor, "FILE");
			lanes[1] = lane(executor, "sink:collector");
		});
		// Closed: every lane was drained or stopped within the one shutdown timeout.
		List<String> lines = burstLines();
		assertThat(lines).hasSize(BURST);
		assertThat(lines.get(0)).isEqualTo("burst 0");
		assertThat(lines.get(BURST - 1)).isEqualTo("burst " + (BURST - 1));
		DestinationLane file = lanes[0];
		DestinationLane slow = lanes[1];
		assertThat(file.routed()).isEqualTo(file.delivered()).isGreaterThanOrEqualTo(BURST);
		assertThat(file.dropped()).isZero();
		// The slow destination shed its own, and every event handed to it is accounted for.
		assertThat(slow.routed()).isGreaterThanOrEqualTo(BURST);
		assertThat(slow.dropped()).isPositive();
		assertThat(slow.routed()).isEqualTo(slow.delivered() + slow.failed() + slow.dropped());
		assertThat(slow.delivered()).isEqualTo(slowWrites.get());
	}

	/**
	 * queue-memory bounds the process, shared by the callers' queue and the lanes, whatever waits in
	 * them: a destination that hangs fills its share with large events, and what it cannot take is
	 * dropped for it as memory_full.
	 */
	@Test
	void queueMemoryBoundsEveryQueueTogetherWhenADestinationHangsOnLargeEvents() {
		java.util.concurrent.CountDownLatch endOfTest = new java.util.concurrent.CountDownLatch(1);
		LogSink hung = (event) -> {
			try {
				endOfTest.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		};
		String large = "x".repeat(8 * 1024);
		this.runner.withBean("collector", LogSink.class, () -> hung)
			.withPropertyValues("async-logging.queue-memory=1MB")
			.run((context) -> {
				AsyncLogExecutor<?> executor = context.getBean(AsyncLogExecutor.class);
				try {
					for (int i = 0; i < 2_000; i++) {
						logger.warn("large {} {}", i, large);
						assertThat(executor.queueMemoryUsed()).isLessThanOrEqualTo(executor.queueMemoryMax());
					}
					assertThat(executor.queueMemoryMax()).isLessThanOrEqualTo(1024 * 1024);
					DestinationLane collector = lane(executor, "sink:collector");
					assertThat(collector.dropped(io.github.asynclogging.engine.EventLevel.WARN,
							io.github.asynclogging.engine.DropReason.MEMORY_FULL)).isPositive();
				}
				finally {
					endOfTest.countDown();
				}
			});
	}

	private static DestinationLane lane(AsyncLogExecutor<?> executor, String name) {
		return executor.destinations().stream().filter((lane) -> lane.name().equals(name)).findFirst().orElseThrow();
	}

}
