package io.github.asynclogging.compat.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A web application that uses the starter the way a user's does: the starter, a web starter and
 * the actuator starter of one Spring Boot line, and a {@code LogSink}. Its code compiles against
 * every supported line unchanged, so each line's module builds it from this one source.
 */
@SpringBootApplication
public class CompatApplication {

	public static void main(String[] args) {
		SpringApplication.run(CompatApplication.class, args);
	}

}
