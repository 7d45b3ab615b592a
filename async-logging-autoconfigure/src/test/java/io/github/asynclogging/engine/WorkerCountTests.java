package io.github.asynclogging.engine;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static io.github.asynclogging.engine.Settings.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every allowed number of workers works on any machine, and under a steady backlog every worker
 * writes, not only the first.
 */
class WorkerCountTests {

	/** The stripes of the default capacity on this machine, and counts around them, up to the maximum. */
	static List<Integer> workerCounts() {
		int stripes = StripedQueue.stripesFor(ExecutorSettings.DEFAULTS.queueCapacity(),
				Runtime.getRuntime().availableProcessors());
		return List.of(1, 2, stripes, stripes + 1, 2 * stripes + 1, 24, ExecutorSettings.MAX_WORKERS);
	}

	// Break seen failing: Worker's nextStripe starting at its slot, not wrapped to the stripes (workers 5 and more
	// died at once on 2 processors, were replaced 100 times, and never parked).
	@ParameterizedTest(name = "workers={0}")
	@MethodSource("workerCounts")
	void everyWorkerOfAnAllowedCountWritesAndParksAndNoneDies(int workers) {
		AtomicInteger written = new AtomicInteger();
		AsyncLogExecutor<TestEvent> executor = settings().workers(workers).executor((event) -> written.incrementAndGet());
		executor.start();
		try {
			IntStream.range(0, 1000).forEach((seq) -> executor.submit(TestEvent.info(seq)));
			await().until(() -> written.get() == 1000);
			// Each worker has looked at every stripe and found nothing: it parks without a timer.
			await().atMost(Duration.ofSeconds(20)).until(() -> idleWorkers() == workers);
			assertThat(executor.workersReplaced()).as("workers replaced after dying").isZero();
			assertThat(executor.workersAlive()).isEqualTo(workers);
		}
		finally {
			executor.stop(Duration.ofSeconds(10));
		}
	}

	private static long idleWorkers() {
		return Thread.getAllStackTraces().keySet().stream()
			.filter((thread) -> thread.getName().startsWith("test-worker-") && thread.isAlive()
					&& thread.getState() == Thread.State.WAITING)
			.count();
	}

	// Break seen failing: afterOffer waking only the first worker (the code of 49dc1dd): one writer inside, never four.
	@ParameterizedTest
	@EnumSource(value = DropPolicy.class, names = { "DROP_NEWEST", "DROP_OLDEST" })
	void underASteadyBacklogEveryWorkerWritesAtOnce(DropPolicy policy) {
		int workers = 4;
		HeldDestination destination = new HeldDestination();
		AsyncLogExecutor<TestEvent> executor = settings().workers(workers).capacity(1000).policy(policy)
			.executor(destination);
		executor.start();
		try {
			IntStream.range(0, 1000).forEach((seq) -> executor.submit(TestEvent.info(seq)));
			await().atMost(Duration.ofSeconds(10)).until(() -> destination.inside.size() == workers);
		}
		finally {
			destination.release.countDown();
			executor.stop(Duration.ofSeconds(10));
		}
		assertThat(executor.delivered() + executor.dropped()).isEqualTo(1000);
	}

	/** Holds every writer inside until released, and says which threads are inside now. */
	private static final class HeldDestination implements Destination<TestEvent> {

		final Set<String> inside = ConcurrentHashMap.newKeySet();

		final CountDownLatch release = new CountDownLatch(1);

		@Override
		public void write(TestEvent event) throws InterruptedException {
			String name = Thread.currentThread().getName();
			this.inside.add(name);
			try {
				this.release.await(30, TimeUnit.SECONDS);
			}
			finally {
				this.inside.remove(name);
			}
		}

	}

}
