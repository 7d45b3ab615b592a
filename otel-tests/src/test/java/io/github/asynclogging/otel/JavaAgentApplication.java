package io.github.asynclogging.otel;

import io.github.asynclogging.autoconfigure.AsyncLoggingAutoConfiguration;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application {@link OpenTelemetryJavaAgentTests} runs in a JVM of its own with the OpenTelemetry
 * Java agent: Spring Boot with the starter alone (nothing of Spring Boot's OpenTelemetry support, so
 * that the agent is the only exporter). It opens {@code spans} spans at once, each on a thread of its
 * own, so that the worker writes their lines interleaved; it says each
 * span's ids on standard output ({@code SPAN <n> <trace id> <span id>}), logs {@code lines} numbered
 * lines inside each ({@code agent line <n>-<i>}), and one line outside any span, then closes the
 * application context (which drains the starter's queue) and exits.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration(AsyncLoggingAutoConfiguration.class)
public class JavaAgentApplication {

	public static void main(String[] args) throws InterruptedException {
		int spans = Integer.parseInt(args[0]);
		int lines = Integer.parseInt(args[1]);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(JavaAgentApplication.class)
			.web(WebApplicationType.NONE)
			.run("--spring.main.banner-mode=off");
		Logger logger = LoggerFactory.getLogger(JavaAgentApplication.class);
		Tracer tracer = GlobalOpenTelemetry.getTracer("async-logging-agent-test");
		Thread[] threads = new Thread[spans];
		for (int n = 0; n < spans; n++) {
			int number = n;
			threads[n] = new Thread(() -> logInASpan(tracer, logger, number, lines), "span-" + n);
			threads[n].start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		logger.info("agent line outside any span");
		context.close();
		System.out.println("CLOSED");
		System.exit(0);
	}

	private static void logInASpan(Tracer tracer, Logger logger, int n, int lines) {
		Span span = tracer.spanBuilder("numbered-lines-" + n).startSpan();
		try (Scope scope = span.makeCurrent()) {
			System.out.println("SPAN " + n + " " + span.getSpanContext().getTraceId() + " "
					+ span.getSpanContext().getSpanId());
			for (int i = 0; i < lines; i++) {
				logger.info("agent line {}-{}", n, i);
			}
		}
		finally {
			span.end();
		}
	}

}
