package io.github.asynclogging.logback;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 22, points 1 and 3 together: an appender added at run time (by code, by a library) is
 * written asynchronously, and with {@code include-caller-data: auto} caller data is printed as
 * synchronous Logback prints it. {@code auto} decides from the appenders attached at start and at
 * the end of each reconfiguration only ({@code ContextCapture.prepareCapture}); an appender whose
 * pattern prints the method, attached by {@code addAppender} while the starter runs, is written by a
 * worker from an event whose caller data was never captured, and prints {@code ?} where synchronous
 * Logback printed the caller's method.
 */
class CallerDataOfAppendersAddedAtRunTimeTests {

	private final LoggerContext context = new LoggerContext();

	private LogbackBridge bridge;

	@BeforeEach
	void configure() {
		Bridges.start(this.context);
		Bridges.started(this.context, new WrittenAppender("PLAIN"), org.slf4j.Logger.ROOT_LOGGER_NAME);
		this.bridge = Bridges.bridge(this.context, "added-worker-", List.of(), BridgeOptions.DEFAULTS);
	}

	@AfterEach
	void close() {
		Bridges.stop(this.bridge, this.context);
	}

	private ByteArrayOutputStream attachMethodPrinter(String loggerName) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		PatternLayoutEncoder encoder = new PatternLayoutEncoder();
		encoder.setContext(this.context);
		encoder.setPattern("%m|%M%n");
		encoder.start();
		OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
		appender.setName("METHOD-" + loggerName);
		appender.setContext(this.context);
		appender.setEncoder(encoder);
		appender.setOutputStream(out);
		appender.start();
		this.context.getLogger(loggerName).addAppender(appender);
		return out;
	}

	private static List<String> lines(ByteArrayOutputStream out) {
		synchronized (out) {
			return out.toString(StandardCharsets.UTF_8).lines().toList();
		}
	}

	@Test
	void anAppenderThatPrintsTheMethodAddedWhileTheStarterRunsPrintsTheCallersMethod() {
		ByteArrayOutputStream before = attachMethodPrinter("sync");
		this.context.getLogger("sync").info("without the starter");
		assertThat(lines(before)).containsExactly("without the starter|" + method());
		// At the start, no appender attached prints caller data.
		this.context.getLogger("sync").detachAppender("METHOD-sync");
		this.bridge.start();
		ByteArrayOutputStream added = attachMethodPrinter("async");
		// The first line reaches it before a worker has seen it: logged without caller data.
		this.context.getLogger("async").info("before it was seen");
		await().atMost(Duration.ofSeconds(5)).until(() -> !lines(added).isEmpty());
		this.context.getLogger("async").info("with the starter");
		await().atMost(Duration.ofSeconds(5)).until(() -> lines(added).size() == 2);
		assertThat(lines(added)).containsExactly("before it was seen|?", "with the starter|" + method());
	}

	private static String method() {
		return StackWalker.getInstance().walk((frames) -> frames.skip(1).findFirst()).orElseThrow().getMethodName();
	}

}
