package io.github.asynclogging.engine;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.ToLongFunction;

/**
 * A bounded queue of log events written by a fixed set of worker threads.
 * <p>
 * A caller {@link #submit submits} an event; it is queued, or, when the queue is full, handled by
 * the {@link DropPolicy}, and every outcome is counted exactly. Workers write queued events to the
 * {@link Destination}. {@link #stop} drains the queue within a timeout.
 * <p>
 * This class owns the lifecycle and the readings; the rest has one owner each: the caller's path
 * ({@link CallerPath}), the queue and its bounds ({@link StripedQueue}, {@link Permits}), a full queue
 * ({@link FullQueuePolicy}), the workers ({@link Worker}, {@link Generation}), writing and accounting
 * ({@link RunWriter}), waits for the queue ({@link QueueWaits}), the stop ({@link Shutdown}), and the
 * lanes of several destinations ({@link DestinationLanes}), whose workers route ({@link Routing}).
 *
 * @param <E> the event type
 */
public final class AsyncLogExecutor<E> {

	private static final int NEW = 0;

	private static final int RUNNING = 1;

	/** Stopping: still accepting, the workers are emptying the queue. */
	private static final int DRAINING = 2;

	/** Not accepting. */
	private static final int CLOSED = 3;

	private final ExecutorSettings settings;

	private final Consumer<String> warnings;

	private final StripedQueue<E> queue;

	private final EventCounters counters = new EventCounters(this::wakeSummarisingWorker);

	private final BlockedCallers blockedCallers = new BlockedCallers();

	private final RunWriter<E> writer;

	private final CallerPath<E> callers;

	private final QueueWaits<E> waits;

	private final Shutdown<E> shutdown;

	private final DropSummary summary;

	private final Object lifecycle = new Object();

	/** The lanes whose workers route this executor's queue, or {@code null} if its workers write its destination. */
	private final DestinationLanes<E, ?> lanes;

	/** This executor, or the one whose lanes it is one of. */
	private final Object family;

	private volatile int state = NEW;

	/** This start's workers; {@code null} with lanes, whose workers route the queue. */
	volatile Generation<E> generation;

	/** What takes from the queue in this start: the workers, or with lanes the {@link Routing}. */
	private volatile QueueTakers takers;

	/** For a lane: the routing its workers take part in. */
	private final RoutingDuty routing;

	/**
	 * Creates an executor; no thread runs until {@link #start()}.
	 * @param settings the settings (with lanes: of the queue callers write to; each lane has its own)
	 * @param destination where workers write events; with {@link DestinationLanes}, each event is routed
	 * to one lane per destination
	 * @param traits reads an event's level, creation time and size
	 * @param warnings receives the dropped-events summary lines and notices about workers
	 */
	public AsyncLogExecutor(ExecutorSettings settings, Destination<? super E> destination,
			EventTraits<? super E> traits, Consumer<String> warnings) {
		this(settings, destination, traits, warnings, null, null, null);
	}

	/**
	 * @param destinationName the destination this executor is the lane of, named in its drop summary
	 * @param family the executor whose lane this is, or {@code null}
	 * @param routing the routing this lane's workers take part in, or {@code null}
	 */
	@SuppressWarnings("unchecked")
	AsyncLogExecutor(ExecutorSettings settings, Destination<? super E> destination, EventTraits<? super E> traits,
			Consumer<String> warnings, String destinationName, Object family, RoutingDuty routing) {
		this.routing = routing;
		this.settings = Objects.requireNonNull(settings, "settings");
		Objects.requireNonNull(traits, "traits");
		this.warnings = Objects.requireNonNull(warnings, "warnings");
		Objects.requireNonNull(destination, "destination");
		this.queue = new StripedQueue<>(settings.queueCapacity(), settings.queueMemory(),
				Runtime.getRuntime().availableProcessors(), routing != null);
		this.family = (family != null) ? family : this;
		this.lanes = (destination instanceof DestinationLanes<?, ?> own) ? (DestinationLanes<E, ?>) own : null;
		if (this.lanes != null) {
			this.lanes.joinFamily(this);
		}
		this.writer = new RunWriter<>(destination, traits, this.counters);
		this.callers = new CallerPath<>(this, settings, traits, this.queue, this.counters, this.writer, this.lanes,
				this.blockedCallers);
		this.waits = new QueueWaits<>(this.queue, this.lanes);
		this.summary = new DropSummary(this.counters, settings.droppedWarningInterval(), warnings, destinationName,
				System.nanoTime());
		this.shutdown = new Shutdown<>(this.queue, this.callers, this.waits, this.blockedCallers, this.summary,
				this.lanes);
	}

	/** Starts the workers; does nothing if they run already. */
	public void start() {
		synchronized (this.lifecycle) {
			if (this.state == RUNNING) {
				return;
			}
			this.queue.open();
			if (this.lanes != null) {
				// No thread of its own: the lanes' workers route.
				this.takers = this.lanes.start(new Routing<>(this.queue, this.writer, this.blockedCallers, this.summary,
						this.lanes.workers()));
				this.state = RUNNING;
				return;
			}
			Generation<E> started = Generation.of(this.settings, this.queue, this.writer, this.blockedCallers,
					this.summary, this.routing, this.warnings, this.family);
			this.generation = started;
			this.takers = started;
			this.state = RUNNING;
			started.start();
		}
	}

