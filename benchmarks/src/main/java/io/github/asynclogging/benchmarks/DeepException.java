package io.github.asynclogging.benchmarks;

import java.io.IOException;

/**
 * An exception as an application logs one when a database goes down (issue 14's storm): a
 * {@code RuntimeException} caused by an {@code IllegalStateException} caused by an
 * {@code IOException}, thrown about {@code frames} calls deep, so that each of the three has about
 * that many stack frames, most of them shared with its enclosing one, as real causes do.
 */
public final class DeepException {

	private DeepException() {
	}

	/**
	 * Builds the exception.
	 * @param frames the stack depth of the outermost exception (at least the caller's own depth)
	 * @return a {@code RuntimeException} with two causes
	 */
	public static RuntimeException withTwoCauses(int frames) {
		int here = new Throwable().getStackTrace().length;
		return (RuntimeException) descend(Math.max(0, frames - here - 1) + 2);
	}

	/** Calls itself down to depth 2, then builds the chain on the way back: root cause deepest. */
	private static Throwable descend(int depth) {
		if (depth > 2) {
			return descend(depth - 1);
		}
		return chain(depth);
	}

	private static Throwable chain(int depth) {
		if (depth == 0) {
			return new IOException("Connection refused: db-1.internal:5432");
		}
		Throwable cause = chain(depth - 1);
		return (depth == 1) ? new IllegalStateException("Connection pool exhausted after 30000 ms", cause)
				: new RuntimeException("Could not ship order A-10042", cause);
	}

}
