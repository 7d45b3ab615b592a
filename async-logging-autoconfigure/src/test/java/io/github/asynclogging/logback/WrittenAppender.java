package io.github.asynclogging.logback;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

/**
 * Records what it is asked to write: each event's message and the thread that wrote it, and how often
 * it was asked to write while stopped (which Logback's {@code AppenderBase} otherwise only reports
 * as a status). Cheap under load (no copy on write). Public with a public constructor so that Joran
 * can build it; each started instance can be found by its name in {@link #named(String)}, without
 * asking a logger for it.
 */
public class WrittenAppender extends AppenderBase<ILoggingEvent> {

	private static final Map<String, WrittenAppender> STARTED = new ConcurrentHashMap<>();

	private final List<String> messages = new ArrayList<>();

	private final List<String> writers = new ArrayList<>();

	private final AtomicInteger askedWhileStopped = new AtomicInteger();

	public WrittenAppender() {
	}

	WrittenAppender(String name) {
		setName(name);
	}

	/** The instance of that name started last (by a test or by a Joran configuration). */
	static WrittenAppender named(String name) {
		return STARTED.get(name);
	}

	/** Forgets the started instances, before a test. */
	static void forgetAll() {
		STARTED.clear();
	}

	@Override
	public void start() {
		super.start();
		if (getName() != null) {
			STARTED.put(getName(), this);
		}
	}

	@Override
	public void doAppend(ILoggingEvent event) {
		if (!isStarted()) {
			this.askedWhileStopped.incrementAndGet();
		}
		super.doAppend(event);
	}

	@Override
	protected void append(ILoggingEvent event) {
		synchronized (this.messages) {
			this.messages.add(event.getFormattedMessage());
			this.writers.add(Thread.currentThread().getName());
		}
	}

	List<String> messages() {
		synchronized (this.messages) {
			return List.copyOf(this.messages);
		}
	}

	/** The names of the threads that wrote the events, in the order written. */
	List<String> writers() {
		synchronized (this.messages) {
			return List.copyOf(this.writers);
		}
	}

	int size() {
		synchronized (this.messages) {
			return this.messages.size();
		}
	}

	/** How often it was asked to write an event while stopped. */
	int askedWhileStopped() {
		return this.askedWhileStopped.get();
	}

	/**
	 * The numbers of the lines that the thread that logged them wrote itself (Logback's own path, not a
	 * worker), by that thread's name, of the messages {@code "<thread> <number>"}.
	 */
	Map<String, Set<Integer>> writtenByTheirOwnThread() {
		Map<String, Set<Integer>> byThread = new LinkedHashMap<>();
		List<String> writers = writers();
		List<String> messages = messages();
		for (int i = 0; i < Math.min(writers.size(), messages.size()); i++) {
			String[] parts = messages.get(i).split(" ");
			if (parts.length == 2 && parts[0].equals(writers.get(i)) && !parts[1].isEmpty()
					&& parts[1].chars().allMatch(Character::isDigit)) {
				byThread.computeIfAbsent(parts[0], (thread) -> new HashSet<>()).add(Integer.valueOf(parts[1]));
			}
		}
		return byThread;
	}

	/**
	 * The numbers of the lines written, by the name of the thread that logged them, in the order
	 * written, of the messages {@code "<thread> <number>"}; other messages are left out.
	 */
	Map<String, List<Integer>> numberedByThread() {
		Map<String, List<Integer>> byThread = new LinkedHashMap<>();
		for (String message : messages()) {
			String[] parts = message.split(" ");
			if (parts.length == 2 && parts[1].chars().allMatch(Character::isDigit) && !parts[1].isEmpty()) {
				byThread.computeIfAbsent(parts[0], (thread) -> new ArrayList<>()).add(Integer.valueOf(parts[1]));
			}
		}
		return byThread;
	}

}
