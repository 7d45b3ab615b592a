package io.github.asynclogging.sample;

import java.math.BigDecimal;
import java.util.UUID;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * Events of the shapes that cost a queue memory, for {@code POST /log?shape=...}: what
 * {@code ops/sizing/measure.sh estimate} measures against the starter's estimate of each. Every
 * event gets text, arguments and MDC values of its own, as the events of different requests would.
 */
enum EventShapes {

	/** {@code event {} of {}} with two {@code Integer}s: the sample's usual event. */
	TWO_ARGUMENTS("two-arguments") {
		@Override
		void log(Logger logger, int i, int count) {
			logger.info("event {} of {}", i, count);
		}
	},

	/** A message without arguments, a constant as most are. */
	PLAIN("plain") {
		@Override
		void log(Logger logger, int i, int count) {
			logger.info("order shipped to the warehouse");
		}
	},

	/** Ten arguments of the usual kinds: strings, boxed numbers, a decimal, a UUID. */
	TEN_ARGUMENTS("arguments") {
		@Override
		void log(Logger logger, int i, int count) {
			logger.info("order {} line {} sku {} qty {} price {} {} customer {} region {} channel {} request {}", 100_000 + i,
					(long) i * 31, "sku-" + i, i % 7, BigDecimal.valueOf(i, 2), "EUR", "customer-" + i, "eu-west-" + (i % 3),
					"web", UUID.randomUUID());
		}
	},

	/** Twenty MDC entries, every value new for the event (a request's trace and user ids, say). */
	TWENTY_MDC_ENTRIES("mdc") {
		@Override
		void log(Logger logger, int i, int count) {
			for (int k = 0; k < MDC_KEYS.length; k++) {
				MDC.put(MDC_KEYS[k], "value-" + i + "-" + k);
			}
			try {
				logger.info("event {} of {}", i, count);
			}
			finally {
				for (String key : MDC_KEYS) {
					MDC.remove(key);
				}
			}
		}
	},

	/** A request that failed: an exception 300 frames deep, with two causes as deep. */
	EXCEPTION("exception") {
		@Override
		void log(Logger logger, int i, int count) {
			logger.error("request {} failed", i, failure(300, 2));
		}
	},

	/** A message of 1,000,000 characters, all of them Latin-1 (one byte each in a String). */
	LARGE("large") {
		@Override
		void log(Logger logger, int i, int count) {
			logger.info(LARGE_TEXT + i);
		}
	},

	/** A message of 1,000,000 characters, some outside Latin-1 (two bytes each in a String). */
	LARGE_UTF16("large-utf16") {
		@Override
		void log(Logger logger, int i, int count) {
			logger.info(LARGE_UTF16_TEXT + i);
		}
	};

	private static final String[] MDC_KEYS = Stream.iterate(0, (k) -> k + 1)
		.limit(20)
		.map((k) -> "key" + k)
		.toArray(String[]::new);

	private static final String LARGE_TEXT = "x".repeat(1_000_000 - 8);

	private static final String LARGE_UTF16_TEXT = "€" + "x".repeat(1_000_000 - 9);

	private final String name;

	EventShapes(String name) {
		this.name = name;
	}

	abstract void log(Logger logger, int i, int count);

	/**
	 * The shape of a name.
	 * @param name a name as {@code POST /log?shape=} takes it
	 * @return the shape, or {@code null} if there is none of that name
	 */
	static EventShapes named(String name) {
		for (EventShapes shape : values()) {
			if (shape.name.equals(name)) {
				return shape;
			}
		}
		return null;
	}

	static String names() {
		return String.join(", ", Stream.of(values()).map((shape) -> shape.name).toList());
	}

	/**
	 * An exception as a failing request makes one: created {@code frames} frames deep in the calling
	 * thread's stack, with {@code causes} causes created at the same depth.
	 * @param frames frames of each stack trace
	 * @param causes causes below the exception
	 * @return the exception
	 */
	static RuntimeException failure(int frames, int causes) {
		// Frames as a stack trace counts them (reflection's included); this one is one of them.
		int depth = StackWalker.getInstance(StackWalker.Option.SHOW_REFLECT_FRAMES)
			.walk((stack) -> (int) stack.count());
		return descend(frames - depth - 1, causes);
	}

	private static RuntimeException descend(int more, int causes) {
		if (more > 0) {
			return descend(more - 1, causes);
		}
		Throwable cause = null;
		for (int i = causes; i > 0; i--) {
			cause = new IllegalStateException("cause " + i + " of the failure", cause);
		}
		return new IllegalStateException("the request failed", cause);
	}

}
