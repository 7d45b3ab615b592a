package io.github.asynclogging.sample.output;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot application without a web server that logs the same calls through a user's
 * {@code logback-spring.xml} on every run, then closes: {@link SameOutputTests} runs it with the
 * starter and without, in JVMs of their own, and compares what each wrote.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class OutputApp {

	public static void main(String[] args) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(OutputApp.class)
			.web(WebApplicationType.NONE)
			.run(args);
		logTheCalls();
		context.close();
	}

	private static void logTheCalls() {
		Logger app = LoggerFactory.getLogger("app.orders");
		Logger audit = LoggerFactory.getLogger("audit");
		Logger payments = LoggerFactory.getLogger("app.payments");
		Logger card = LoggerFactory.getLogger("app.payments.card");
		for (int i = 0; i < 1000; i++) {
			MDC.put("order", "o-" + i);
			app.info("Order {} shipped", i);
			audit.info("user {} read order {}", "ada", i);
			payments.debug("payment {} authorised", i);
			card.info("charged {} EUR", i % 90 + 10);
			card.trace("card details of {}", i);
			MDC.remove("order");
		}
		Object[] reused = { "x", "y", "z" };
		app.info("{} {} {}", reused);
		reused[0] = "CHANGED";
		app.error("failed", new IllegalStateException("boom", new IllegalArgumentException("cause")));
	}

}
