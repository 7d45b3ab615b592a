package io.github.asynclogging.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records what it is given; while closed, the worker waits inside it, so a test can fill the
 * queue to an exact size.
 */
final class GatedDestination implements Destination<TestEvent> {

	private final CountDownLatch gate = new CountDownLatch(1);

	private final AtomicInteger entered = new AtomicInteger();

	final List<TestEvent> written = new CopyOnWriteArrayList<>();

	final List<String> writerThreads = new CopyOnWriteArrayList<>();

	@Override
	public void write(TestEvent event) throws InterruptedException {
		this.entered.incrementAndGet();
		if (!this.gate.await(30, TimeUnit.SECONDS)) {
			throw new IllegalStateException("gate never opened");
		}
		this.written.add(event);
		this.writerThreads.add(Thread.currentThread().getName());
	}

	/** How many events a worker has started to write. */
	int entered() {
		return this.entered.get();
	}

	void open() {
		this.gate.countDown();
	}

	List<Integer> writtenSeqs() {
		return this.written.stream().map(TestEvent::seq).toList();
	}

}
