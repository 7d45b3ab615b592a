package io.github.asynclogging.compat.app;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Log traffic over HTTP, for a test that runs the application in a JVM of its own.
 */
@RestController
class LogController {

	private static final Logger logger = LoggerFactory.getLogger(LogController.class);

	private final RecordingSink sink;

	LogController(RecordingSink sink) {
		this.sink = sink;
	}

	@PostMapping("/log")
	Map<String, Object> log(@RequestParam(defaultValue = "1") int count) {
		for (int i = 0; i < count; i++) {
			logger.info("event {} of {}", i, count);
		}
		return Map.of("logged", count);
	}

	@GetMapping("/sink")
	Map<String, Object> sink() {
		return Map.of("written", this.sink.written());
	}

}
