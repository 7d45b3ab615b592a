package io.github.asynclogging.logback;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.ReconfigureOnChangeTask;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.github.asynclogging.engine.DropPolicy;
import io.github.asynclogging.metrics.AsyncLoggingMetrics;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Marker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 22, point 2: Logback reconfigured while several threads log numbered lines in a loop. Each
 * appender receives each thread's lines exactly once and in the order the thread logged them, with no
 * tolerated straggler: a Joran configuration without a reset that adds an appender to a logger leaves
 * the root's appender receiving every line and the new one every line logged after it returned; across
 * a reset and a new configuration, every line logged before the reset began is written to the old
 * appender, every line logged after the configuration returned to the new one, none to both, and the
 * old appender's lines of a thread all come before its lines in the new one (also for a programmatic
 * {@code reset()} and {@code addAppender}, which Logback does not announce); a {@code scan="true"} file
 * changed, found by Logback's own task, writes every line begun after the task said so to NEW, but
 * those Logback wrote itself in the moment its reset had no turbo filter; a configuration whose
 * appender takes 3 seconds to start never makes a caller wait under {@code drop-newest}, and no event
 * is counted as delivered ({@code async.logging.events.delivered}) that no appender wrote.
 * <p>
 * This class fails on the take-over design: a {@code JoranConfigurator.doConfigure} without {@code reset()}
 * leaves the root's appender detached and in no route, never written again (the take-over of the
 * added appender pauses and then tests that it is not paused); while the 3-second configuration is
 * built, about a queue's worth of events (1,025 of a queue of 1,024) is counted as delivered that no
 * appender wrote. The reset-and-configure and the programmatic reset tests pass on it.
 */
class ReconfigurationOrderTests {

	private static final String APPENDER = WrittenAppender.class.getName();

	/** The notices of the starter itself are left out: what is counted is the threads' lines. */
	private static final String OLD_CONFIGURATION = """
			<configuration>
			  <appender name="OLD" class="%s"/>
			  <logger name="io.github.asynclogging" level="OFF"/>
			  <root level="INFO"><appender-ref ref="OLD"/></root>
			</configuration>
			""".formatted(APPENDER);

	private static final String ADDED_TO_APP_CONFIGURATION = """
			<configuration>
			  <appender name="NEW" class="%s"/>
			  <logger name="app"><appender-ref ref="NEW"/></logger>
			</configuration>
			""".formatted(APPENDER);

	private static final String NEW_CONFIGURATION = """
			<configuration>
			  <appender name="NEW" class="%s"/>
			  <logger name="io.github.asynclogging" level="OFF"/>
			  <root level="INFO"><appender-ref ref="NEW"/></root>
			</configuration>
			""".formatted(APPENDER);

	private static final String SLOW_CONFIGURATION = """
			<configuration>
			  <appender name="NEW" class="%s"/>
			  <logger name="io.github.asynclogging" level="OFF"/>
			  <root level="INFO"><appender-ref ref="NEW"/></root>
			</configuration>
			""".formatted(SlowStartAppender.class.getName());

	private static final int THREADS = 3;

	/** Lines each thread logs before the reconfiguration and at least after it. */
	private static final int LINES = 2000;

	private final LoggerContext context = new LoggerContext();

	private final AtomicBoolean logging = new AtomicBoolean(true);

	/** Set just before the reset (or the configuration without one) begins. */
	private final AtomicBoolean reconfiguring = new AtomicBoolean();

	/** Set once the configuration returned. */
	private final AtomicBoolean configured = new AtomicBoolean();

	private final List<Caller> callers = new ArrayList<>();

	/**
	 * Resets whose moment without turbo filters has begun, and ended: from the clear of Logback's list
	 * to the starter's filter put back. A call in it is Logback's own, written where synchronous
	 * Logback writes it (nowhere, after the reset detached the appenders). Counted by
	 * {@link #watchLogbacksOwnMoment()} only.
	 */
	private final AtomicInteger filterlessMomentsBegun = new AtomicInteger();

	private final AtomicInteger filterlessMomentsEnded = new AtomicInteger();

	private LogbackBridge bridge;

	@BeforeEach
	void configure() {
		WrittenAppender.forgetAll();
		Bridges.start(this.context);
		Joran.configure(this.context, OLD_CONFIGURATION);
	}

	@AfterEach
	void close() throws InterruptedException {
		this.logging.set(false);
		for (Caller caller : this.callers) {
			caller.thread.join(30_000);
		}
		Bridges.stop(this.bridge, this.context);
	}

