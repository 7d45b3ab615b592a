package io.github.asynclogging.engine;

/**
 * Finds a live worker thread by name, for tests that watch how it waits.
 */
final class WorkerThreads {

	private WorkerThreads() {
	}

	static Thread named(String name) {
		return Thread.getAllStackTraces().keySet().stream()
			.filter((thread) -> thread.getName().equals(name) && thread.isAlive())
			.findFirst()
			.orElseThrow();
	}

}
