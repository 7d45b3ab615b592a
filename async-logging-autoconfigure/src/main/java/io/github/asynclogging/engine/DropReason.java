package io.github.asynclogging.engine;

/**
 * Why an event will never be written.
 */
public enum DropReason {

	/** The queue was full and the policy refused the incoming event. */
	QUEUE_FULL("queue_full"),

	/** The queued events held {@code queue-memory} already: the event was handled as if the queue were full. */
	MEMORY_FULL("memory_full"),

	/** Level shedding: the queue was filled above the discard threshold. */
	DISCARDED("discarded"),

	/** {@code drop-oldest} evicted this queued event to admit a newer one. */
	EVICTED("evicted"),

	/** {@code block}: the caller waited {@code block-timeout} and the queue stayed full. */
	BLOCK_TIMEOUT("block_timeout"),

	/** Still queued when {@code shutdown-timeout} ran out. */
	SHUTDOWN("shutdown");

	private static final DropReason[] VALUES = values();

	private final String tagValue;

	DropReason(String tagValue) {
		this.tagValue = tagValue;
	}

	/**
	 * The reason as a metric tag value.
	 * @return e.g. {@code queue_full}
	 */
	public String tagValue() {
		return this.tagValue;
	}

	static DropReason[] all() {
		return VALUES;
	}

}
