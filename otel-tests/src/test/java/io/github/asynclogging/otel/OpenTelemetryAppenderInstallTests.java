package io.github.asynclogging.otel;

import java.time.Duration;
import java.util.List;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.google.protobuf.ByteString;
import io.github.asynclogging.otel.OtlpLogReceiver.Received;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code OpenTelemetryAppender.install} finds OpenTelemetry's appender behind the starter's, also
 * once Logback was configured again; and the case that cannot work is said at start-up. (Early and
 * late installs: {@link OtlpLogExportTests}.)
 */
@ExtendWith(OutputCaptureExtension.class)
class OpenTelemetryAppenderInstallTests {

	private static final Logger log = LoggerFactory.getLogger("io.github.asynclogging.otel.Install");

	private final OtlpLogReceiver receiver;

	OpenTelemetryAppenderInstallTests() throws Exception {
		this.receiver = new OtlpLogReceiver();
	}

	@AfterEach
	void close() {
		this.receiver.close();
	}

	@Test
	void anInstallAfterALogbackReconfigurationFindsTheNewAppender() throws Exception {
		try (ConfigurableApplicationContext app = run("logback-otel.xml")) {
			OpenTelemetry openTelemetry = app.getBean(OpenTelemetry.class);
			// As a scan does: reset, then the same configuration again, with new appenders.
			LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
			context.reset();
			JoranConfigurator configurator = new JoranConfigurator();
			configurator.setContext(context);
			configurator.doConfigure(getClass().getResource("/logback-otel.xml"));
			assertThat(OtelTestApplication.rootAppenders()).as("the new configuration's appenders, on the root")
				.containsExactly("CONSOLE", "OTEL");
			// The new appender needs installing, as it would without the starter.
			OpenTelemetryAppender.install(openTelemetry);
			Span span = openTelemetry.getTracer("otel-tests").spanBuilder("after-reconfiguration").startSpan();
			try (Scope scope = span.makeCurrent()) {
				log.info("logged after the reconfiguration");
			}
			finally {
				span.end();
			}
			Received received = awaitRecord("logged after the reconfiguration");
			assertThat(received.record().getSpanId()).isEqualTo(ByteString.copyFrom(span.getSpanContext().getSpanIdBytes()));
			assertThat(received.record().getTraceId())
				.isEqualTo(ByteString.copyFrom(span.getSpanContext().getTraceIdBytes()));
		}
	}

	@Test
	void anOpenTelemetryAppenderInsideAnAsyncAppenderIsSaidAtStartUpToLoseTheTraceContext(CapturedOutput output) {
		try (ConfigurableApplicationContext app = run("logback-otel-in-async-appender.xml")) {
			// The notice goes through the starter's queue like any line: written by its worker, a moment later.
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(output).contains("WARN",
						"async-logging: OTEL inside ASYNC_OTEL is written on that appender's own "
								+ "thread, where the caller's trace context is lost"));
			assertThat(output.toString().lines().filter((line) -> line.contains("OTEL inside ASYNC_OTEL"))).hasSize(1);
			Span span = app.getBean(OpenTelemetry.class).getTracer("otel-tests").spanBuilder("lost").startSpan();
			try (Scope scope = span.makeCurrent()) {
				log.info("written by the AsyncAppender's thread");
			}
			finally {
				span.end();
			}
			// Found by install (inside the AsyncAppender), exported, but without ids: as the line said.
			assertThat(awaitRecord("written by the AsyncAppender's thread").record().getSpanId()).isEqualTo(ByteString.EMPTY);
		}
	}

	private ConfigurableApplicationContext run(String logbackConfiguration) {
		return OtelTestApplication.run(OtelTestApplication.EarlyInstall.class, logbackConfiguration,
				"management.opentelemetry.logging.export.otlp.endpoint=" + this.receiver.endpoint());
	}

	private Received awaitRecord(String body) {
		await().alias("'" + body + "' exported to the receiver")
			.atMost(Duration.ofSeconds(20))
			.until(() -> this.receiver.record(body) != null);
		return this.receiver.record(body);
	}

}
