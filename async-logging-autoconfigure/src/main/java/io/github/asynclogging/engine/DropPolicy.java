package io.github.asynclogging.engine;

/**
 * What happens to an event offered to a full queue.
 */
public enum DropPolicy {

	/** Refuse the incoming event; the caller never waits. */
	DROP_NEWEST,

	/** Evict the oldest queued event to admit the incoming one; the caller never waits. */
	DROP_OLDEST,

	/** The caller waits at most the block timeout for room, then the event is dropped. */
	BLOCK

}
