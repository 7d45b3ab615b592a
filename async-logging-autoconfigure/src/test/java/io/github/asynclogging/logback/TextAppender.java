package io.github.asynclogging.logback;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;

/**
 * A real Logback appender, encoder and pattern writing to memory: what is asserted on is the text a
 * file or console appender would have written.
 */
final class TextAppender extends OutputStreamAppender<ILoggingEvent> {

	static final String PATTERN = "%5p [%X{tag:-}] [%t] %logger : %m%n";

	private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

	TextAppender(LoggerContext context, String name) {
		this(context, name, PATTERN);
	}

	TextAppender(LoggerContext context, String name, String pattern) {
		setName(name);
		setContext(context);
		PatternLayoutEncoder encoder = new PatternLayoutEncoder();
		encoder.setContext(context);
		encoder.setPattern(pattern);
		encoder.setCharset(StandardCharsets.UTF_8);
		encoder.start();
		setEncoder(encoder);
		setOutputStream(this.bytes);
	}

	/** What was written so far; the appender's lock orders it with the writes. */
	String text() {
		this.streamWriteLock.lock();
		try {
			return this.bytes.toString(StandardCharsets.UTF_8);
		}
		finally {
			this.streamWriteLock.unlock();
		}
	}

	List<String> lines() {
		return text().lines().toList();
	}

}
