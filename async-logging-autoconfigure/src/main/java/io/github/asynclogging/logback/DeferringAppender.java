package io.github.asynclogging.logback;

import java.util.List;
import java.util.UUID;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.spi.FilterAttachableImpl;
import ch.qos.logback.core.spi.FilterReply;
import io.github.asynclogging.engine.AsyncLogExecutor;

/**
 * The one appender left on the root logger while the starter runs: everything here runs on the
 * caller's thread, so it only captures what would change later and hands the event over.
 * <p>
 * Implements {@link Appender} directly rather than extending {@code UnsynchronizedAppenderBase},
 * whose re-entrance guard costs three thread-local accesses per event; re-entrance from a worker
 * is handled by the executor itself.
 */
final class DeferringAppender extends ContextAwareBase implements Appender<ILoggingEvent> {

	static final String NAME = "ASYNC_LOGGING";

	private final AsyncLogExecutor<ILoggingEvent> executor;

	private final LogbackDestination destination;

	private final boolean includeCallerData;

	private final FilterAttachableImpl<ILoggingEvent> filters = new FilterAttachableImpl<>();

	private volatile boolean started;

	DeferringAppender(AsyncLogExecutor<ILoggingEvent> executor, LogbackDestination destination,
			boolean includeCallerData) {
		this.executor = executor;
		this.destination = destination;
		this.includeCallerData = includeCallerData;
	}

	AsyncLogExecutor<ILoggingEvent> executor() {
		return this.executor;
	}

	@Override
	public void doAppend(ILoggingEvent event) {
		if (this.filters.getFilterChainDecision(event) == FilterReply.DENY) {
			return;
		}
		prepare(event);
		if (this.includeCallerData) {
			event.getCallerData();
		}
		if (!this.executor.submit(event)) {
			// Not running (starting, or stopped while the root is handed back): write as Logback would.
			this.destination.writeNow(event);
		}
	}

	/**
	 * Fixes now what the worker must see as it was when the event was logged: the thread name, the
	 * MDC, and the formatted message. The message is left to the worker (an appender formats it there
	 * if it needs it) when every argument is a value whose text cannot change, so that the caller does
	 * not pay for formatting and the text written is the same.
	 */
	private static void prepare(ILoggingEvent event) {
		if (!(event instanceof LoggingEvent)) {
			event.prepareForDeferredProcessing();
			return;
		}
		event.getThreadName();
		event.getMDCPropertyMap();
		if (!formatsTheSameLater(event.getArgumentArray())) {
			event.getFormattedMessage();
		}
	}

	/**
	 * Whether formatting with these arguments gives the same text at any later time: no argument,
	 * or only strings and boxed primitives (exact classes: immutable, their text fixed).
	 */
	static boolean formatsTheSameLater(Object[] arguments) {
		if (arguments == null) {
			return true;
		}
		for (Object argument : arguments) {
			if (argument != null && !isValue(argument.getClass())) {
				return false;
			}
		}
		return true;
	}

	private static boolean isValue(Class<?> type) {
		return type == String.class || type == Integer.class || type == Long.class || type == Boolean.class
				|| type == Double.class || type == Float.class || type == Short.class || type == Byte.class
				|| type == Character.class || type == UUID.class;
	}

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public void setName(String name) {
		// The name identifies this appender on the root logger; it is fixed.
	}

	@Override
	public void start() {
		this.started = true;
	}

	@Override
	public void stop() {
		this.started = false;
	}

	@Override
	public boolean isStarted() {
		return this.started;
	}

	@Override
	public void addFilter(Filter<ILoggingEvent> filter) {
		this.filters.addFilter(filter);
	}

	@Override
	public void clearAllFilters() {
		this.filters.clearAllFilters();
	}

	@Override
	public List<Filter<ILoggingEvent>> getCopyOfAttachedFiltersList() {
		return this.filters.getCopyOfAttachedFiltersList();
	}

	@Override
	public FilterReply getFilterChainDecision(ILoggingEvent event) {
		return this.filters.getFilterChainDecision(event);
	}

}
