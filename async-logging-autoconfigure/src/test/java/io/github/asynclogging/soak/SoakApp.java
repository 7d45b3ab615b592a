package io.github.asynclogging.soak;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.asynclogging.LogSink;
import io.github.asynclogging.engine.AsyncLogExecutor;
import io.github.asynclogging.engine.DropPolicy;
import io.github.asynclogging.engine.EventLevel;
import io.github.asynclogging.engine.ExecutorSettings;
import io.github.asynclogging.logback.BridgeOptions;
import io.github.asynclogging.logback.LogbackBridge;
import io.github.asynclogging.logback.LogbackDestination;
import org.slf4j.LoggerFactory;

/**
 * One segment of the soak: four threads log numbered lines to a file while Logback is configured
 * again, two "application contexts" start and stop in every order, and a sink throws on every
 * hundredth event; the JVM runs until it is sent SIGTERM, whose shutdown hook stops the bridges as
 * Spring would and writes the counters beside the log.
 * <p>
 * Arguments: the directory to write {@code app.log} and {@code counters.txt} into.
 */
public final class SoakApp {

	private SoakApp() {
	}

	public static void main(String[] args) throws Exception {
		Path dir = Path.of(args[0]);
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		String configuration = """
				<configuration>
				  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
				    <file>%s</file><encoder><pattern>%%msg%%n</pattern></encoder>
				  </appender>
				  <logger name="io.github.asynclogging" level="OFF"/>
				  <root level="INFO"><appender-ref ref="FILE"/></root>
				</configuration>
				""".formatted(dir.resolve("app.log"));
		configure(context, configuration);
		AtomicLong sinkCalls = new AtomicLong();
		LogSink throwing = (event) -> {
			if (sinkCalls.incrementAndGet() % 100 == 0) {
				throw new IllegalStateException("every hundredth event");
			}
		};
		AsyncLogExecutor<?>[] executors = new AsyncLogExecutor<?>[2];
		LogbackBridge[] bridges = { bridge(context, "a", throwing, executors, 0), bridge(context, "b", throwing, executors, 1) };
		bridges[0].start();
		AtomicBoolean logging = new AtomicBoolean(true);
		Thread[] threads = new Thread[4];
		for (int t = 0; t < threads.length; t++) {
			String name = "T" + t;
			threads[t] = new Thread(() -> {
				Logger logger = context.getLogger("soak." + name);
				for (long seq = 0; logging.get(); seq++) {
					logger.info("{} {}", name, seq);
					if (seq % 1000 == 0) {
						Thread.onSpinWait();
					}
				}
			}, name);
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			logging.set(false);
			for (Thread thread : threads) {
				try {
					thread.join();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			synchronized (bridges) {
				for (LogbackBridge bridge : bridges) {
					bridge.stop(Duration.ofSeconds(10));
				}
			}
			StringBuilder counters = new StringBuilder();
			// Each destination of each executor: routed, delivered, failed, dropped.
			for (AsyncLogExecutor<?> executor : executors) {
				executor.destinations().forEach((lane) -> counters.append(lane.routed()).append(' ')
					.append(lane.delivered()).append(' ').append(lane.failed()).append(' ').append(lane.dropped())
					.append(' ').append(lane.name()).append('\n'));
			}
			try {
				Files.writeString(dir.resolve("counters.txt"), counters.toString(), StandardCharsets.UTF_8);
			}
			catch (Exception ex) {
				ex.printStackTrace();
			}
		}));
		for (Thread thread : threads) {
			thread.start();
		}
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (;;) {
			Thread.sleep(50 + random.nextInt(200));
			synchronized (bridges) {
				switch (random.nextInt(4)) {
					case 0 -> configure(context, configuration);
					case 1 -> bridges[0].stop(Duration.ofSeconds(10));
					case 2 -> bridges[1].stop(Duration.ofSeconds(10));
					default -> {
						bridges[random.nextInt(2)].start();
						bridges[random.nextInt(2)].start();
					}
				}
			}
		}
	}

	private static void configure(LoggerContext context, String xml) throws Exception {
		context.reset();
		JoranConfigurator configurator = new JoranConfigurator();
		configurator.setContext(context);
		configurator.doConfigure(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
	}

	private static LogbackBridge bridge(LoggerContext context, String name, LogSink sink,
			AsyncLogExecutor<?>[] executors, int index) {
		ExecutorSettings settings = new ExecutorSettings(8192, 1, DropPolicy.DROP_NEWEST, Duration.ofMillis(100),
				EventLevel.INFO, 0.8, Duration.ZERO, ExecutorSettings.DEFAULTS.linger(),
				ExecutorSettings.DEFAULTS.queueMemory(), "soak-" + name + "-worker-");
		LogbackDestination destination = LogbackBridge.newDestination(context, List.of(sink));
		AsyncLogExecutor<ILoggingEvent> executor = LogbackBridge.newExecutor(context, settings, destination);
		executors[index] = executor;
		return new LogbackBridge(context, executor, destination, BridgeOptions.DEFAULTS);
	}

}
