package io.github.asynclogging.otel;

import java.time.Duration;
import java.util.List;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.google.protobuf.ByteString;
import io.github.asynclogging.engine.AsyncLogExecutor;
import io.github.asynclogging.otel.OtlpLogReceiver.Received;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End to end: an application with the starter exports its logs over OTLP/HTTP with Spring Boot's own
 * auto-configuration and OpenTelemetry's real exporter, to a receiver on a loopback port that decodes
 * the protobuf. Each record carries the span it was logged in, whether OpenTelemetry's appender was
 * installed before the starter took it over or after.
 */
class OtlpLogExportTests {

	private static final Logger log = LoggerFactory.getLogger("io.github.asynclogging.otel.Checkout");

	private final OtlpLogReceiver receiver;

	OtlpLogExportTests() throws Exception {
		this.receiver = new OtlpLogReceiver();
	}

	@AfterEach
	void close() {
		this.receiver.close();
	}

	@Test
	void anEarlyInstallExportsEachRecordWithTheSpanItWasLoggedIn() {
		exportsEachRecordWithItsSpan(OtelTestApplication.EarlyInstall.class);
	}

	@Test
	void aLateInstallExportsEachRecordWithTheSpanItWasLoggedIn() {
		exportsEachRecordWithItsSpan(OtelTestApplication.LateInstall.class);
	}

	private void exportsEachRecordWithItsSpan(Class<?> install) {
		try (ConfigurableApplicationContext app = OtelTestApplication.run(install, "logback-otel.xml",
				"management.opentelemetry.logging.export.otlp.endpoint=" + this.receiver.endpoint())) {
			assertThat(OtelTestApplication.rootAppenders()).as("the root's appenders stay where the configuration put them")
				.containsExactly("CONSOLE", "OTEL");
			Tracer tracer = app.getBean(OpenTelemetry.class).getTracer("otel-tests");
			String caller = Thread.currentThread().getName();
			Span checkout = tracer.spanBuilder("checkout").startSpan();
			Span payment = tracer.spanBuilder("payment").setParent(Context.current().with(checkout))
				.startSpan();
			try (Scope scope = checkout.makeCurrent()) {
				MDC.put("tenant", "acme");
				log.atInfo().addKeyValue("order.id", "A-1").log("order {} placed", "A-1");
				try (Scope inner = payment.makeCurrent()) {
					log.warn("payment declined", new IllegalStateException("card expired"));
				}
			}
			finally {
				MDC.remove("tenant");
				payment.end();
				checkout.end();
			}
			log.info("no span here");
			await().alias("the three records exported to the receiver")
				.atMost(Duration.ofSeconds(20))
				.until(() -> this.receiver.record("no span here") != null
					&& this.receiver.record("payment declined") != null && this.receiver.record("order A-1 placed") != null);

			Received placed = this.receiver.record("order A-1 placed");
			assertThat(placed.scope()).isEqualTo("io.github.asynclogging.otel.Checkout");
			assertThat(placed.record().getSeverityNumber()).isEqualTo(SeverityNumber.SEVERITY_NUMBER_INFO);
			assertThat(placed.record().getSeverityText()).isEqualTo("INFO");
			assertThat(placed.attribute("order.id")).isEqualTo("A-1");
			assertThat(placed.attribute("tenant")).isEqualTo("acme");
			assertThat(placed.attribute("thread.name")).as("the caller's thread, not the worker's").isEqualTo(caller);
			assertThat(idsOf(placed)).as("trace and span ids of 'order A-1 placed'").isEqualTo(idsOf(checkout));

			Received declined = this.receiver.record("payment declined");
			assertThat(declined.record().getSeverityNumber()).isEqualTo(SeverityNumber.SEVERITY_NUMBER_WARN);
			assertThat(declined.record().getSeverityText()).isEqualTo("WARN");
			assertThat(declined.attribute("exception.type")).isEqualTo(IllegalStateException.class.getName());
			assertThat(declined.attribute("exception.message")).isEqualTo("card expired");
			assertThat(idsOf(declined)).as("trace and span ids of 'payment declined'").isEqualTo(idsOf(payment));

			Received outside = this.receiver.record("no span here");
			assertThat(idsOf(outside)).as("a record logged outside any span has no ids")
				.isEqualTo(List.of(ByteString.EMPTY, ByteString.EMPTY));

			assertThat(this.receiver.contentTypes()).contains("application/x-protobuf");
			@SuppressWarnings("unchecked")
			AsyncLogExecutor<ILoggingEvent> executor = app.getBean(AsyncLogExecutor.class);
			assertThat(executor.delivered()).as("events the starter's workers wrote").isGreaterThanOrEqualTo(3);
		}
	}

	private static List<ByteString> idsOf(Received received) {
		return List.of(received.record().getTraceId(), received.record().getSpanId());
	}

	private static List<ByteString> idsOf(Span span) {
		SpanContext context = span.getSpanContext();
		assertThat(context.isSampled()).isTrue();
		return List.of(ByteString.copyFrom(context.getTraceIdBytes()), ByteString.copyFrom(context.getSpanIdBytes()));
	}

}
