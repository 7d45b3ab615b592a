package io.github.asynclogging.logback;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextVO;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * An event queued with the trace context that was current on the thread that logged it. Only the
 * executor sees it (its level, time and size are the event's); {@link LogbackDestination} unwraps
 * it, so that appenders and sinks receive the event Logback made, written while the caller's
 * context is current.
 * <p>
 * Made only when the caller had a context to carry; free of OpenTelemetry's types, so that the
 * destination can test for it where OpenTelemetry is absent.
 */
abstract class EventInContext implements ILoggingEvent {

	/** The event Logback made. */
	final ILoggingEvent event;

	EventInContext(ILoggingEvent event) {
		this.event = event;
	}

	/**
	 * On the worker: writes the event with the caller's context current, and current no longer once
	 * the write returns or throws.
	 * @param destination what writes the event
	 * @param target the appender or sink it is written to
	 * @throws Exception what the target threw
	 */
	abstract void writeWithin(LogbackDestination destination, Object target) throws Exception;

	@Override
	public String getThreadName() {
		return this.event.getThreadName();
	}

	@Override
	public Level getLevel() {
		return this.event.getLevel();
	}

	@Override
	public String getMessage() {
		return this.event.getMessage();
	}

	@Override
	public Object[] getArgumentArray() {
		return this.event.getArgumentArray();
	}

	@Override
	public String getFormattedMessage() {
		return this.event.getFormattedMessage();
	}

	@Override
	public String getLoggerName() {
		return this.event.getLoggerName();
	}

	@Override
	public LoggerContextVO getLoggerContextVO() {
		return this.event.getLoggerContextVO();
	}

	@Override
	public IThrowableProxy getThrowableProxy() {
		return this.event.getThrowableProxy();
	}

	@Override
	public StackTraceElement[] getCallerData() {
		return this.event.getCallerData();
	}

	@Override
	public boolean hasCallerData() {
		return this.event.hasCallerData();
	}

	@Override
	@SuppressWarnings("deprecation")
	public Marker getMarker() {
		return this.event.getMarker();
	}

	@Override
	public List<Marker> getMarkerList() {
		return this.event.getMarkerList();
	}

	@Override
	public Map<String, String> getMDCPropertyMap() {
		return this.event.getMDCPropertyMap();
	}

	@Override
	@SuppressWarnings("deprecation")
	public Map<String, String> getMdc() {
		return this.event.getMdc();
	}

	@Override
	public long getTimeStamp() {
		return this.event.getTimeStamp();
	}

	@Override
	public int getNanoseconds() {
		return this.event.getNanoseconds();
	}

	@Override
	public Instant getInstant() {
		return this.event.getInstant();
	}

	@Override
	public long getSequenceNumber() {
		return this.event.getSequenceNumber();
	}

	@Override
	public List<KeyValuePair> getKeyValuePairs() {
		return this.event.getKeyValuePairs();
	}

	@Override
	public void prepareForDeferredProcessing() {
		this.event.prepareForDeferredProcessing();
	}

	@Override
	public String toString() {
		return this.event.toString();
	}

}
