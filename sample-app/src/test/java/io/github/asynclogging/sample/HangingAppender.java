package io.github.asynclogging.sample;

import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;

/**
 * An appender whose stream stops returning, as a socket whose peer stopped reading: the first event
 * with the MDC tag {@code hang} and every write after it block for good, interrupts or not, holding
 * the appender's lock. Declared in a test's Logback configuration of the sample application.
 */
public class HangingAppender extends OutputStreamAppender<ILoggingEvent> {

	private static final CountDownLatch NEVER = new CountDownLatch(1);

	private volatile boolean hung;

	@Override
	public void start() {
		setOutputStream(new OutputStream() {

			@Override
			public void write(int b) {
				while (HangingAppender.this.hung) {
					try {
						NEVER.await();
					}
					catch (InterruptedException ex) {
						// Ignored, as a blocked socket write ignores it.
					}
				}
			}

		});
		super.start();
	}

	@Override
	protected void append(ILoggingEvent event) {
		if ("hang".equals(event.getMDCPropertyMap().get("tag"))) {
			this.hung = true;
		}
		super.append(event);
	}

}