	/**
	 * Hands an event to the workers. Never blocks but under {@link DropPolicy#BLOCK}.
	 * @param event the event, already prepared for deferred processing
	 * @return {@code true} if the executor took charge of the event (queued, written, or dropped and
	 * counted); {@code false} if it does not run, or a stop closed it meanwhile: the caller writes it
	 */
	public boolean submit(E event) {
		return this.callers.submit(event, false);
	}

	/** Hands an event to a lane from its own worker as it routes: queued, not written as if logged on it. */
	boolean submitFromOwnWorker(E event) {
		return this.callers.submit(event, true);
	}

	void wakeAllWorkers() {
		QueueTakers workers = this.takers;
		if (workers != null) {
			workers.wakeAll();
		}
	}

	/** A drop counted: the worker that says the summary, parked without a timer, re-parks with one. */
	private void wakeSummarisingWorker() {
		QueueTakers workers = this.takers;
		if (workers != null && this.summary.enabled()) {
			workers.wakeSummariser();
		}
	}

	/** Writes and accounts for events of this executor's destination: also for its lanes' router. */
	RunWriter<E> writer() {
		return this.writer;
	}

	/** Whether a thread is one of this executor's own workers, of the current start. */
	boolean isOwnWorker(Thread thread) {
		return thread instanceof Worker<?> worker && worker.generation == this.generation;
	}

	boolean isOwnOrLaneWorker(Worker<?> worker) {
		return worker.generation == this.generation || (this.lanes != null && this.lanes.isLaneWorker(worker));
	}

	/**
	 * Waits until the calling thread's events queued so far are written: for a caller about to write
	 * synchronously, which must not pass them.
	 * @param deadlineNanos the {@link System#nanoTime()} after which it stops waiting
	 * @return {@code true} if they are written (or dropped), {@code false} if the deadline came first
	 */
	public boolean awaitCallersEventsWritten(long deadlineNanos) {
		return this.waits.callersEventsWritten(this.takers, deadlineNanos);
	}

	/**
	 * Waits until every event queued before this call is written (or dropped), however much is queued
	 * meanwhile: for a context that stands by and stops while the application goes on logging.
	 * @param deadlineNanos the {@link System#nanoTime()} after which it stops waiting
	 * @return {@code true} if they are, {@code false} if the deadline came first or no worker runs
	 */
	public boolean awaitQueuedSoFarWritten(long deadlineNanos) {
		QueueTakers workers = workersToWaitFor();
		return workers != null && this.waits.queuedSoFarWritten(workers, deadlineNanos);
	}

	/** The workers a wait may wait for: none when they do not run, or on a worker, which never waits. */
	private QueueTakers workersToWaitFor() {
		return (isRunning() && !isWorkerThread()) ? this.takers : null;
	}

	/**
	 * From now on, until {@link #release()}, the workers write only the events queued before this
	 * call; those queued after wait in the queue, in order, under its bounds and drop policy: for a
	 * reconfiguration of the destination. A hold while held keeps the first. A stop releases it.
	 * @param atMost how long the hold may last if nobody releases it
	 * @param onExpired runs on a worker, once, if it lasted that long
	 */
	public void hold(Duration atMost, Runnable onExpired) {
		synchronized (this.lifecycle) {
			// A stop releases any hold and must find none after: it drains everything.
			if (this.state == RUNNING) {
				this.queue.hold(System.nanoTime() + Durations.saturatedNanos(atMost), onExpired);
			}
		}
	}

	/**
	 * Waits until the events queued before the {@link #hold} are written (or dropped) and no worker
	 * writes. Returns at once on a worker, which must never wait for the queue.
	 * @param deadlineNanos the {@link System#nanoTime()} after which it stops waiting (a destination that hangs)
	 * @return {@code true} if they are written, {@code false} if the deadline came first or no worker runs
	 */
	public boolean awaitHeldWritten(long deadlineNanos) {
		QueueTakers workers = workersToWaitFor();
		return workers != null && this.waits.heldWritten(workers, deadlineNanos);
	}

	/** Ends a {@link #hold}: the workers write every event queued, in order. */
	public void release() {
		this.queue.release();
		wakeAllWorkers();
	}

	/** @return whether the calling thread is a worker of this start, which must never wait for the queue */
	public boolean isWorkerThread() {
		return Thread.currentThread() instanceof Worker<?> worker && isOwnOrLaneWorker(worker);
	}

