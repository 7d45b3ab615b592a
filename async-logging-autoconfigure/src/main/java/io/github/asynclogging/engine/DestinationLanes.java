package io.github.asynclogging.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * One lane per destination: what an {@link AsyncLogExecutor} built with it writes to. Each lane is a
 * bounded queue of its own with its worker, its drop policy and its counters, so that a destination
 * that is slow, throws or hangs fills and drops only its own lane. The lanes' workers route the
 * executor's queue in turns ({@link Routing}): the one routing hands each event to the lane of each
 * destination on its route.
 * <p>
 * A lane is made the first time its destination is named, by {@link #declare} before the start
 * (so that its meters exist from the start) or by a route, and lives as long as the executor.
 * <p>
 * While there is one destination only (Spring Boot's default: the console) with one worker and no
 * settings of its own, the queue callers write to is its lane: its worker writes each event as it
 * routes it, with no second hand-off, and nothing to isolate it from. A second destination gives each
 * its own lane from then on, in order: what was written as it was routed was written before anything
 * is queued.
 *
 * @param <E> the event type
 * @param <T> what an event is written to
 */
public final class DestinationLanes<E, T> implements Destination<E> {

	private final Router<E, T> router;

	private final Function<String, ExecutorSettings> settingsFor;

	private final EventTraits<? super E> eventTraits;

	private final Consumer<String> warnings;

	private final ConcurrentHashMap<String, DestinationLane> lanes = new ConcurrentHashMap<>();

	private final List<Consumer<DestinationLane>> listeners = new CopyOnWriteArrayList<>();

	/** Made once: a method reference made per event would allocate on the router's path. */
	private final Router.Hand<E, T> queue = this::queue;

	private final Router.Hand<E, T> writeHere = this::writeHere;

	/** Makes the lane of each destination of a route, and queues nothing. */
	private final Router.Hand<E, T> declare = (name, target, event) -> lane(name);

	/** The lanes' workers, as the routing and callers need them. */
	private final LaneWorkers workers = new LaneWorkers();

	/**
	 * One per reason and level, made once: a drop is counted for each destination of its route on the
	 * dropping thread, often a caller's, with nothing made per drop.
	 */
	private final Router.Hand<E, T>[] dropCounts = dropCounts();

	private final Object lifecycle = new Object();

	/** The executor these lanes write for: its workers and theirs never wait for a queue. */
	private volatile Object family;

	/** The executor these lanes write for, whose queue is the lane of a destination that is alone. */
	private volatile AsyncLogExecutor<?> owner;

	/** Whether a destination that is alone is written as it is routed. */
	private final boolean directWhenAlone;

	/** The destination that is alone, written as it is routed, or {@code null}. */
	private volatile DestinationLane alone;

	private volatile boolean running;

	/**
	 * @param router finds each event's destinations and writes a target
	 * @param settingsFor each destination's settings, by its name
	 * @param traits reads an event's level, creation time and size
	 * @param warnings receives each lane's dropped-events summary lines
	 * @param directWhenAlone whether a destination that is alone is written by the executor's own worker
	 */
	public DestinationLanes(Router<E, T> router, Function<String, ExecutorSettings> settingsFor,
			EventTraits<? super E> traits, Consumer<String> warnings, boolean directWhenAlone) {
		this.router = router;
		this.directWhenAlone = directWhenAlone;
		this.settingsFor = settingsFor;
		this.eventTraits = traits;
		this.warnings = warnings;
	}

	void joinFamily(AsyncLogExecutor<?> owner) {
		this.owner = owner;
		this.family = owner;
	}

	/** Events waiting for a destination in the executor's own queue: those of one that is alone. */
	int waitingInOwnerFor(DestinationLane lane) {
		AsyncLogExecutor<?> executor = this.owner;
		return (lane == this.alone && executor != null) ? executor.ownQueueSize() : 0;
	}

	/** The settings of the queue a destination's events wait in: the executor's own for one that is alone. */
	ExecutorSettings settingsOf(DestinationLane lane) {
		AsyncLogExecutor<?> executor = this.owner;
		return (lane == this.alone && executor != null) ? executor.settings() : lane.executor().settings();
	}

	/**
	 * Makes the lanes of the destinations known now.
	 * @param names the destinations' names
	 */
	public void declare(Collection<String> names) {
		for (String name : names) {
			lane(name);
		}
	}

	/**
	 * Tells a listener of every lane, those made already and those made later.
	 * @param listener receives each lane once
	 */
	public void forEachLane(Consumer<DestinationLane> listener) {
		synchronized (this.lifecycle) {
			this.listeners.add(listener);
			this.lanes.values().forEach(listener);
		}
	}

	/**
	 * The lanes made so far.
	 * @return the lanes, in no particular order
	 */
	public List<DestinationLane> lanes() {
		return new ArrayList<>(this.lanes.values());
	}

	@Override
	public void write(E event) {
		this.router.beforeRoute();
		if (!this.router.route(event, this.queue)) {
			throw NotWritten.INSTANCE;
		}
	}

	/**
	 * An event logged on a worker (a destination that logs while it writes): the destination that
	 * worker writes gets it on that thread, never queued behind what the worker writes (Logback's
	 * re-entrance guard keeps an appender's own event from it); the other destinations get it in their
	 * lanes, after the event being written, as synchronous Logback writes them.
	 */
	void writeHere(E event) {
		if (!this.router.route(event, this.writeHere)) {
			throw NotWritten.INSTANCE;
		}
	}

	/**
	 * Counts an event the executor dropped before routing it as dropped for each destination of its
	 * route: every drop names a destination.
	 * @return whether it had somewhere to go; if not, the executor counts the drop itself
	 */
	boolean droppedBeforeRouting(E event, EventLevel level, DropReason reason) {
		// A route of appenders that all stay synchronous has somewhere to go, and counts for none: its
		// caller wrote it to all of them, so no destination lost it.
		return this.router.route(event, this.dropCounts[reason.ordinal() * EventLevel.all().length + level.ordinal()]);
	}

	@SuppressWarnings("unchecked")
	private Router.Hand<E, T>[] dropCounts() {
		EventLevel[] levels = EventLevel.all();
		DropReason[] reasons = DropReason.all();
		Router.Hand<E, T>[] hands = new Router.Hand[reasons.length * levels.length];
		for (DropReason reason : reasons) {
			for (EventLevel level : levels) {
				hands[reason.ordinal() * levels.length + level.ordinal()] = (name, target, event) -> executor(name)
					.writer()
					.countDroppedUnqueued(level, reason);
			}
		}
		return hands;
	}

	private void queue(String name, T target, E event) {
		DestinationLane direct = this.alone;
		if (direct != null && direct.name().equals(name)) {
			writeAlone(direct.executor(), target, event);
			return;
		}
		Routed<E, T> routed = new Routed<>(event, target);
		AsyncLogExecutor<Routed<E, T>> lane = executor(name);
		boolean taken = lane.isOwnWorker(Thread.currentThread()) ? lane.submitFromOwnWorker(routed) : lane.submit(routed);
		if (!taken) {
			// Stopped already (a stop that gave up on the router): written here rather than lost.
			lane.writer().writeHere(routed);
		}
	}

	/**
	 * Writes a destination that is alone on this thread, its worker as it routes, and accounts for it
	 * in its lane: nothing is made per event, as when one worker wrote it before there were lanes.
	 */
	private void writeAlone(AsyncLogExecutor<?> lane, T target, E event) {
		Throwable failure = null;
		boolean notWritten = false;
		try {
			this.router.write(event, target);
		}
		catch (NotWritten ex) {
			notWritten = true;
		}
		catch (Throwable ex) {
			// Even an Error from a destination must not end the worker: counted as failed.
			failure = ex;
		}
		RunWriter<?> writer = lane.writer();
		long created = 0;
		if (writer.reportsLatency()) {
			try {
				created = this.eventTraits.createdEpochNanos(event);
			}
			catch (Throwable ex) {
				// No latency for this event: the meter's listener gets none rather than a wrong one.
			}
		}
		writer.accountWrittenElsewhere(Levels.of(this.eventTraits, event), created, failure, notWritten);
	}

	private void writeHere(String name, T target, E event) {
		DestinationLane lane = lane(name);
		AsyncLogExecutor<Routed<E, T>> executor = executor(lane);
		Routed<E, T> routed = new Routed<>(event, target);
		// Under block, a lane's worker must not wait for room in another lane: that lane's worker may be
		// routing, waiting for room in this one.
		if (lane == this.alone || executor.isOwnWorker(Thread.currentThread())
				|| executor.settings().dropPolicy() == DropPolicy.BLOCK || !executor.submit(routed)) {
			executor.writer().writeHere(routed);
		}
	}

	private AsyncLogExecutor<Routed<E, T>> executor(String name) {
		return executor(lane(name));
	}

	@SuppressWarnings("unchecked")
	private AsyncLogExecutor<Routed<E, T>> executor(DestinationLane lane) {
		return (AsyncLogExecutor<Routed<E, T>>) lane.executor();
	}

	private DestinationLane lane(String name) {
		DestinationLane lane = this.lanes.get(name);
		return (lane != null) ? lane : newLane(name);
	}

	private DestinationLane newLane(String name) {
		synchronized (this.lifecycle) {
			DestinationLane lane = this.lanes.get(name);
			if (lane != null) {
				return lane;
			}
			AsyncLogExecutor<Routed<E, T>> executor = new AsyncLogExecutor<>(this.settingsFor.apply(name),
					(routed) -> this.router.write(routed.event(), routed.target()),
					Routed.traits(this.eventTraits.forOneLane()), this.warnings, name,
					this.family, this.workers);
			lane = new DestinationLane(name, executor, this);
			this.lanes.put(name, lane);
			this.workers.add(executor);
			if (this.running) {
				// A second destination: from now on the first is written from its lane too.
				this.alone = (this.lanes.size() == 1 && this.directWhenAlone) ? lane : null;
				executor.start();
			}
			for (Consumer<DestinationLane> listener : this.listeners) {
				listener.accept(lane);
			}
			return lane;
		}
	}

	/** @return the routing, now done by the lanes' workers */
	<R extends Routing<?>> R start(R routing) {
		synchronized (this.lifecycle) {
			this.workers.routing(routing);
			this.running = true;
			this.alone = (this.lanes.size() == 1 && this.directWhenAlone) ? this.lanes.values().iterator().next() : null;
			for (DestinationLane lane : this.lanes.values()) {
				lane.executor().start();
			}
			return routing;
		}
	}

	/**
	 * Stops every lane by one deadline. Each lane's worker writes meanwhile, so a lane that hangs costs
	 * the others no time: by the time its stop is asked, a lane that keeps up is written.
	 */
	StopReport stop(long deadlineNanos, Duration timeout) {
		List<DestinationLane> stopping;
		synchronized (this.lifecycle) {
			this.running = false;
			this.alone = null;
			stopping = lanes();
		}
		StopReport report = new StopReport(0, 0, timeout, null);
		for (DestinationLane lane : stopping) {
			long left = Math.max(0, deadlineNanos - System.nanoTime());
			StopReport own = lane.executor().stop(Duration.ofNanos(left));
			long unwritten = own.droppedAtShutdown() + own.stuckInDestination();
			report = report.and((unwritten == 0) ? own : new StopReport(own.droppedAtShutdown(),
					own.stuckInDestination(), timeout, own.lastDropSummary(), lane.name() + " " + unwritten));
		}
		return report;
	}

	/**
	 * Waits until every lane has written what was handed to it before this call.
	 * @return {@code true} if they have, {@code false} if the deadline came first
	 */
	boolean awaitHandedSoFarWritten(long deadlineNanos) {
		boolean all = true;
		for (DestinationLane lane : lanes()) {
			AsyncLogExecutor<?> executor = lane.executor();
			if (executor.isRunning() && !executor.awaitQueuedSoFarWritten(deadlineNanos)) {
				all = false;
			}
		}
		return all;
	}

	/**
	 * Makes the lanes of an event's route, on the caller's thread: for the first event of an executor
	 * that started with no destination, so that a worker exists to route it.
	 * @return whether the event has somewhere to go
	 */
	boolean declareRouteOf(E event) {
		try {
			return this.router.route(event, this.declare);
		}
		catch (Throwable ex) {
			// Its route cannot be read here: queued, the workers' routing says what it finds.
			return this.workers.anyLane();
		}
	}

	/** The lanes' workers, which route. */
	LaneWorkers workers() {
		return this.workers;
	}

	boolean isLaneWorker(Worker<?> worker) {
		Object own = this.family;
		return own != null && worker.generation.family == own;
	}

	long sum(ToLongFunction<DestinationLane> count) {
		long sum = 0;
		for (DestinationLane lane : this.lanes.values()) {
			sum += count.applyAsLong(lane);
		}
		return sum;
	}

	Throwable lastFailure() {
		for (DestinationLane lane : this.lanes.values()) {
			if (lane.lastFailure() != null) {
				return lane.lastFailure();
			}
		}
		return null;
	}

	int workersAlive() {
		return (int) sum((lane) -> lane.executor().workersAlive());
	}

	/** The memory bounds of the lanes in use: a destination written from the callers' queue has none. */
	long maxBytes() {
		DestinationLane direct = this.alone;
		return sum((lane) -> (lane != direct) ? lane.executor().queueMemoryMax() : 0);
	}

	long bytesQueued() {
		return sum((lane) -> lane.executor().queueMemoryUsed());
	}

}
