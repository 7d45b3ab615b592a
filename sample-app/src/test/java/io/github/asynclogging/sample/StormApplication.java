package io.github.asynclogging.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The sample application with an error storm to unleash, run in a JVM of its own by
 * {@link MemoryStormTests}: {@code POST /storm?threads=8&seconds=60} starts threads that log ERROR to
 * the logger {@code storm} as fast as they can, each event a message of {@code messageChars}
 * characters (50,000 by default) of its own and an exception {@code frames} frames deep (300) with
 * two causes, as every request does the day a database goes down. With
 * {@code --logging.config=classpath:storm/logback-storm.xml} that logger's only destination takes
 * 5 ms an event. {@code GET /storm} says what the storm did. The other endpoints are the sample's.
 */
final class StormApplication {

	private StormApplication() {
	}

	public static void main(String[] args) {
		ApplicationContextInitializer<GenericApplicationContext> storm = (context) -> {
			context.registerBean(Storm.class, Storm::new);
			context.registerBean("stormRoutes", RouterFunction.class,
					() -> routes(context.getBean(Storm.class)));
		};
		new SpringApplicationBuilder(SampleApplication.class).initializers(storm).run(args);
	}

	private static RouterFunction<ServerResponse> routes(Storm storm) {
		return RouterFunctions.route()
			.POST("/storm", (request) -> {
				int threads = Integer.parseInt(request.param("threads").orElse("8"));
				Duration duration = Duration.ofSeconds(Long.parseLong(request.param("seconds").orElse("60")));
				int messageChars = Integer.parseInt(request.param("messageChars").orElse("50000"));
				int frames = Integer.parseInt(request.param("frames").orElse("300"));
				storm.start(threads, duration, messageChars, frames);
				return ServerResponse.ok().body(storm.report());
			})
			.GET("/storm", (request) -> ServerResponse.ok().body(storm.report()))
			.build();
	}

	/**
	 * The threads of one storm and what they did.
	 */
	static final class Storm {

		private static final Logger logger = LoggerFactory.getLogger("storm");

		private final AtomicLong logged = new AtomicLong();

		private final AtomicReference<Throwable> failure = new AtomicReference<>();

		private final List<Thread> threads = new ArrayList<>();

		synchronized void start(int count, Duration duration, int messageChars, int frames) {
			if (this.threads.stream().anyMatch(Thread::isAlive)) {
				throw new IllegalStateException("A storm is running already");
			}
			this.threads.clear();
			long end = System.nanoTime() + duration.toNanos();
			String text = "x".repeat(Math.max(0, messageChars - 10));
			for (int i = 0; i < count; i++) {
				Thread thread = new Thread(() -> rage(text, frames, end), "storm-" + (i + 1));
				thread.setDaemon(true);
				this.threads.add(thread);
			}
			this.threads.forEach(Thread::start);
		}

		private void rage(String text, int frames, long end) {
			for (long n = 1_000_000_000L; System.nanoTime() - end < 0; n++) {
				try {
					// A message of its own for every event, as a request's would be.
					logger.error(text + n, EventShapes.failure(frames, 2));
					this.logged.incrementAndGet();
				}
				catch (Throwable ex) {
					this.failure.compareAndSet(null, ex);
				}
			}
		}

		synchronized Map<String, Object> report() {
			Map<String, Object> report = new LinkedHashMap<>();
			report.put("running", this.threads.stream().anyMatch(Thread::isAlive));
			report.put("logged", this.logged.get());
			report.put("written", SlowAppender.written());
			Throwable failed = this.failure.get();
			report.put("failure", (failed != null) ? failed.toString() : "");
			return report;
		}

	}

}
