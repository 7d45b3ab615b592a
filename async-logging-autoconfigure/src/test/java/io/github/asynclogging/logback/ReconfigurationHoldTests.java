package io.github.asynclogging.logback;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.github.asynclogging.engine.DropPolicy;
import io.github.asynclogging.engine.DropReason;
import io.github.asynclogging.engine.EventLevel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Issue 22, point 2, at the edges of the hold that a reconfiguration puts on the executor: a Joran
 * configuration that fails (so that Logback never announces its end), a hand-over from one
 * application context's bridge to the next while a configuration is being built (the hold is on the
 * primary's executor only), and a hold that expires or evicts. Each test logs from one thread, so the
 * expected lines are exact.
 */
class ReconfigurationHoldTests {

	private static final String OLD_CONFIGURATION = """
			<configuration>
			  <appender name="OLD" class="%s"/>
			  <logger name="io.github.asynclogging" level="OFF"/>
			  <root level="INFO"><appender-ref ref="OLD"/></root>
			</configuration>
			""".formatted(WrittenAppender.class.getName());

	/** A configuration whose appender's start waits until the test lets it go on. */
	private static final String GATED_CONFIGURATION = """
			<configuration>
			  <appender name="NEW" class="%s"/>
			  <logger name="io.github.asynclogging" level="OFF"/>
			  <root level="INFO"><appender-ref ref="NEW"/></root>
			</configuration>
			""".formatted(GatedStartAppender.class.getName());

	/** Not well-formed: Joran fires CONFIGURATION_STARTED, fails to parse and never fires an end. */
	private static final String MALFORMED_CONFIGURATION = """
			<configuration>
			  <root level="INFO">
			""";

	private final LoggerContext context = new LoggerContext();

	private final List<LogbackBridge> bridges = new ArrayList<>();

	private final List<Thread> threads = new ArrayList<>();

	@BeforeEach
	void configure() {
		WrittenAppender.forgetAll();
		GatedStartAppender.reset();
		Bridges.start(this.context);
		Joran.configure(this.context, OLD_CONFIGURATION);
	}

	@AfterEach
	void close() throws InterruptedException {
		GatedStartAppender.proceed.countDown();
		for (Thread thread : this.threads) {
			thread.join(30_000);
		}
		for (LogbackBridge bridge : this.bridges) {
			bridge.stop(Duration.ofSeconds(10));
		}
		this.context.stop();
	}

	private LogbackBridge bridge(String name, int capacity, DropPolicy policy, BridgeOptions options) {
		LogbackBridge bridge = Bridges.bridge(this.context,
				Bridges.settings(capacity, policy, Duration.ofMillis(100), name + "-worker-"), List.of(), options);
		this.bridges.add(bridge);
		return bridge;
	}

	private Logger app() {
		return this.context.getLogger("app");
	}

	private static List<String> lines(String prefix, int from, int to) {
		return IntStream.range(from, to).mapToObj((i) -> prefix + " " + i).toList();
	}

	private static List<String> numbered(WrittenAppender appender, String prefix) {
		return appender.messages().stream().filter((line) -> line.startsWith(prefix + " ")).toList();
	}

	private void log(List<String> lines) {
		lines.forEach(app()::info);
	}

	/** Resets the context and configures {@link #GATED_CONFIGURATION} on a thread of its own. */
	private Thread reconfigureInBackground() throws InterruptedException {
		Thread configuring = new Thread(() -> Joran.reconfigure(this.context, GATED_CONFIGURATION), "configuring");
		this.threads.add(configuring);
		configuring.start();
		assertThat(GatedStartAppender.starting.await(30, TimeUnit.SECONDS)).as("the new appender's start began")
			.isTrue();
		return configuring;
	}

