package io.github.asynclogging.sample;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.http.HttpStatus;

/**
 * Endpoints to make log traffic and to slow the destination down, so that queueing, drops and
 * their metrics can be watched at {@code /actuator/metrics}.
 */
@RestController
class TrafficController {

	private static final Logger logger = LoggerFactory.getLogger(TrafficController.class);

	private final TrafficGenerator generator;

	private final SlowSink sink;

	TrafficController(TrafficGenerator generator, SlowSink sink) {
		this.generator = generator;
		this.sink = sink;
	}

	/**
	 * Logs {@code count} events on the request thread at once, each with the request's MDC.
	 * {@code shape} is one of {@link EventShapes}: {@code two-arguments} (the default) is logged at
	 * {@code level}, {@code exception} at ERROR and the others at INFO.
	 */
	@PostMapping("/log")
	Map<String, Object> log(@RequestParam(defaultValue = "1") int count,
			@RequestParam(defaultValue = "info") String level, @RequestParam(defaultValue = "sample") String tag,
			@RequestParam(defaultValue = "two-arguments") String shape) {
		if (count < 1 || count > 10_000_000) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "count must be between 1 and 10000000");
		}
		EventShapes events = EventShapes.named(shape);
		if (events == null) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "shape must be one of " + EventShapes.names());
		}
		long started = System.nanoTime();
		MDC.put("tag", tag);
		try {
			for (int i = 0; i < count; i++) {
				if (events == EventShapes.TWO_ARGUMENTS) {
					switch (level) {
						case "error" -> logger.error("event {} of {}", i, count);
						case "warn" -> logger.warn("event {} of {}", i, count);
						case "debug" -> logger.debug("event {} of {}", i, count);
						case "trace" -> logger.trace("event {} of {}", i, count);
						default -> logger.info("event {} of {}", i, count);
					}
				}
				else {
					events.log(logger, i, count);
				}
			}
		}
		finally {
			MDC.remove("tag");
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("logged", count);
		result.put("level", level);
		result.put("shape", shape);
		result.put("thread", Thread.currentThread().getName());
		result.put("callerMillis", (System.nanoTime() - started) / 1_000_000.0);
		return result;
	}

	/**
	 * Starts logging {@code rate} INFO events a second for {@code seconds}, in the background.
	 */
	@PostMapping("/traffic")
	Map<String, Object> traffic(@RequestParam(defaultValue = "1000") int rate,
			@RequestParam(defaultValue = "10") int seconds) {
		if (rate < 1 || rate > 1_000_000 || seconds < 1 || seconds > 3600) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"rate must be between 1 and 1000000 and seconds between 1 and 3600");
		}
		this.generator.start(rate, Duration.ofSeconds(seconds));
		return Map.of("rate", rate, "seconds", seconds);
	}

	/**
	 * Sets how long the sample's destination takes per event, e.g. {@code ?millis=5}.
	 */
	@PutMapping("/destination/delay")
	Map<String, Object> delay(@RequestParam double millis) {
		if (millis < 0 || millis > 60_000) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "millis must be between 0 and 60000");
		}
		this.sink.delay(Duration.ofNanos((long) (millis * 1_000_000)));
		return destination();
	}

	@GetMapping("/destination")
	Map<String, Object> destination() {
		return Map.of("delayMillis", this.sink.delay().toNanos() / 1_000_000.0, "written", this.sink.written());
	}

}
