package io.github.asynclogging.engine;

/**
 * Reads an event's level where a failure to read it must not lose the event uncounted.
 */
final class Levels {

	private Levels() {
	}

	/**
	 * The event's level, or {@code ERROR} if the traits cannot tell: an event of unknown level is
	 * counted, and never shed before the important ones.
	 */
	static <E> EventLevel of(EventTraits<? super E> traits, E event) {
		try {
			EventLevel level = traits.levelOf(event);
			return (level != null) ? level : EventLevel.ERROR;
		}
		catch (Throwable ex) {
			return EventLevel.ERROR;
		}
	}

}
