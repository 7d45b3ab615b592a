package io.github.asynclogging.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.asynclogging.LogSink;

/**
 * A sink that records each event's message and the thread that wrote it.
 */
class RecordingSink implements LogSink {

	final List<String> messages = new CopyOnWriteArrayList<>();

	final List<String> threads = new CopyOnWriteArrayList<>();

	@Override
	public void write(ILoggingEvent event) {
		this.threads.add(Thread.currentThread().getName());
		this.messages.add(event.getFormattedMessage());
	}

}
