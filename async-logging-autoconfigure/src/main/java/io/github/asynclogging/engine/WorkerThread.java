package io.github.asynclogging.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * A worker of one executor. A thread of its own type so that a log call can tell, with one type
 * check and no thread-local lookup, that it is made on a worker and must not be queued behind itself.
 */
final class WorkerThread extends Thread {

	private static final VarHandle PARKED;

	static {
		try {
			PARKED = MethodHandles.lookup().findVarHandle(WorkerThread.class, "parked", boolean.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	final Object owner;

	final int index;

	/** Set by the worker just before it parks, read by callers to decide whether to unpark it. */
	volatile boolean parked;

	/** Depth of events written directly on this worker; touched by this thread only. */
	int nestedWrites;

	private final Consumer<WorkerThread> loop;

	WorkerThread(Object owner, int index, String name, Consumer<WorkerThread> loop) {
		super(name);
		this.owner = owner;
		this.index = index;
		this.loop = loop;
		setDaemon(true);
	}

	/**
	 * Clears {@link #parked} if it is set.
	 * @return {@code true} if this call cleared it, and so must unpark the worker
	 */
	boolean claimWakeUp() {
		return PARKED.compareAndSet(this, true, false);
	}

	@Override
	public void run() {
		this.loop.accept(this);
	}

}
