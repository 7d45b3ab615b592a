package io.github.asynclogging.compat;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.asynclogging.compat.app.RecordingSink;
import io.github.asynclogging.engine.AsyncLogExecutor;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code spring.threads.virtual.enabled}, Spring Boot runs tasks on virtual threads. Under
 * {@code drop-policy: block} with the queue full, thousands of them wait in a log call at once:
 * each must park without holding its carrier thread (else a few callers would stall every virtual
 * thread of the application), and every event must be written once there is room.
 */
@EnabledForJreRange(min = JRE.JAVA_21)
class VirtualThreadCallersTests {

	private static final int CALLERS = 2000;

	private static final int WARM_UP_CALLERS = 200;

	private static final int QUEUE_CAPACITY = 64;

	@Test
	void blockedVirtualThreadCallersParkWithoutPinningACarrierAndNothingIsLost() throws Exception {
		try (RunningApp app = RunningApp.start("spring.threads.virtual.enabled=true",
				"async-logging.drop-policy=block", "async-logging.block-timeout=5m",
				"async-logging.queue-capacity=" + QUEUE_CAPACITY, "async-logging.discard.threshold=1.0")) {
			Callers callers = new Callers(app);
			// A first round, not recorded, loads the classes of the blocking path. A virtual thread that
			// waits for a class another thread is loading pins its carrier, on every JDK, once per JVM:
			// seen with an earlier engine, whose switch over DropPolicy was first needed by thousands of
			// callers at once when the queue first filled (a few milliseconds). That is not parking.
			callers.blockThenRelease(WARM_UP_CALLERS, "compat.virtual.warm-up");
			List<RecordedEvent> pinned = PinnedCarriers.during(() -> callers.blockThenRelease(CALLERS, "compat.virtual"));

			assertThat(pinned).as("jdk.VirtualThreadPinned events:\n%s", PinnedCarriers.describe(pinned)).isEmpty();
			assertThat(callers.onVirtualThreads.get()).as("callers that ran on a virtual thread")
				.isEqualTo(WARM_UP_CALLERS + CALLERS);
			@SuppressWarnings("unchecked")
			AsyncLogExecutor<ILoggingEvent> executor = app.bean(AsyncLogExecutor.class);
			await().until(() -> executor.queueSize() == 0
					&& executor.destinations().stream().allMatch((lane) -> lane.routed() == lane.delivered()));
			assertThat(executor.dropped()).as("events dropped").isZero();
			assertThat(executor.failed()).as("events failed").isZero();
			assertThat(app.bean(RecordingSink.class).written("compat.virtual")).as("events of the callers written")
				.isEqualTo(CALLERS);
		}
	}

	@Test
	void flightRecorderSeesACarrierPinnedByAClassInitializer() throws Exception {
		// The test above asserts that no pinning is recorded; this shows that one would be.
		SimpleAsyncTaskExecutor virtualThreads = new SimpleAsyncTaskExecutor("pinning-");
		virtualThreads.setVirtualThreads(true);
		AtomicInteger done = new AtomicInteger();
		List<RecordedEvent> pinned = PinnedCarriers.during(() -> {
			virtualThreads.execute(() -> {
				ParksWhileInitialised.touch();
				done.incrementAndGet();
			});
			await().until(() -> done.get() == 1);
		});
		assertThat(pinned).isNotEmpty();
		assertThat(PinnedCarriers.describe(pinned)).contains(ParksWhileInitialised.class.getName() + ".<clinit>");
	}

	/**
	 * Virtual-thread callers, one event each, from the application's task executor.
	 */
	private static final class Callers {

		private final AsyncTaskExecutor tasks;

		private final RecordingSink sink;

		private final AtomicInteger onVirtualThreads = new AtomicInteger();

		Callers(RunningApp app) {
			this.tasks = app.bean("applicationTaskExecutor", AsyncTaskExecutor.class);
			this.sink = app.bean(RecordingSink.class);
		}

		/**
		 * Holds the sink so that the queue fills, starts the callers, checks that most of them wait in
		 * the log call, opens the sink and waits until every event is written.
		 */
		void blockThenRelease(int count, String loggerName) {
			Logger logger = LoggerFactory.getLogger(loggerName);
			AtomicInteger entered = new AtomicInteger();
			AtomicInteger returned = new AtomicInteger();
			this.sink.hold();
			try {
				start(count, logger, entered, returned);
				// Every caller got a carrier although most are waiting in the log call: none holds one.
				await().atMost(Duration.ofSeconds(60)).until(() -> entered.get() == count);
				assertThat(entered.get() - returned.get()).as("callers waiting in the log call for room in the queue")
					.isGreaterThanOrEqualTo(count - 4 * QUEUE_CAPACITY);
			}
			finally {
				this.sink.open();
			}
			await().atMost(Duration.ofSeconds(120)).until(() -> returned.get() == count);
			await().atMost(Duration.ofSeconds(60)).until(() -> this.sink.written(loggerName) == count);
		}

		private void start(int count, Logger logger, AtomicInteger entered, AtomicInteger returned) {
			for (int i = 0; i < count; i++) {
				int n = i;
				this.tasks.execute(() -> {
					if (isVirtual(Thread.currentThread())) {
						this.onVirtualThreads.incrementAndGet();
					}
					entered.incrementAndGet();
					logger.info("caller {}", n);
					returned.incrementAndGet();
				});
			}
		}

	}

	private static boolean isVirtual(Thread thread) {
		try {
			// Thread.isVirtual() is Java 21 API; this module compiles for Java 17.
			Method isVirtual = Thread.class.getMethod("isVirtual");
			return (boolean) isVirtual.invoke(thread);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A virtual thread that parks inside a class initializer cannot leave its carrier, on every Java
	 * version (JEP 491 freed {@code synchronized}, not class initialisation).
	 */
	static final class ParksWhileInitialised {

		static {
			LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
		}

		private ParksWhileInitialised() {
		}

		static void touch() {
			// Initialises the class: that is all.
		}

	}

}
