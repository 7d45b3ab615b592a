package io.github.asynclogging.logback;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.net.SyslogAppender;
import ch.qos.logback.classic.sift.SiftingAppender;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.EncoderBase;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code include-caller-data: auto} sees what an appender reads: its pattern, its flags, the appenders
 * inside a wrapper; where it cannot tell, it says so (and caller data is captured).
 */
class CallerDataReadersTests {

	private final LoggerContext context = new LoggerContext();

	private ConsoleAppender<ILoggingEvent> console(String name, String pattern) {
		PatternLayoutEncoder encoder = new PatternLayoutEncoder();
		encoder.setContext(this.context);
		encoder.setPattern(pattern);
		encoder.start();
		ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
		appender.setName(name);
		appender.setContext(this.context);
		appender.setEncoder(encoder);
		return appender;
	}

	@Test
	void aPatternThatPrintsTheLineReadsCallerDataAndOneThatDoesNotReadsNothing() {
		assertThat(CallerDataReaders.reason(console("A", "%d %-5level %logger{36}:%L - %msg%n"))).isEqualTo("prints %L");
		assertThat(CallerDataReaders.reason(console("B", "%clr(%C{1}){cyan} %msg%n"))).isEqualTo("prints %C");
		assertThat(CallerDataReaders.reason(console("C", "%d %-5level [%thread] %logger - %msg%n"))).isNull();
	}

	@Test
	void anAsyncAppenderWithIncludeCallerDataReadsIt() {
		AsyncAppender async = new AsyncAppender();
		async.setName("ASYNC");
		async.setIncludeCallerData(true);
		async.addAppender(console("FILE", "%msg%n"));
		assertThat(CallerDataReaders.reason(async)).isEqualTo("includeCallerData");
	}

	@Test
	void aWrapperIsReadThroughToTheAppendersInsideIt() {
		AsyncAppender async = new AsyncAppender();
		async.setName("ASYNC");
		async.addAppender(console("INNER", "%method:%line %msg%n"));
		// Without the flag, AsyncAppender itself drops caller data, as synchronous Logback does: it
		// is decided by its flag.
		assertThat(CallerDataReaders.reason(async)).isNull();
		ListAppender<ILoggingEvent> plain = new ListAppender<>();
		assertThat(CallerDataReaders.reason(plain)).isNull();
	}

	@Test
	void aCustomWrapperIsReadThroughToTheAppendersInsideIt() {
		Wrapper wrapper = new Wrapper();
		wrapper.setName("WRAPPER");
		wrapper.addAppender(console("INNER", "%method:%line %msg%n"));
		assertThat(CallerDataReaders.reason(wrapper)).isEqualTo("prints %method (inside it: INNER)");
	}

	@Test
	void aSyslogAppendersSuffixPatternIsRead() {
		SyslogAppender syslog = new SyslogAppender();
		syslog.setSuffixPattern("[%thread] %logger %method %msg");
		assertThat(CallerDataReaders.reason(syslog)).isEqualTo("prints caller data in its suffixPattern");
		syslog.setSuffixPattern("[%thread] %logger %msg");
		assertThat(CallerDataReaders.reason(syslog)).isNull();
	}

	@Test
	void anEncoderIsDecidedByItsIncludeCallerDataFlag() {
		ConsoleAppender<ILoggingEvent> json = console("JSON", "%msg");
		FlagEncoder encoder = new FlagEncoder();
		json.setEncoder(encoder);
		assertThat(CallerDataReaders.reason(json)).isNull();
		encoder.setIncludeCallerData(true);
		assertThat(CallerDataReaders.reason(json)).isEqualTo("includeCallerData");
	}

	@Test
	void whatCannotBeToldIsSaidAndCounts() {
		ConsoleAppender<ILoggingEvent> custom = console("CUSTOM", "%msg");
		custom.setEncoder(new OpaqueEncoder());
		String reason = CallerDataReaders.reason(custom);
		assertThat(CallerDataReaders.isUnknown(reason)).as(reason).isTrue();
		assertThat(reason).contains(OpaqueEncoder.class.getName());
		SiftingAppender sift = new SiftingAppender();
		sift.setName("SIFT");
		assertThat(CallerDataReaders.reason(sift)).isEqualTo("cannot tell: a SiftingAppender builds its appenders when events arrive");
	}

	/** An appender that writes to others, as a user's own might. */
	static final class Wrapper extends ch.qos.logback.core.UnsynchronizedAppenderBase<ILoggingEvent>
			implements ch.qos.logback.core.spi.AppenderAttachable<ILoggingEvent> {

		private final ch.qos.logback.core.spi.AppenderAttachableImpl<ILoggingEvent> appenders = new ch.qos.logback.core.spi.AppenderAttachableImpl<>();

		@Override
		protected void append(ILoggingEvent event) {
			this.appenders.appendLoopOnAppenders(event);
		}

		@Override
		public void addAppender(ch.qos.logback.core.Appender<ILoggingEvent> appender) {
			this.appenders.addAppender(appender);
		}

		@Override
		public java.util.Iterator<ch.qos.logback.core.Appender<ILoggingEvent>> iteratorForAppenders() {
			return this.appenders.iteratorForAppenders();
		}

		@Override
		public ch.qos.logback.core.Appender<ILoggingEvent> getAppender(String name) {
			return this.appenders.getAppender(name);
		}

		@Override
		public boolean isAttached(ch.qos.logback.core.Appender<ILoggingEvent> appender) {
			return this.appenders.isAttached(appender);
		}

		@Override
		public void detachAndStopAllAppenders() {
			this.appenders.detachAndStopAllAppenders();
		}

		@Override
		public boolean detachAppender(ch.qos.logback.core.Appender<ILoggingEvent> appender) {
			return this.appenders.detachAppender(appender);
		}

		@Override
		public boolean detachAppender(String name) {
			return this.appenders.detachAppender(name);
		}

	}

	/** An encoder with logstash-logback-encoder's flag. */
	public static final class FlagEncoder extends EncoderBase<ILoggingEvent> {

		private boolean includeCallerData;

		public boolean isIncludeCallerData() {
			return this.includeCallerData;
		}

		public void setIncludeCallerData(boolean includeCallerData) {
			this.includeCallerData = includeCallerData;
		}

		@Override
		public byte[] headerBytes() {
			return null;
		}

		@Override
		public byte[] encode(ILoggingEvent event) {
			return new byte[0];
		}

		@Override
		public byte[] footerBytes() {
			return null;
		}

	}

	/** An encoder whose output cannot be read from its configuration. */
	static final class OpaqueEncoder extends EncoderBase<ILoggingEvent> {

		@Override
		public byte[] headerBytes() {
			return null;
		}

		@Override
		public byte[] encode(ILoggingEvent event) {
			return new byte[0];
		}

		@Override
		public byte[] footerBytes() {
			return null;
		}

	}

}
