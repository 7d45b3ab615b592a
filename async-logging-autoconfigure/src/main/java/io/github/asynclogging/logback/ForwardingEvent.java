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
 * An event the bridge queues in place of the one Logback made, reading as that one except where a
 * subclass says otherwise: {@link MessageFormattedLater}, {@link EventInContext}.
 */
abstract class ForwardingEvent implements ILoggingEvent {

	/** The event Logback made, or another forwarding event around it. */
	final ILoggingEvent event;

	ForwardingEvent(ILoggingEvent event) {
		this.event = event;
	}

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
