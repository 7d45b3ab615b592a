package io.github.asynclogging.logback;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import io.github.asynclogging.LogSink;
import io.github.asynclogging.engine.Destination;
import io.github.asynclogging.engine.Router;

/**
 * Where an event goes: the appenders of its route as Logback's loggers have them when the executor
 * routes it (those that stay synchronous aside, the caller wrote them), each a destination named
 * by the appender's name, then every {@link LogSink} of every running application context, each a
 * destination named {@code sink:<bean name>}. Each destination's lane writes the event to its
 * target; an event queued with its caller's trace context ({@link EventInContext}) is written with
 * that context current, and appenders and sinks receive the event itself.
 * Created by {@link LogbackBridge#newDestination}.
 */
public final class LogbackDestination implements Router<ILoggingEvent, Object> {

	private static final ClassValue<String> UNNAMED = new ClassValue<>() {
		@Override
		protected String computeValue(Class<?> type) {
			return "unnamed " + type.getSimpleName();
		}
	};

	private final ContextCapture capture;

	private final List<NamedSink> sinks;

	/**
	 * The appenders its bridge's callers write themselves: those of the bridge whose executor queued
	 * the event, which routes it, whichever bridge captures at the moment.
	 */
	private volatile Set<String> excluded = Set.of();

	/** Per worker thread, the appender it is inside now: one a stop gave up on is stuck there. */
	private final Set<Inside> inside = ConcurrentHashMap.newKeySet();

	private final ThreadLocal<Inside> current = ThreadLocal.withInitial(() -> {
		Inside slot = new Inside();
		this.inside.add(slot);
		return slot;
	});

	LogbackDestination(ContextCapture capture, Map<String, LogSink> sinks) {
		this.capture = capture;
		List<NamedSink> named = new ArrayList<>();
		sinks.forEach((name, sink) -> named.add(new NamedSink(NamedSink.PREFIX + name, sink)));
		this.sinks = List.copyOf(named);
	}

	void exclude(Set<String> names) {
		this.excluded = Set.copyOf(names);
	}

	/** The sinks of this destination's application context. */
	List<NamedSink> ownSinks() {
		return this.sinks;
	}

	/**
	 * The name of an appender's destination, and how the starter's lines name it: its name, or what it is
	 * when it has none (attached by code). Read on every event's route: an unnamed one's is made once.
	 */
	static String nameOf(Appender<?> appender) {
		String name = appender.getName();
		return (name != null) ? name : UNNAMED.get(appender.getClass());
	}

	@Override
	public void beforeRoute() {
		this.capture.awaitHandOverFor(this);
	}

	@Override
	public boolean route(ILoggingEvent queued, Hand<ILoggingEvent, Object> hand) {
		ILoggingEvent event = (queued instanceof EventInContext inContext) ? inContext.event : queued;
		Set<String> synchronous = this.excluded;
		boolean any = false;
		for (Logger logger : this.capture.routes().chainOf(event.getLoggerName())) {
			for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext();) {
				Appender<ILoggingEvent> appender = it.next();
				any = true;
				if (!this.capture.isKnown(appender)) {
					this.capture.noticeAppender(appender);
				}
				if (synchronous.isEmpty() || !LoggerRoutes.isNamed(synchronous, appender)) {
					hand.to(nameOf(appender), appender, queued);
				}
			}
			if (!logger.isAdditive()) {
				break;
			}
		}
		for (NamedSink sink : this.capture.sinks()) {
			hand.to(sink.destination(), sink.sink(), queued);
			any = true;
		}
		// An event whose appenders all stay synchronous was written by its caller: not nowhere.
		return any;
	}

	@Override
	public void write(ILoggingEvent queued, Object target) throws Exception {
		if (queued instanceof EventInContext inContext) {
			// Queued with its caller's trace context: current while this event is written, and only then.
			inContext.writeWithin(this, target);
		}
		else {
			writeNow(queued, target);
		}
	}

	/** Writes an event as Logback made it to an appender or a sink. */
	@SuppressWarnings("unchecked")
	void writeNow(ILoggingEvent event, Object target) throws Exception {
		if (target instanceof LogSink sink) {
			sink.write(event);
			return;
		}
		Appender<ILoggingEvent> appender = (Appender<ILoggingEvent>) target;
		if (!appender.isStarted()) {
			// Stopped since the event was routed to it (a reset that gave up waiting for it): Logback would
			// write nothing, so the event is counted as dropped, not delivered.
			throw Destination.NotWritten.INSTANCE;
		}
		Inside slot = this.current.get();
		Appender<ILoggingEvent> outer = slot.enter(appender);
		try {
			appender.doAppend(event);
		}
		finally {
			slot.leave(outer);
		}
	}

	/** The appenders workers are inside now: after a stop that gave up on them, those that hang. */
	List<Appender<ILoggingEvent>> appendersBeingWritten() {
		List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
		for (Inside slot : this.inside) {
			Appender<ILoggingEvent> appender = slot.appender();
			if (appender != null && !appenders.contains(appender)) {
				appenders.add(appender);
			}
		}
		return appenders;
	}

	/**
	 * The appender a worker thread is inside. The appender is stored only when it changes, the entry
	 * and the exit are a number: a reference stored into this long-lived object on every event makes
	 * G1's write barrier fence the store. Held weakly, so that an appender a reconfiguration stopped is
	 * not kept by the thread that wrote it last; one the thread is inside is held by its stack.
	 */
	private static final class Inside {

		private final AtomicReference<WeakReference<Appender<ILoggingEvent>>> appender = new AtomicReference<>(
				new WeakReference<>(null));

		private final AtomicInteger writing = new AtomicInteger();

		/**
		 * @return the appender the thread was inside already, or {@code null}: a destination that logs
		 * while it is written has the event written to its route on this thread, and the outer write is
		 * what may hang once the inner one returns
		 */
		Appender<ILoggingEvent> enter(Appender<ILoggingEvent> next) {
			Appender<ILoggingEvent> outer = (this.writing.getPlain() != 0) ? this.appender.getPlain().get() : null;
			mark(next);
			this.writing.lazySet(1);
			return outer;
		}

		void leave(Appender<ILoggingEvent> outer) {
			if (outer != null) {
				mark(outer);
			}
			else {
				this.writing.lazySet(0);
			}
		}

		private void mark(Appender<ILoggingEvent> next) {
			if (this.appender.getPlain().get() != next) {
				this.appender.lazySet(new WeakReference<>(next));
			}
		}

		/** The appender its thread is inside now, or {@code null}. */
		Appender<ILoggingEvent> appender() {
			return (this.writing.get() != 0) ? this.appender.get().get() : null;
		}

	}

}