	/**
	 * A configuration that never says it ended (here: one that fails to parse), with a short
	 * reconfiguration timeout: the hold expires by itself, every line held is then written, in order,
	 * and the counters and the memory gauge come back to rest. Guards the expiry.
	 */
	@Test
	@Timeout(value = 60, unit = TimeUnit.SECONDS)
	void aHoldThatNoConfigurationEndsExpiresAndWritesEveryHeldLineInOrder() {
		LogbackBridge bridge = bridge("expiring", 1024, DropPolicy.DROP_NEWEST,
				new BridgeOptions(IncludeCallerData.AUTO, Set.of(), true, Duration.ofMillis(300)));
		bridge.start();
		WrittenAppender old = WrittenAppender.named("OLD");
		assertThatThrownBy(() -> Joran.configure(this.context, MALFORMED_CONFIGURATION))
			.isInstanceOf(IllegalStateException.class);
		List<String> held = lines("held", 0, 500);
		log(held);
		// The expiry says so in one WARN line, written by the worker before what was held.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(numbered(old, "held"))
				.as("lines written to OLD once the hold expired (queued %d, delivered %d, dropped %d)",
						bridge.executor().queueSize(), bridge.executor().delivered(), bridge.executor().dropped())
				.hasSize(held.size()));
		assertThat(numbered(old, "held")).containsExactlyElementsOf(held);
		assertThat(old.messages()).filteredOn((line) -> line.contains("no configuration said it ended")).hasSize(1);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(bridge.executor().delivered()).isEqualTo(held.size() + 1));
		assertThat(bridge.executor().dropped()).isZero();
		assertThat(bridge.executor().queueMemoryUsed()).isZero();
		log(List.of("later"));
		await().atMost(Duration.ofSeconds(2)).until(() -> old.messages().contains("later"));
	}

	/**
	 * The same configuration with one bridge and no hand-over: what is logged while it is built is held
	 * and reaches its appender, in order. Guards the case the test above breaks.
	 */
	@Test
	@Timeout(value = 90, unit = TimeUnit.SECONDS)
	void whatIsLoggedWhileAConfigurationIsBuiltReachesItsAppenderInOrder() throws InterruptedException {
		LogbackBridge bridge = bridge("one", 1024, DropPolicy.DROP_NEWEST, BridgeOptions.DEFAULTS);
		bridge.start();
		Thread configuring = reconfigureInBackground();
		List<String> during = lines("during", 0, 20);
		log(during);
		GatedStartAppender.proceed.countDown();
		configuring.join(30_000);
		log(List.of("after"));
		WrittenAppender replacement = WrittenAppender.named("NEW");
		await().atMost(Duration.ofSeconds(10)).until(() -> replacement.messages().contains("after"));
		List<String> expected = new ArrayList<>(during);
		expected.add("after");
		assertThat(replacement.messages()).containsExactlyElementsOf(expected);
		assertThat(bridge.executor().dropped()).isZero();
	}

	/**
	 * Under {@code drop-oldest}, a hold that lasts while more is logged than the queue holds evicts the
	 * oldest held lines and never makes the caller wait; once the configuration ends, the newest
	 * {@code capacity} lines are written to the new appender in order, the evicted ones are counted as
	 * {@code evicted}, and the memory gauge returns to 0. Guards eviction while held.
	 */
	@Test
	@Timeout(value = 90, unit = TimeUnit.SECONDS)
	void dropOldestWhileHeldEvictsTheOldestHeldLinesCountsThemAndWritesTheRestInOrder() throws InterruptedException {
		int capacity = 64;
		LogbackBridge bridge = bridge("evicting", capacity, DropPolicy.DROP_OLDEST, BridgeOptions.DEFAULTS);
		bridge.start();
		Thread configuring = reconfigureInBackground();
		List<String> during = lines("during", 0, 1000);
		long began = System.nanoTime();
		log(during);
		Duration logging = Duration.ofNanos(System.nanoTime() - began);
		assertThat(logging).as("time 1,000 calls took while held, under drop-oldest").isLessThan(Duration.ofSeconds(1));
		assertThat(bridge.executor().dropped(EventLevel.INFO, DropReason.EVICTED)).isEqualTo(1000 - capacity);
		GatedStartAppender.proceed.countDown();
		configuring.join(30_000);
		WrittenAppender replacement = WrittenAppender.named("NEW");
		await().atMost(Duration.ofSeconds(10)).until(() -> replacement.size() >= capacity);
		await().atMost(Duration.ofSeconds(5)).until(() -> bridge.executor().queueSize() == 0);
		assertThat(replacement.messages()).containsExactlyElementsOf(during.subList(1000 - capacity, 1000));
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(bridge.executor().delivered()).isEqualTo(capacity));
		assertThat(bridge.executor().queueMemoryUsed()).isZero();
	}

	/**
	 * An appender whose {@code start()} waits until the test lets it go on: a configuration that
	 * declares it is being built until then. Public, for Joran.
	 */
	public static class GatedStartAppender extends WrittenAppender {

		static volatile CountDownLatch starting = new CountDownLatch(1);

		static volatile CountDownLatch proceed = new CountDownLatch(1);

		static void reset() {
			starting = new CountDownLatch(1);
			proceed = new CountDownLatch(1);
		}

		@Override
		public void start() {
			starting.countDown();
			try {
				proceed.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			super.start();
		}

	}

}
