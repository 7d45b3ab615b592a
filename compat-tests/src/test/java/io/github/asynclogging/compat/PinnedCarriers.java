package io.github.asynclogging.compat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Java Flight Recorder's {@code jdk.VirtualThreadPinned} events (Java 21 and later): a virtual
 * thread that parked or blocked while it could not leave its carrier thread. Every one is recorded
 * (threshold 0), with its stack.
 */
final class PinnedCarriers {

	static final String EVENT = "jdk.VirtualThreadPinned";

	private PinnedCarriers() {
	}

	/**
	 * Runs the action with the events recorded.
	 * @param action what to record
	 * @return the events
	 * @throws AssertionError if the action failed, naming the events recorded meanwhile: pinned
	 * carriers are a likely reason for callers that did not finish in time
	 */
	static List<RecordedEvent> during(Runnable action) throws IOException {
		Path file = Files.createTempFile("pinned-carriers", ".jfr");
		try (Recording recording = new Recording()) {
			recording.enable(EVENT).withThreshold(Duration.ZERO).withStackTrace();
			recording.start();
			RuntimeException failure = null;
			try {
				action.run();
			}
			catch (RuntimeException ex) {
				failure = ex;
			}
			recording.stop();
			recording.dump(file);
			List<RecordedEvent> events = RecordingFile.readAllEvents(file)
				.stream()
				.filter((event) -> event.getEventType().getName().equals(EVENT))
				.collect(Collectors.toList());
			if (failure != null) {
				throw new AssertionError("failed with " + events.size() + " " + EVENT + " events recorded meanwhile:\n"
						+ describe(events), failure);
			}
			return events;
		}
		finally {
			Files.deleteIfExists(file);
		}
	}

	static String describe(List<RecordedEvent> events) {
		return events.stream().limit(3).map(PinnedCarriers::describe).collect(Collectors.joining("\n---\n"));
	}

	private static String describe(RecordedEvent event) {
		String stack = (event.getStackTrace() != null) ? event.getStackTrace()
			.getFrames()
			.stream()
			.limit(16)
			.map(RecordedFrame::getMethod)
			.map((method) -> method.getType().getName() + "." + method.getName())
			.collect(Collectors.joining("\n  at ")) : "(no stack)";
		return event.getDuration() + " pinned:\n  at " + stack;
	}

}
