package io.github.asynclogging.logback;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import ch.qos.logback.classic.AsyncAppender;
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
 * A file behind Logback's own {@code AsyncAppender} with {@code includeCallerData=true} prints the
 * application's method and line, as synchronous Logback prints them, with {@code include-caller-data}
 * left to {@code auto}.
 */
class CallerDataThroughWrappersTests {

	private final LoggerContext context = new LoggerContext();

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private LogbackBridge bridge;

	@BeforeEach
	void configure() {
		Bridges.start(this.context);
	}

	@AfterEach
	void close() {
		Bridges.stop(this.bridge, this.context);
	}

	@Test
	void anAsyncAppenderWithIncludeCallerDataPrintsTheApplicationsMethod() {
		PatternLayoutEncoder encoder = new PatternLayoutEncoder();
		encoder.setContext(this.context);
		encoder.setPattern("%method %msg%n");
		encoder.start();
		OutputStreamAppender<ILoggingEvent> file = new OutputStreamAppender<>();
		file.setName("FILE");
		file.setContext(this.context);
		file.setEncoder(encoder);
		file.setOutputStream(this.out);
		file.start();
		AsyncAppender async = new AsyncAppender();
		async.setName("ASYNC");
		async.setContext(this.context);
		async.setIncludeCallerData(true);
		async.addAppender(file);
		Bridges.started(this.context, async, org.slf4j.Logger.ROOT_LOGGER_NAME);
		this.bridge = Bridges.bridge(this.context, "wrapper-worker-", List.of(),
				new BridgeOptions(IncludeCallerData.AUTO, Set.of()));
		this.bridge.start();
		this.context.getLogger("app").info("through AsyncAppender");
		await().until(() -> this.out.toString(StandardCharsets.UTF_8).contains("through AsyncAppender"));
		assertThat(this.out.toString(StandardCharsets.UTF_8))
			.isEqualTo("anAsyncAppenderWithIncludeCallerDataPrintsTheApplicationsMethod through AsyncAppender"
					+ System.lineSeparator());
	}

}