	private void start(int capacity, DropPolicy policy) {
		this.bridge = Bridges.bridge(this.context,
				Bridges.settings(capacity, policy, Duration.ofSeconds(30), "order-worker-"), List.of(),
				BridgeOptions.DEFAULTS);
		this.bridge.start();
	}

	/** A thread logging "{@code T<n> <number>}" to the logger {@code app.T<n>} until the test ends. */
	private final class Caller implements Runnable {

		final String name;

		final Thread thread;

		/** Lines logged so far; each line's number is its index. */
		volatile int logged;

		/** The last line whose call returned before the reconfiguration began. */
		volatile int lastBeforeReconfiguring = -1;

		/** The first line whose call began after the configuration returned. */
		volatile int firstAfterConfigured = -1;

		/** The longest a call took, in nanoseconds. */
		volatile long longestCall;

		/** Lines whose call overlapped a moment of a reset when Logback had no turbo filter. */
		final Set<Integer> metLogbacksOwnMoment = ConcurrentHashMap.newKeySet();

		/**
		 * Of those, the lines Logback wrote itself: absent from the new appender, or written there by this
		 * thread. Left out of every check: they are where synchronous Logback writes them.
		 */
		final Set<Integer> logbacksOwn = new HashSet<>();

		Caller(int n) {
			this.name = "T" + n;
			this.thread = new Thread(this, this.name);
		}

		@Override
		public void run() {
			Logger logger = ReconfigurationOrderTests.this.context.getLogger("app." + this.name);
			for (int seq = 0; ReconfigurationOrderTests.this.logging.get(); seq++) {
				boolean afterConfigured = ReconfigurationOrderTests.this.configured.get();
				int endedBefore = ReconfigurationOrderTests.this.filterlessMomentsEnded.get();
				long start = System.nanoTime();
				logger.info("{} {}", this.name, seq);
				long took = System.nanoTime() - start;
				if (ReconfigurationOrderTests.this.filterlessMomentsBegun.get() > endedBefore) {
					this.metLogbacksOwnMoment.add(seq);
				}
				if (took > this.longestCall) {
					this.longestCall = took;
				}
				if (!ReconfigurationOrderTests.this.reconfiguring.get()) {
					this.lastBeforeReconfiguring = seq;
				}
				if (afterConfigured && this.firstAfterConfigured < 0) {
					this.firstAfterConfigured = seq;
				}
				this.logged = seq + 1;
			}
		}

	}

	private void startCallers() {
		for (int n = 0; n < THREADS; n++) {
			Caller caller = new Caller(n);
			this.callers.add(caller);
			caller.thread.start();
		}
		await().atMost(Duration.ofSeconds(60)).until(() -> this.callers.stream().allMatch((c) -> c.logged >= LINES));
	}

