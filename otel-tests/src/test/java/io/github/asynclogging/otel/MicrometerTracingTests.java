package io.github.asynclogging.otel;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.asynclogging.LogSink;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Micrometer Tracing with its OpenTelemetry bridge, as Spring Boot configures it: the trace and span
 * ids it puts in the MDC of the thread in an observation are in the lines the workers write, and
 * nothing of one event's ids is left on a worker for the next.
 */
@ExtendWith(OutputCaptureExtension.class)
class MicrometerTracingTests {

	private static final Logger log = LoggerFactory.getLogger("io.github.asynclogging.otel.Orders");

	@Test
	void linesLoggedInAnObservationCarryItsTraceAndSpanIds(CapturedOutput output) {
		try (ConfigurableApplicationContext app = OtelTestApplication.run(WorkerMdcConfiguration.class,
				"logback-otel.xml")) {
			ObservationRegistry registry = app.getBean(ObservationRegistry.class);
			Tracer tracer = app.getBean(Tracer.class);
			TraceContext[] observed = new TraceContext[1];
			Observation.createNotStarted("checkout", registry).observe(() -> {
				observed[0] = tracer.currentSpan().context();
				log.info("inside the observation");
			});
			log.info("after the observation");
			await().atMost(Duration.ofSeconds(10)).until(() -> output.toString().contains("after the observation"));
			String ids = observed[0].traceId() + " " + observed[0].spanId();
			assertThat(observed[0].traceId()).hasSize(32);
			assertThat(output).contains("[" + ids + "] inside the observation").contains("[ ] after the observation");

			// On the worker: Micrometer's context wrapper hears the scope the starter opens for the caller's
			// context, and puts its ids in the worker's own MDC for that write only.
			WorkerMdc workerMdc = app.getBean(WorkerMdc.class);
			await().until(() -> workerMdc.traceIds.containsKey("after the observation"));
			assertThat(workerMdc.traceIds).containsEntry("inside the observation", observed[0].traceId())
				.containsEntry("after the observation", "none");
			assertThat(workerMdc.threads.get("inside the observation")).startsWith("async-logging-worker-");
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class WorkerMdcConfiguration {

		@Bean
		WorkerMdc workerMdc() {
			return new WorkerMdc();
		}

	}

	/** Records, by message, the trace id in the MDC of the thread that writes the event. */
	static class WorkerMdc implements LogSink {

		final Map<String, String> traceIds = new ConcurrentHashMap<>();

		final Map<String, String> threads = new ConcurrentHashMap<>();

		@Override
		public void write(ILoggingEvent event) {
			String traceId = MDC.get("traceId");
			this.traceIds.put(event.getFormattedMessage(), (traceId != null) ? traceId : "none");
			this.threads.put(event.getFormattedMessage(), Thread.currentThread().getName());
		}

	}

}
