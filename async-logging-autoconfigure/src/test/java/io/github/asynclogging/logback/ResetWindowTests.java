package io.github.asynclogging.logback;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.spi.BasicSequenceNumberGenerator;
import io.github.asynclogging.LogSink;
import io.github.asynclogging.engine.DropPolicy;
import io.github.asynclogging.engine.ExecutorSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 22, point 2, in the moment of a reset when Logback has no turbo filter: from the clear of its
 * list to its listeners' {@code onReset}, Logback writes a call itself, on the caller's thread, to what
 * the logger has when the call gets there. A thread let through then, and held up (descheduled) until
 * the application has attached a new appender after the reset, writes its line there itself. What that
 * thread logged earlier in the reset was held back in the queue: it must not be written to the new
 * appender after that line. Found by {@link ReconfigurationOrderTests} under load, about once in fifty
 * runs ("line 54734 written after line 56836"); made certain here.
 * <p>
 * The thread is held inside Logback's own path by the context's sequence number generator, which
 * Logback calls as it builds each event; the routing of the held lines is held up by a sink whose
 * lane of one event is full, so that nothing but the reset itself can make them routed before the
 * new appender is attached.
 */
class ResetWindowTests {

	private final LoggerContext context = new LoggerContext();

	private final ExecutorService caller = Executors.newSingleThreadExecutor((task) -> new Thread(task, "T"));

	private final Logger logger = this.context.getLogger("app.T");

	/** While set, the sink's next write waits for {@link #gateOpen}. */
	private final AtomicBoolean gateArmed = new AtomicBoolean();

	private final CountDownLatch gateOpen = new CountDownLatch(1);

	private final CountDownLatch sinkWroteFirst = new CountDownLatch(1);

	/** While set, the next event T builds waits for {@link #trapOpen}. */
	private final AtomicBoolean trapArmed = new AtomicBoolean();

	private final CountDownLatch trapped = new CountDownLatch(1);

	private final CountDownLatch trapOpen = new CountDownLatch(1);

	/** Set once the test's listener has run: what follows in the reset is the starter's own. */
	private final AtomicBoolean testListenerRan = new AtomicBoolean();

	private final AtomicBoolean resetReturned = new AtomicBoolean();

	/** Set as the test's reset begins: OLD's stop and the test's listener act on that reset only. */
	private volatile boolean resetBegun;

	/** T's call of line 5, let through by Logback and held as it builds the event. */
	private volatile Future<?> lineFive;

	private LogbackBridge bridge;

	private WrittenAppender old;

	@BeforeEach
	void configure() {
		WrittenAppender.forgetAll();
		Bridges.start(this.context);
		this.context.getLogger("io.github.asynclogging").setLevel(Level.OFF);
		this.context.setSequenceNumberGenerator(new BasicSequenceNumberGenerator() {
			@Override
			public long nextSequenceNumber() {
				trapIfArmed();
				return super.nextSequenceNumber();
			}
		});
		this.old = Bridges.started(this.context, new WrittenAppender("OLD") {
			@Override
			public void stop() {
				// Logback stops it inside the reset, after the starter's hold began: T's lines are held.
				if (ResetWindowTests.this.resetBegun) {
					logOnT(1, 2, 3, 4);
				}
				super.stop();
			}
		}, org.slf4j.Logger.ROOT_LOGGER_NAME);
		// Added before the starter's, so it runs first, while Logback has no turbo filter.
		this.context.addListener(new ResetListener(this::letLineFiveThroughLogback));
		LogSink sink = (event) -> {
			this.sinkWroteFirst.countDown();
			if (this.gateArmed.compareAndSet(true, false)) {
				Latches.awaitQuietly(this.gateOpen);
			}
		};
		ExecutorSettings settings = Bridges.settings(1024, DropPolicy.BLOCK, Duration.ofSeconds(30), "window-");
		ExecutorSettings oneEvent = Bridges.settings(1, DropPolicy.BLOCK, Duration.ofSeconds(30), "window-sink-");
		LogbackDestination destination = LogbackBridge.newDestination(this.context, List.of(sink));
		this.bridge = new LogbackBridge(this.context,
				LogbackBridge.newExecutor(this.context, settings, Map.of("sink:1", oneEvent), destination), destination,
				// Longer than any wait below: the reset's own waits never run out in this test.
				new BridgeOptions(IncludeCallerData.AUTO, Set.of(), false, Duration.ofSeconds(90)));
		this.bridge.start();
	}