	/**
	 * Stops accepting events once the queue is drained (what is submitted meanwhile is written too),
	 * and stops the workers. What is still queued when the timeout runs out is dropped as
	 * {@code shutdown}; workers still inside a destination then are left behind.
	 * @param timeout how long the queue may take to drain
	 * @return what could not be written, and the drops not yet summarised
	 */
	public StopReport stop(Duration timeout) {
		synchronized (this.lifecycle) {
			if (this.state != RUNNING) {
				this.state = CLOSED;
				return this.shutdown.notRunning(timeout);
			}
			this.state = DRAINING;
			return this.shutdown.stop(this.takers, timeout, () -> this.state = CLOSED);
		}
	}

	/** Adds a listener of each written event's delivery latency (ns), told on a worker; what it throws is caught. */
	public void addLatencyListener(LongConsumer listener) {
		this.writer.addLatencyListener(listener);
	}

	boolean isClosed() {
		return this.state == CLOSED;
	}

	/** @return whether the executor accepts events: between {@link #start()} and {@link #stop} */
	public boolean isRunning() {
		int current = this.state;
		return current == RUNNING || current == DRAINING;
	}

	// Counts since creation; with lanes, what was written, failed or dropped is summed over them.

	/** @return the settings */
	public ExecutorSettings settings() {
		return this.settings;
	}

	/** @return events submitted at a level */
	public long submitted(EventLevel level) {
		return this.counters.submitted(level);
	}

	/** @return events submitted at every level */
	public long submitted() {
		return this.counters.submitted();
	}

	/** @return events written, to every destination */
	public long delivered() {
		return (this.lanes != null) ? this.lanes.sum(DestinationLane::delivered) : this.counters.delivered();
	}

	/** @return events a destination threw on */
	public long failed() {
		return (this.lanes != null) ? this.lanes.sum(DestinationLane::failed) : this.counters.failed();
	}

	/** @return events of a level dropped for a reason */
	public long dropped(EventLevel level, DropReason reason) {
		return this.counters.dropped(level, reason) + sumOfLanes((lane) -> lane.dropped(level, reason));
	}

	/** @return events dropped for any reason */
	public long dropped() {
		return this.counters.dropped() + sumOfLanes(DestinationLane::dropped);
	}

	/** @return events waiting now, in the queue callers write to and in the lanes */
	public int queueSize() {
		return this.queue.size() + (int) sumOfLanes((lane) -> lane.executor().queueSize());
	}

	/** Events waiting in this executor's own queue, not in its lanes. */
	int ownQueueSize() {
		return this.queue.size();
	}

	/** @return the configured capacity of each queue */
	public int queueCapacity() {
		return this.settings.queueCapacity();
	}

	/** @return estimated bytes the queued events hold now, rounded up to the estimate's unit */
	public long queueMemoryUsed() {
		return this.queue.bytesQueued() + ((this.lanes != null) ? this.lanes.bytesQueued() : 0);
	}

	/** @return the most bytes the queued events may hold */
	public long queueMemoryMax() {
		return this.queue.maxBytes() + ((this.lanes != null) ? this.lanes.maxBytes() : 0);
	}

	/** @return how many events of an estimated size the memory bound holds, as the queue rounds them */
	public long eventsFittingInMemory(long estimatedBytes) {
		return this.queue.maxUnits() / Math.max(1, this.queue.unitsOf(estimatedBytes));
	}

	/** @return the live worker threads of the current start, the lanes' included */
	public int workersAlive() {
		Generation<E> workers = this.generation;
		int own = (workers != null && this.state != CLOSED) ? workers.alive() : 0;
		return own + ((this.lanes != null) ? this.lanes.workersAlive() : 0);
	}

	/** @return the worker threads this executor should have running: its own, or with lanes each lane's */
	public int workers() {
		return ((this.lanes != null) ? 0 : this.settings.workers())
				+ (int) sumOfLanes((lane) -> lane.executor().isRunning() ? lane.executor().settings().workers() : 0);
	}

	/** @return workers that died outside any destination and were replaced since the last start */
	public int workersReplaced() {
		Generation<E> workers = this.generation;
		return ((workers != null) ? workers.replaced() : 0)
				+ (int) sumOfLanes((lane) -> lane.executor().workersReplaced());
	}

	/** @return the last failure a destination threw, or {@code null} */
	public Throwable lastFailure() {
		Throwable own = this.writer.lastFailure();
		return (own != null || this.lanes == null) ? own : this.lanes.lastFailure();
	}

	private long sumOfLanes(ToLongFunction<DestinationLane> count) {
		return (this.lanes != null) ? this.lanes.sum(count) : 0;
	}

	/** @return the lanes made so far, one per destination; none if the workers write their destination */
	public List<DestinationLane> destinations() {
		return (this.lanes != null) ? this.lanes.lanes() : List.of();
	}

	/** Makes the lanes of destinations known now, so that their meters exist before their first event. */
	public void declareDestinations(Collection<String> names) {
		if (this.lanes != null) {
			this.lanes.declare(names);
		}
	}

	/** Tells a listener of every lane once: those made already, and those made later (an appender added). */
	public void forEachDestination(Consumer<DestinationLane> listener) {
		if (this.lanes != null) {
			this.lanes.forEachLane(listener);
		}
	}

}
