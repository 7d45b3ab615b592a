package io.github.asynclogging.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One lane per destination, one thread per lane's worker, and the lanes' workers route: a destination
 * alone is written by its worker as it routes; a second gets a lane and a worker of its own, without
 * reordering what one thread logged; the lanes stop by the one timeout, a hung destination left
 * behind alone.
 */
class DestinationLanesTests {

	private static final String PREFIX = "lanes-test-worker-";

	/** Where each event goes: its destinations, read on every route, as Logback's loggers are. */
	private final Map<String, Boolean> destinations = new ConcurrentHashMap<>();

	private final Map<String, List<Integer>> written = new ConcurrentHashMap<>();

	private final Map<String, List<String>> writers = new ConcurrentHashMap<>();

	private final CountDownLatch endOfTest = new CountDownLatch(1);

	private final AtomicLong hungEntered = new AtomicLong();

	private volatile boolean allSynchronous;

	private final Map<String, AtomicLong> gatedCalls = new ConcurrentHashMap<>();

	private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();

	/** Destinations that get only some events, by sequence number; the others get every event. */
	private final Map<String, IntPredicate> onlySome = new ConcurrentHashMap<>();

	/** The event whose routing waits for {@link #releaseRoute}, or -1. */
	private volatile int holdRouteOf = -1;

	private final CountDownLatch routeHeld = new CountDownLatch(1);

	private final CountDownLatch releaseRoute = new CountDownLatch(1);