	@AfterEach
	void close() throws InterruptedException {
		this.gateOpen.countDown();
		this.trapOpen.countDown();
		this.caller.shutdown();
		this.caller.awaitTermination(30, TimeUnit.SECONDS);
		Bridges.stop(this.bridge, this.context);
	}

	private void trapIfArmed() {
		if (Thread.currentThread().getName().equals("T") && this.trapArmed.compareAndSet(true, false)) {
			this.trapped.countDown();
			Latches.awaitQuietly(this.trapOpen);
		}
	}

	/** Runs first, while Logback has no turbo filter: T's next call is Logback's own, held as it builds the event. */
	private void letLineFiveThroughLogback() {
		if (!this.resetBegun || this.testListenerRan.get()) {
			return;
		}
		this.trapArmed.set(true);
		this.lineFive = this.caller.submit(() -> this.logger.info("T {}", 5));
		Latches.awaitQuietly(this.trapped);
		this.testListenerRan.set(true);
	}

	private void logOnT(int... lines) {
		try {
			this.caller.submit(() -> {
				for (int line : lines) {
					this.logger.info("T {}", line);
				}
			}).get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Lines 1 to 4 are logged while the reset runs, with the starter's filter in place, and held; line 5
	 * is let through by Logback while it has no turbo filter, and gets to the root only after the
	 * application attached NEW; line 6 is logged after. NEW receives T's lines in the order T logged
	 * them: 1 to 4 were written to what the reset left attached (nothing), as synchronous Logback
	 * writes them.
	 */
	@Test
	@Timeout(value = 120, unit = TimeUnit.SECONDS)
	void aLineLogbackLetsThroughDuringAProgrammaticResetIsNeverWrittenAheadOfWhatItsThreadLoggedBefore()
			throws Exception {
		logOnT(0);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.old.messages().contains("T 0"));
		this.sinkWroteFirst.await(30, TimeUnit.SECONDS);
		// From now on the sink's lane of one event fills at line 2, and the routing waits at line 3.
		this.gateArmed.set(true);
		this.resetBegun = true;
		Thread resetting = new Thread(() -> {
			this.context.reset();
			this.resetReturned.set(true);
		}, "resetting");
		resetting.start();
		// Either the reset returned, or it waits after the test's listener: for what it held to be written.
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.resetReturned.get() || (this.testListenerRan.get()
					&& (resetting.getState() == Thread.State.TIMED_WAITING || resetting.getState() == Thread.State.WAITING)));
		if (!this.resetReturned.get()) {
			this.gateOpen.countDown();
		}
		resetting.join(60_000);
		assertThat(this.resetReturned).as("the reset returned").isTrue();
		WrittenAppender added = Bridges.started(this.context, new WrittenAppender("NEW"),
				org.slf4j.Logger.ROOT_LOGGER_NAME);
		this.trapOpen.countDown();
		this.lineFive.get(30, TimeUnit.SECONDS);
		this.gateOpen.countDown();
		logOnT(6);
		this.bridge.stop(Duration.ofSeconds(30));
		assertThat(this.old.messages()).as("OLD").containsExactly("T 0");
		assertThat(added.messages()).as("NEW, written T's lines in the order T logged them").containsExactly("T 5", "T 6");
		assertThat(added.writers().get(0)).as("who wrote line 5: Logback, on T").isEqualTo("T");
	}

}
