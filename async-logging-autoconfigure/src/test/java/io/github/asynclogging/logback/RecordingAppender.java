package io.github.asynclogging.logback;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

/**
 * Records each event with the thread that wrote it and the thread name it read. {@link #hold()} makes writes wait until
 * {@link #release()}, so a test can change state after a log call and before the write.
 */
final class RecordingAppender extends AppenderBase<ILoggingEvent> {

	final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

	final List<String> writers = new CopyOnWriteArrayList<>();

	/** Each event's thread name as the appender read it, as a pattern's {@code %thread} reads it. */
	final List<String> threadNames = new CopyOnWriteArrayList<>();

	private volatile CountDownLatch gate = new CountDownLatch(0);

	RecordingAppender(String name) {
		setName(name);
	}

	void hold() {
		this.gate = new CountDownLatch(1);
	}

	void release() {
		this.gate.countDown();
	}

	@Override
	protected void append(ILoggingEvent event) {
		try {
			this.gate.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.events.add(event);
		this.threadNames.add(event.getThreadName());
		this.writers.add(Thread.currentThread().getName());
	}

	List<String> messages() {
		return this.events.stream().map(ILoggingEvent::getFormattedMessage).toList();
	}

}