	/** Lets every thread log {@code LINES} more lines after the configuration, then stops them and the starter. */
	private void finish() throws InterruptedException {
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.callers.stream()
				.allMatch((c) -> c.firstAfterConfigured >= 0 && c.logged >= c.firstAfterConfigured + LINES));
		this.logging.set(false);
		for (Caller caller : this.callers) {
			caller.thread.join();
		}
		this.bridge.stop(Duration.ofSeconds(30));
	}

	private static List<Integer> range(int from, int to) {
		return IntStream.range(from, to).boxed().toList();
	}

	private static List<Integer> linesOf(WrittenAppender appender, Caller caller) {
		List<Integer> lines = new ArrayList<>(appender.numberedByThread().getOrDefault(caller.name, List.of()));
		lines.removeAll(caller.logbacksOwn);
		return lines;
	}

	/**
	 * Asserts that the lines are exactly those expected, in order; a failure says how many and the first
	 * that differs, not the thousands of numbers.
	 */
	private static void assertLines(List<Integer> actual, List<Integer> expected, String what) {
		int common = Math.min(actual.size(), expected.size());
		for (int i = 0; i < common; i++) {
			if (!actual.get(i).equals(expected.get(i))) {
				throw new AssertionError("%s: %d lines where %d were expected (%d to %d); at index %d line %d where %d was expected"
					.formatted(what, actual.size(), expected.size(), expected.isEmpty() ? -1 : expected.get(0),
							expected.isEmpty() ? -1 : expected.get(expected.size() - 1), i, actual.get(i),
							expected.get(i)));
			}
		}
		if (actual.size() != expected.size()) {
			throw new AssertionError("%s: %d lines where %d were expected (%d to %d); the first %d agree, last written: %s"
				.formatted(what, actual.size(), expected.size(), expected.isEmpty() ? -1 : expected.get(0),
						expected.isEmpty() ? -1 : expected.get(expected.size() - 1), common,
						actual.isEmpty() ? "none" : actual.get(actual.size() - 1)));
		}
	}

	private static void assertStrictlyIncreasing(List<Integer> lines, String what) {
		for (int i = 1; i < lines.size(); i++) {
			if (lines.get(i) <= lines.get(i - 1)) {
				throw new AssertionError("%s: line %d written after line %d (%d lines)".formatted(what, lines.get(i),
						lines.get(i - 1), lines.size()));
			}
		}
	}

	@Test
	@Timeout(value = 180, unit = TimeUnit.SECONDS)
	void aConfigurationWithoutResetThatAddsAnAppenderKeepsTheRootsAppenderWritingEveryLineInOrder()
			throws InterruptedException {
		start(8192, DropPolicy.BLOCK);
		WrittenAppender old = WrittenAppender.named("OLD");
		startCallers();
		this.reconfiguring.set(true);
		Joran.configure(this.context, ADDED_TO_APP_CONFIGURATION);
		this.configured.set(true);
		WrittenAppender added = WrittenAppender.named("NEW");
		finish();
		for (Caller caller : this.callers) {
			assertLines(linesOf(old, caller), range(0, caller.logged), caller.name + "'s lines written to the root's OLD");
			List<Integer> toNew = linesOf(added, caller);
			assertThat(toNew).as("%s's lines written to NEW, added to 'app' without a reset", caller.name)
				.isNotEmpty();
			assertThat(toNew.get(0)).as("%s's first line written to NEW", caller.name)
				.isLessThanOrEqualTo(caller.firstAfterConfigured);
			assertLines(toNew, range(toNew.get(0), caller.logged), caller.name + "'s lines written to NEW");
		}
	}

	@Test
	@Timeout(value = 180, unit = TimeUnit.SECONDS)
	void aResetAndANewConfigurationWriteEveryLineBeforeItToTheOldAppenderAndEveryLineAfterItToTheNewInOrder()
			throws InterruptedException {
		start(8192, DropPolicy.BLOCK);
		WrittenAppender old = WrittenAppender.named("OLD");
		startCallers();
		this.reconfiguring.set(true);
		this.context.reset();
		Joran.configure(this.context, NEW_CONFIGURATION);
		this.configured.set(true);
		WrittenAppender replacement = WrittenAppender.named("NEW");
		finish();
		assertOldThenNew(old, replacement);
	}

	/**
	 * {@code scan="true"}, as Logback runs it: its task finds the file changed, says so, resets the
	 * context and configures it from the file again. Every line whose call began after Logback said so
	 * waits for the new configuration's appender and is written there, in order.
	 */
	@Test
	@Timeout(value = 180, unit = TimeUnit.SECONDS)
	void aScanThatFindsTheFileChangedWritesEveryLineBeforeItToTheOldAppenderAndEveryLineAfterItToTheNewInOrder(
			@TempDir Path directory) throws Exception {
		Path file = directory.resolve("logback.xml");
		Files.writeString(file, scanned(OLD_CONFIGURATION));
		WrittenAppender.forgetAll();
		Joran.reconfigure(this.context, file.toUri().toURL());
		start(8192, DropPolicy.BLOCK);
		WrittenAppender old = WrittenAppender.named("OLD");
		watchLogbacksOwnMoment();
		startCallers();
		// Told after the starter's own listener, which holds what is logged from then on.
		Map<String, Integer> loggedAtChange = new ConcurrentHashMap<>();
		List<Caller> watched = List.copyOf(this.callers);
		this.context.addConfigurationEventListener((event) -> {
			if (event.getEventType().name().equals("CHANGE_DETECTED") && loggedAtChange.isEmpty()) {
				watched.forEach((caller) -> loggedAtChange.put(caller.name, caller.logged));
			}
		});
		this.reconfiguring.set(true);
		// Replaced whole, with a time later than the first write's by more than any file system's
		// granularity: a scan never reads it half written or sees it change twice.
		Path next = directory.resolve("logback.xml.next");
		Files.writeString(next, scanned(NEW_CONFIGURATION));
		assertThat(next.toFile().setLastModified(System.currentTimeMillis() + 10_000)).isTrue();
		Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		Logger root = this.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		await().atMost(Duration.ofSeconds(60)).until(() -> root.getAppender("NEW") != null);
		this.configured.set(true);
		WrittenAppender replacement = WrittenAppender.named("NEW");
		finish();
		assertThat(this.context.getStatusManager().getCopyOfStatusList()).as("Logback's statuses")
			.anySatisfy((status) -> assertThat(status.getMessage())
				.isEqualTo(ReconfigureOnChangeTask.DETECTED_CHANGE_IN_CONFIGURATION_FILES));
		assertThat(this.filterlessMomentsEnded).as("resets since the scan began").hasValue(1);
		Map<String, Set<Integer>> ownWrites = replacement.writtenByTheirOwnThread();
		for (Caller caller : this.callers) {
			List<Integer> inNew = linesOf(replacement, caller);
			for (Integer line : caller.metLogbacksOwnMoment) {
				if (!inNew.contains(line) || ownWrites.getOrDefault(caller.name, Set.of()).contains(line)) {
					caller.logbacksOwn.add(line);
				}
			}
		}
		assertOldThenNew(old, replacement);
		for (Caller caller : this.callers) {
			// The line in flight as Logback said so may be either side; every one after it is in NEW.
			int first = loggedAtChange.get(caller.name) + 1;
			List<Integer> expected = new ArrayList<>(range(first, caller.logged));
			expected.removeAll(caller.logbacksOwn);
			List<Integer> toNew = linesOf(replacement, caller);
			int from = toNew.indexOf(expected.get(0));
			assertThat(from).as("%s's first line begun after the change was detected (%d), in NEW", caller.name,
					expected.get(0))
				.isNotNegative();
			assertLines(toNew.subList(from, toNew.size()), expected, caller.name
					+ "'s lines begun after the change was detected, written to NEW (but " + caller.logbacksOwn
					+ ", written by Logback itself while the reset had no turbo filter)");
		}
	}

	/**
	 * Counts the next reset's moment without turbo filters: a filter of the test's, after the starter's,
	 * is stopped just before Logback clears the list, and a listener of the test's, after the
	 * starter's, hears the reset end once the starter's filter is back.
	 */
	private void watchLogbacksOwnMoment() {
		TurboFilter marker = new TurboFilter() {
			@Override
			public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
					Throwable t) {
				return FilterReply.NEUTRAL;
			}

			@Override
			public void stop() {
				ReconfigurationOrderTests.this.filterlessMomentsBegun.incrementAndGet();
				super.stop();
			}
		};
		marker.setContext(this.context);
		marker.start();
		this.context.addTurboFilter(marker);
		this.context.addListener(new ResetListener(this.filterlessMomentsEnded::incrementAndGet));
	}

	/** The configuration, watched by Logback's scan every 50 ms. */
	private static String scanned(String configuration) {
		return configuration.replace("<configuration>", "<configuration scan=\"true\" scanPeriod=\"50 milliseconds\">");
	}

	/**
	 * A programmatic reset, then {@code addAppender}, as a library or a test does: Logback announces
	 * nothing, and the lines logged in between may go nowhere (synchronous Logback writes them to no
	 * appender), but none is counted as delivered.
	 */
	@Test
	@Timeout(value = 180, unit = TimeUnit.SECONDS)
	void aProgrammaticResetAndAddAppenderWriteEveryLineBeforeItToTheOldAppenderAndEveryLineAfterItToTheNewInOrder()
			throws InterruptedException {
		start(8192, DropPolicy.BLOCK);
		MeterRegistry registry = new SimpleMeterRegistry();
		new AsyncLoggingMetrics(this.bridge.executor()).bindTo(registry);
		WrittenAppender old = WrittenAppender.named("OLD");
		startCallers();
		this.reconfiguring.set(true);
		this.context.reset();
		this.context.getLogger("io.github.asynclogging").setLevel(Level.OFF);
		WrittenAppender added = Bridges.started(this.context, new WrittenAppender("NEW"),
				org.slf4j.Logger.ROOT_LOGGER_NAME);
		this.configured.set(true);
		finish();
		assertOldThenNew(old, added);
		assertDeliveredIsWhatTheWorkersWrote(registry, old, added);
	}

	/**
	 * Each thread's lines logged before the reset began are all in OLD, those logged after the new
	 * configuration returned all in NEW, each appender's in the thread's order, none in both, and the
	 * thread's lines in OLD all before its lines in NEW.
	 */
	private void assertOldThenNew(WrittenAppender old, WrittenAppender replacement) {
		for (Caller caller : this.callers) {
			List<Integer> toOld = linesOf(old, caller);
			List<Integer> toNew = linesOf(replacement, caller);
			assertStrictlyIncreasing(toOld, caller.name + "'s lines written to OLD");
			assertStrictlyIncreasing(toNew, caller.name + "'s lines written to NEW");
			int before = caller.lastBeforeReconfiguring + 1;
			assertThat(toOld.size()).as("%s's lines written to OLD, of %d logged before the reset began",
					caller.name, before)
				.isGreaterThanOrEqualTo(before);
			assertLines(toOld.subList(0, before), range(0, before),
					caller.name + "'s lines logged before the reset began, written to OLD");
			assertThat(toNew).as("%s's lines written to NEW", caller.name).isNotEmpty();
			int fromNew = toNew.indexOf(caller.firstAfterConfigured);
			assertThat(fromNew).as("%s's first line logged after the configuration returned (%d), in NEW", caller.name,
					caller.firstAfterConfigured)
				.isNotNegative();
			assertLines(toNew.subList(fromNew, toNew.size()), range(caller.firstAfterConfigured, caller.logged),
					caller.name + "'s lines logged after the configuration returned, written to NEW");
			assertThat(toOld.get(toOld.size() - 1)).as("%s's last line in OLD, before its first in NEW (%d)",
					caller.name, toNew.get(0))
				.isLessThan(toNew.get(0));
		}
	}

	/**
	 * The events counted as delivered are exactly those the workers wrote to the two appenders. A line a
	 * calling thread wrote itself (as synchronous Logback would) is not counted, and is not compared.
	 */
	private void assertDeliveredIsWhatTheWorkersWrote(MeterRegistry registry, WrittenAppender old,
			WrittenAppender replacement) {
		double delivered = sum(registry, "async.logging.events.delivered");
		long byCallers = callersWrites(old) + callersWrites(replacement);
		long byWorkers = old.size() + replacement.size() - byCallers;
		assertThat(delivered)
			.as("events counted as delivered, against those the workers wrote to OLD and NEW (OLD %d, NEW %d, of them "
					+ "%d written on the calling threads; OLD asked %d times while stopped)", old.size(), replacement.size(),
					byCallers, old.askedWhileStopped())
			.isEqualTo(byWorkers);
	}

	/** Writes made on the logging threads themselves, not on a worker. */
	private long callersWrites(WrittenAppender appender) {
		List<String> names = this.callers.stream().map((caller) -> caller.name).toList();
		return appender.writers().stream().filter(names::contains).count();
	}

	private static double sum(MeterRegistry registry, String name) {
		return registry.find(name)
			.meters()
			.stream()
			.flatMap((meter) -> StreamSupport.stream(meter.measure().spliterator(), false))
			.filter((measurement) -> measurement.getStatistic() == Statistic.COUNT)
			.mapToDouble(Measurement::getValue)
			.sum();
	}

	@Test
	@Timeout(value = 180, unit = TimeUnit.SECONDS)
	void aConfigurationThatTakesSecondsNeverMakesACallerWaitAndCountsNothingDeliveredThatNoAppenderWrote()
			throws InterruptedException {
		start(1024, DropPolicy.DROP_NEWEST);
		MeterRegistry registry = new SimpleMeterRegistry();
		new AsyncLoggingMetrics(this.bridge.executor()).bindTo(registry);
		WrittenAppender old = WrittenAppender.named("OLD");
		startCallers();
		this.reconfiguring.set(true);
		long began = System.nanoTime();
		this.context.reset();
		Joran.configure(this.context, SLOW_CONFIGURATION);
		Duration configuring = Duration.ofNanos(System.nanoTime() - began);
		this.configured.set(true);
		WrittenAppender slow = WrittenAppender.named("NEW");
		finish();
		assertThat(configuring).as("time the configuration took (its appender starts in %d ms)",
				SlowStartAppender.START_MILLIS)
			.isGreaterThanOrEqualTo(Duration.ofMillis(SlowStartAppender.START_MILLIS));
		for (Caller caller : this.callers) {
			assertThat(Duration.ofNanos(caller.longestCall))
				.as("%s's longest log call, under drop-newest, while a configuration took %s", caller.name,
						configuring)
				.isLessThan(Duration.ofSeconds(1));
			List<Integer> toOld = linesOf(old, caller);
			List<Integer> toNew = linesOf(slow, caller);
			assertStrictlyIncreasing(toOld, caller.name + "'s lines written to OLD");
			assertStrictlyIncreasing(toNew, caller.name + "'s lines written to NEW");
			if (!toOld.isEmpty() && !toNew.isEmpty()) {
				assertThat(toOld.get(toOld.size() - 1)).as("%s's last line in OLD, before its first in NEW",
						caller.name)
					.isLessThan(toNew.get(0));
			}
		}
		assertDeliveredIsWhatTheWorkersWrote(registry, old, slow);
	}

}
