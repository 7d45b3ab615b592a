package io.github.asynclogging.autoconfigure;

import java.util.function.Consumer;

import io.github.asynclogging.engine.AsyncLogExecutor;

/**
 * An explicitly set {@code queue-capacity} that {@code queue-memory} cannot hold even in small events
 * is silently undercut: the memory bound refuses (and sheds) first. Start-up says so once, with the
 * sizes that decide, so that the user raises the memory bound or lowers the capacity knowingly.
 */
final class CapacityUnderMemory {

	private CapacityUnderMemory() {
	}

	/**
	 * Says, in one WARN line, when the capacity is beyond what the memory bound holds of events of the
	 * sample's size.
	 * @param executor the executor, with its bounds
	 * @param sampleBytes the estimate of a common small event
	 * @param warnings where the line goes
	 */
	static void warnIfUnreachable(AsyncLogExecutor<?> executor, long sampleBytes, Consumer<String> warnings) {
		int capacity = executor.queueCapacity();
		// At least one: the smallest memory bound, 1KB, holds five small events.
		long fitting = Math.max(1, executor.eventsFittingInMemory(sampleBytes));
		if (capacity <= fitting) {
			return;
		}
		long needed = (long) Math.ceil((double) capacity / fitting * executor.queueMemoryMax());
		warnings.accept("async-logging: async-logging.queue-capacity=" + capacity + " cannot be reached: "
				+ "async-logging.queue-memory (" + megabytes(executor.queueMemoryMax()) + ") holds about " + fitting
				+ " events of " + sampleBytes + " bytes, a small event's estimate, fewer of larger ones; events beyond "
				+ "it are refused as memory_full, and shed as discarded before. Set async-logging.queue-memory to "
				+ megabytesUp(needed) + " or more, or lower async-logging.queue-capacity.");
	}

	private static String megabytes(long bytes) {
		return (bytes >= 1024 * 1024) ? (bytes / (1024 * 1024)) + " MB" : (bytes / 1024) + " KB";
	}

	private static String megabytesUp(long bytes) {
		return ((bytes + 1024 * 1024 - 1) / (1024 * 1024)) + "MB";
	}

}