	private final Router<TestEvent, String> router = new Router<>() {

		@Override
		public boolean route(TestEvent event, Hand<TestEvent, String> hand) {
			if (event.seq() == DestinationLanesTests.this.holdRouteOf) {
				// The worker routing it holds the turn meanwhile.
				DestinationLanesTests.this.routeHeld.countDown();
				awaitUninterruptibly(DestinationLanesTests.this.releaseRoute);
			}
			DestinationLanesTests.this.destinations.keySet().stream().sorted()
				.filter((name) -> DestinationLanesTests.this.onlySome.getOrDefault(name, (seq) -> true).test(event.seq()))
				.forEach((name) -> hand.to(name, name, event));
			// Appenders that all stay synchronous: somewhere to go, written by the caller, no lane.
			return !DestinationLanesTests.this.destinations.isEmpty() || DestinationLanesTests.this.allSynchronous;
		}

		@Override
		public void write(TestEvent event, String target) throws Exception {
			if (target.startsWith("gated")) {
				// Its first event waits for the test's gate; "gated-then-hung" hangs on every later one.
				boolean first = DestinationLanesTests.this.gatedCalls.computeIfAbsent(target, (name) -> new AtomicLong())
					.getAndIncrement() == 0;
				if (first) {
					DestinationLanesTests.this.gates.computeIfAbsent(target, (name) -> new CountDownLatch(1)).await();
				}
				else if (target.endsWith("hung")) {
					DestinationLanesTests.this.endOfTest.await();
				}
			}
			if (target.equals("hung")) {
				DestinationLanesTests.this.hungEntered.incrementAndGet();
				// Hangs, deaf to the interrupt a stop that gives up on it sends, until the test ends.
				while (DestinationLanesTests.this.endOfTest.getCount() > 0) {
					try {
						DestinationLanesTests.this.endOfTest.await(30, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						// deaf
					}
				}
			}
			DestinationLanesTests.this.written.computeIfAbsent(target, (name) -> java.util.Collections.synchronizedList(new ArrayList<>()))
				.add(event.seq());
			DestinationLanesTests.this.writers.computeIfAbsent(target, (name) -> java.util.Collections.synchronizedList(new ArrayList<>()))
				.add(Thread.currentThread().getName());
		}

	};

	private AsyncLogExecutor<TestEvent> executor;

	/** The lanes' drop policy: the default unless a test sets another. */
	private DropPolicy policy = Settings.settings().build(PREFIX).dropPolicy();

	@AfterEach
	void stop() {
		this.endOfTest.countDown();
		// A test that failed while a route was held would otherwise leave its worker there.
		this.releaseRoute.countDown();
		if (this.executor != null) {
			this.executor.stop(Duration.ofSeconds(5));
		}
		await().until(() -> liveWorkers() == 0);
	}

	private AsyncLogExecutor<TestEvent> start(int capacity, String... declared) {
		ExecutorSettings settings = Settings.settings().capacity(capacity).policy(this.policy)
			.blockTimeout(Duration.ofMillis(200)).build(PREFIX);
		DestinationLanes<TestEvent, String> lanes = new DestinationLanes<>(this.router,
				// The hung destination's lane is small; the others hold what the tests log.
				(name) -> Settings.settings().capacity(name.contains("hung") ? 64 : capacity).policy(this.policy)
					.blockTimeout(Duration.ofMillis(200)).build(PREFIX + name + "-"),
				TestEvent.TRAITS,
				(line) -> {
				}, true);
		for (String name : declared) {
			this.destinations.put(name, true);
		}
		this.executor = new AsyncLogExecutor<>(settings, lanes, TestEvent.TRAITS, (line) -> {
		});
		this.executor.declareDestinations(List.of(declared));
		this.executor.start();
		return this.executor;
	}

	private static void awaitUninterruptibly(CountDownLatch latch) {
		boolean interrupted = false;
		while (latch.getCount() > 0) {
			try {
				latch.await();
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	private static Thread worker(String name) {
		return Thread.getAllStackTraces().keySet().stream()
			.filter((thread) -> thread.getName().equals(name))
			.findFirst()
			.orElseThrow();
	}

	private static long liveWorkers() {
		return Thread.getAllStackTraces().keySet().stream()
			.filter((thread) -> thread.getName().startsWith(PREFIX) && thread.isAlive())
			.count();
	}

	private DestinationLane lane(String name) {
		return this.executor.destinations().stream().filter((lane) -> lane.name().equals(name)).findFirst().orElseThrow();
	}

	/**
	 * A stop under block while one lane is full behind a destination that does not return, then a start
	 * of the same executor (a Spring context stopped and started again): the next run writes every event
	 * it takes to both lanes, in order, each lane's counts adding up across both runs, and leaves no thread.
	 */
	@Test
	void aRestartAfterAStopThatLeftALaneFullUnderBlockWritesEveryEventOfTheNextRun() {
		this.policy = DropPolicy.BLOCK;
		start(64, "a", "gated");
		for (int i = 0; i < 100; i++) {
			this.executor.submit(TestEvent.info(i));
		}
		await().until(() -> this.gatedCalls.containsKey("gated"));
		// The gated lane's worker is interrupted out of its wait; what the full lanes held is dropped.
		StopReport first = this.executor.stop(Duration.ofMillis(300));
		assertThat(first.complete()).as("the first run's stop").isFalse();
		this.gates.get("gated").countDown();
		await().until(() -> liveWorkers() == 0);
		this.written.clear();
		this.executor.start();
		for (int i = 100; i < 200; i++) {
			this.executor.submit(TestEvent.info(i));
		}
		StopReport second = this.executor.stop(Duration.ofSeconds(5));
		assertThat(second.complete()).as("the second run's stop").isTrue();
		List<Integer> nextRun = new ArrayList<>();
		for (int i = 100; i < 200; i++) {
			nextRun.add(i);
		}
		assertThat(this.written.get("a")).containsExactlyElementsOf(nextRun);
		assertThat(this.written.get("gated")).containsExactlyElementsOf(nextRun);
		for (DestinationLane lane : this.executor.destinations()) {
			assertThat(lane.routed()).as(lane.name()).isEqualTo(lane.delivered() + lane.failed() + lane.dropped());
		}
		assertThat(liveWorkers()).isZero();
	}

	@Test
	void oneThreadPerDestinationAloneWrittenAsItsWorkerRoutesAndASecondGetsItsOwnInOrder() {
		start(8192, "a");
		// One destination, one thread: the lane's worker routes the callers' queue and writes it at once.
		assertThat(liveWorkers()).isEqualTo(1);
		for (int i = 0; i < 1000; i++) {
			this.executor.submit(TestEvent.info(i));
		}
		await().until(() -> lane("a").delivered() == 1000);
		assertThat(this.writers.get("a")).containsOnly(PREFIX + "a-1");
		assertThat(liveWorkers()).isEqualTo(1).isEqualTo(this.executor.workers());
		// A destination added while events are queued: from the next event routed, each has its lane.
		for (int i = 1000; i < 3000; i++) {
			if (i == 2000) {
				this.destinations.put("b", true);
			}
			this.executor.submit(TestEvent.info(i));
		}
		await().until(() -> lane("a").delivered() == 3000 && lane("b").delivered() + lane("b").dropped() > 0
				&& this.executor.queueSize() == 0);
		List<Integer> expected = new ArrayList<>();
		for (int i = 0; i < 3000; i++) {
			expected.add(i);
		}
		assertThat(this.written.get("a")).containsExactlyElementsOf(expected);
		assertThat(this.writers.get("a")).containsOnly(PREFIX + "a-1");
		assertThat(this.writers.get("b")).containsOnly(PREFIX + "b-1");
		assertThat(this.written.get("b")).isSorted();
		assertThat(liveWorkers()).isEqualTo(2).isEqualTo(this.executor.workers());
		for (DestinationLane lane : this.executor.destinations()) {
			assertThat(lane.routed()).as(lane.name()).isEqualTo(lane.delivered() + lane.failed() + lane.dropped());
		}
		StopReport report = this.executor.stop(Duration.ofSeconds(5));
		assertThat(report.complete()).isTrue();
		assertThat(liveWorkers()).isZero();
	}

	/**
	 * Under block, the worker that routes may find its own lane full, where only it makes room: it
	 * writes its lane first rather than wait for itself, and both destinations get every event in order.
	 */
	@Test
	void underBlockAWorkerRoutingIntoItsOwnFullLaneWritesItFirstAndNothingIsDropped() {
		this.policy = DropPolicy.BLOCK;
		start(16, "a", "b");
		int events = 1000;
		for (int i = 0; i < events; i++) {
			this.executor.submit(TestEvent.info(i));
		}
		// A worker waiting for room only it can make would wait out block-timeout and drop.
		await().atMost(Duration.ofSeconds(30)).until(() -> this.executor.queueSize() == 0);
		assertThat(this.executor.dropped()).isZero();
		assertThat(lane("a").delivered()).isEqualTo(events);
		assertThat(lane("b").delivered()).isEqualTo(events);
		List<Integer> expected = new ArrayList<>();
		for (int i = 0; i < events; i++) {
			expected.add(i);
		}
		assertThat(this.written.get("a")).containsExactlyElementsOf(expected);
		assertThat(this.written.get("b")).containsExactlyElementsOf(expected);
	}

	/**
	 * Under block, a worker whose own lane is full ends its turn before it takes a run it could not
	 * hand on, and writes its lane outside the turn: a destination that then hangs holds up routing no
	 * longer than the others wait for room in its lane (block-timeout), never for good.
	 */
	@Test
	void underBlockAWorkerWhoseOwnLaneIsFullEndsItsTurnSoAHungDestinationDoesNotStopTheRouting() {
		this.policy = DropPolicy.BLOCK;
		this.gates.put("gated-then-hung", new CountDownLatch(1));
		this.gates.put("gated", new CountDownLatch(1));
		start(1024, "gated-then-hung", "gated");
		int events = 100;
		// Both workers inside their destinations: what is logged now waits in the callers' queue.
		this.executor.submit(TestEvent.info(0));
		await().until(() -> this.gatedCalls.size() == 2);
		for (int i = 1; i < events; i++) {
			this.executor.submit(TestEvent.info(i));
		}
		// The worker of the destination about to hang routes first: its lane (64) fills within one run.
		this.gates.get("gated-then-hung").countDown();
		await().until(() -> this.gatedCalls.get("gated-then-hung").get() == 2);
		this.gates.get("gated").countDown();
		await().atMost(Duration.ofSeconds(30)).until(() -> lane("gated").delivered() == events);
		assertThat(lane("gated-then-hung").dropped(EventLevel.INFO, DropReason.BLOCK_TIMEOUT)).isPositive();
	}

	/**
	 * A worker that spends its turn with more to route wakes another before it writes its own lane:
	 * callers that queued while it routed woke nobody, and its destination may hang. Here the other
	 * destination gets none of the turn's events, so nothing but that wake-up brings its worker back.
	 */
	@Test
	void aWorkerThatSpendsItsTurnWakesAnotherToRouteOnSoItsHangingDestinationHoldsUpNobody() throws InterruptedException {
		int turn = Routing.TURN_EVENTS;
		int events = 3 * turn;
		// The first destination's first event goes through; it hangs on every later one.
		this.gates.put("gated-then-hung", new CountDownLatch(0));
		// A turn ends once the run that reaches its budget ends: none of its events goes to the other.
		this.onlySome.put("other", (seq) -> seq == 0 || seq > 2 * turn);
		start(8192, "gated-then-hung", "other");
		this.executor.submit(TestEvent.info(0));
		await().until(() -> lane("gated-then-hung").delivered() == 1 && lane("other").delivered() == 1);
		Thread first = worker(PREFIX + "gated-then-hung-1");
		Thread other = worker(PREFIX + "other-1");
		await().until(() -> first.getState() == Thread.State.WAITING && other.getState() == Thread.State.WAITING);
		// Both parked: the caller wakes the first lane's worker, whose routing of event 1 holds the turn
		// while the rest are queued, so that their callers see it routing and wake nobody.
		this.holdRouteOf = 1;
		this.executor.submit(TestEvent.info(1));
		assertThat(this.routeHeld.await(10, TimeUnit.SECONDS)).isTrue();
		for (int i = 2; i < events; i++) {
			this.executor.submit(TestEvent.info(i));
		}
		assertThat(other.getState()).isEqualTo(Thread.State.WAITING);
		this.releaseRoute.countDown();
		// The turn goes to the first lane only; its worker then hangs in event 1.
		List<Integer> expected = new ArrayList<>(List.of(0));
		for (int i = 2 * turn + 1; i < events; i++) {
			expected.add(i);
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> lane("other").delivered() == expected.size());
		assertThat(this.written.get("other")).containsExactlyElementsOf(expected);
		assertThat(this.writers.get("other")).containsOnly(PREFIX + "other-1");
	}

	/**
	 * A stop that comes while a worker routes waits for the turn to end, even with the callers' queue
	 * and every lane empty, and the event being routed is written, not dropped.
	 */
	@Test
	void aStopWhileAWorkerRoutesWaitsForItsTurnToEndAndWritesWhatItRoutes() throws Exception {
		start(1024, "a", "b");
		this.holdRouteOf = 0;
		this.executor.submit(TestEvent.info(0));
		// The worker routing the event holds the turn, with the callers' queue and both lanes empty: what
		// keeps the stop from ending is the turn under way alone.
		assertThat(this.routeHeld.await(10, TimeUnit.SECONDS)).isTrue();
		CompletableFuture<StopReport> stopped = CompletableFuture
			.supplyAsync(() -> this.executor.stop(Duration.ofSeconds(20)));
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !stopped.isDone());
		this.releaseRoute.countDown();
		StopReport report = stopped.get(30, TimeUnit.SECONDS);
		assertThat(report.complete()).isTrue();
		assertThat(report.droppedAtShutdown()).isZero();
		assertThat(this.written.get("a")).containsExactly(0);
		assertThat(this.written.get("b")).containsExactly(0);
		assertThat(lane("a").delivered()).isEqualTo(1);
		assertThat(lane("b").delivered()).isEqualTo(1);
	}

	/**
	 * With no lane yet there is no worker to route: an event whose appenders all stay synchronous (its
	 * caller wrote them) is not queued for nobody, and counts for no destination.
	 */
	@Test
	void withNoLaneAnEventWrittenOnlySynchronouslyIsNotQueuedForNobody() {
		this.policy = DropPolicy.BLOCK;
		this.allSynchronous = true;
		start(16);
		for (int i = 0; i < 100; i++) {
			assertThat(this.executor.submit(TestEvent.info(i))).isTrue();
		}
		assertThat(this.executor.queueSize()).isZero();
		assertThat(this.executor.destinations()).isEmpty();
		assertThat(this.executor.dropped()).isZero();
		assertThat(this.executor.stop(Duration.ofSeconds(5)).complete()).isTrue();
	}

	@Test
	void aDestinationAloneCountsTheExecutorsQueueAsItsBacklog() {
		this.destinations.put("hung", true);
		start(1024, "hung");
		this.executor.submit(TestEvent.info(0));
		await().until(() -> this.hungEntered.get() == 1);
		for (int i = 1; i <= 10; i++) {
			this.executor.submit(TestEvent.info(i));
		}
		assertThat(lane("hung").queueSize()).isEqualTo(10);
		assertThat(this.executor.queueSize()).isEqualTo(10);
	}

	/** Health names a destination that has events waiting and wrote none for a while; the others are not. */
	@Test
	void aDestinationThatWritesNothingWhileEventsWaitIsStalledAndTheOthersAreNot() {
		start(1024, "fast", "hung");
		this.executor.submit(TestEvent.info(0));
		await().until(() -> this.hungEntered.get() == 1);
		this.executor.submit(TestEvent.info(1));
		await().until(() -> lane("hung").queueSize() == 1 && lane("fast").delivered() == 2);
		long now = System.nanoTime();
		assertThat(lane("hung").stalled(now)).isFalse();
		assertThat(lane("hung").stalled(now + DestinationLane.STALL_NANOS - 1)).isFalse();
		assertThat(lane("hung").stalled(now + DestinationLane.STALL_NANOS)).isTrue();
		assertThat(lane("fast").stalled(now)).isFalse();
		assertThat(lane("fast").stalled(now + 2 * DestinationLane.STALL_NANOS)).as("nothing waits for it").isFalse();
	}

	@Test
	void aHungDestinationIsLeftBehindAtTheStopAndTheOtherIsWrittenInFull() {
		start(1024, "fast", "hung");
		this.executor.submit(TestEvent.info(0));
		await().until(() -> this.hungEntered.get() == 1);
		for (int i = 1; i <= 100; i++) {
			this.executor.submit(TestEvent.info(i));
		}
		await().until(() -> lane("hung").routed() == 101);
		long started = System.nanoTime();
		StopReport report = this.executor.stop(Duration.ofMillis(500));
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(took).isLessThan(Duration.ofMillis(500).plusSeconds(1));
		assertThat(this.written.get("fast")).hasSize(101);
		assertThat(lane("fast").delivered()).isEqualTo(101);
		// 64 waited in the hung lane, 36 found it full, 1 is inside the destination.
		assertThat(report.droppedAtShutdown()).isEqualTo(64);
		assertThat(report.stuckInDestination()).isEqualTo(1);
		assertThat(lane("hung").dropped(EventLevel.INFO, DropReason.SHUTDOWN)).isEqualTo(64);
		assertThat(lane("hung").dropped(EventLevel.INFO, DropReason.QUEUE_FULL)).isEqualTo(36);
		assertThat(lane("hung").routed()).isEqualTo(101);
		this.endOfTest.countDown();
		await().until(() -> liveWorkers() == 0);
	}

}
