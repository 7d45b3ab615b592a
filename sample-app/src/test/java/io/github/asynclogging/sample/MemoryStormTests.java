package io.github.asynclogging.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An error storm against an application with a small heap, in a JVM of its own
 * ({@link StormApplication}, {@code -Xmx256m}, {@code -XX:+ExitOnOutOfMemoryError} so that any
 * {@link OutOfMemoryError} anywhere ends it): 8 threads log ERROR, each event a 50 KB message and an
 * exception 300 frames deep with two causes, as fast as they can, to a destination that takes 5 ms
 * an event ({@code SLOW}; the sample's {@code LogSink}, {@code sink:slowSink}, gets them too, at its
 * own pace). With the memory bound the application lives, answers requests, holds no more than its
 * own heap and the bound, and counts every event it could not queue for {@code SLOW} as
 * {@code memory_full}; without it, the same storm runs it out of memory.
 * <p>
 * The suite runs a 10-second storm with the bound. By hand, longer or with other settings, e.g. the
 * 60-second storm, the same storm with synchronous logging ({@code -Dstorm.synchronous=true}) and
 * without the bound ({@code -Dstorm.unbounded=true}):
 * <pre>
 * mvn -B -pl sample-app -am test -Dtest=MemoryStormTests -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dstorm.seconds=60 -Dstorm.synchronous=true -Dstorm.unbounded=true
 * </pre>
 * {@code -Dstorm.queue-memory=12800k} sets the bound (default here {@code 64MB}, a quarter of the
 * heap; empty for the starter's default, 5% of the heap), {@code -Dstorm.queue-capacity} the
 * capacity. Each test prints its figures.
 */
class MemoryStormTests {

	private static final Duration STORM = Duration.ofSeconds(Long.getLong("storm.seconds", 10));

	private static final String HEAP = "256m";

	private static final String QUEUE_MEMORY = System.getProperty("storm.queue-memory", "64MB");

	private static final String QUEUE_CAPACITY = System.getProperty("storm.queue-capacity", "");

	/**
	 * Live heap the storm may add beyond the queue's bound: the event each of the 8 threads is
	 * building (its message, about 50 KB, and its exception, about 100 KB), the one the worker is
	 * writing and the destination's text of it (about 200 KB), the requests in flight. Measured at
	 * about 2 MB; an estimate that counted half of what queued events hold would exceed it many times.
	 */
	private static final long ALLOWANCE_BYTES = 8 * 1024 * 1024;

	private static final Pattern STARTED_ON_PORT = Pattern.compile("Tomcat started on port (\\d+)");

	private static final Pattern STARTED = Pattern.compile("Started \\w+ in [0-9.]+ seconds");

	private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");

	/** The storm's slow appender, the only appender of the logger {@code storm}. */
	private static final String SLOW = "destination=\"SLOW\"";

	private static final Pattern DESTINATION = Pattern.compile("destination=\"([^\"]+)\"");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@TempDir
	private Path directory;

	private Process app;

	private int port;

	@AfterEach
	void killWhatIsLeft() {
		if (this.app != null && this.app.isAlive()) {
			this.app.destroyForcibly();
			await().atMost(Duration.ofSeconds(30)).until(() -> !this.app.isAlive());
		}
	}

	@Test
	@Timeout(value = 300, unit = TimeUnit.SECONDS)
	void errorStormStaysWithinTheMemoryBoundAndEveryDropIsCounted() throws Exception {
		List<String> settings = new ArrayList<>();
		if (!QUEUE_MEMORY.isEmpty()) {
			settings.add("--async-logging.queue-memory=" + QUEUE_MEMORY);
		}
		if (!QUEUE_CAPACITY.isEmpty()) {
			settings.add("--async-logging.queue-capacity=" + QUEUE_CAPACITY);
		}
		start(settings);
		Storm storm = storm();
		String figures = storm.figures();
		System.out.println("Error storm with the memory bound " + settings + ": " + figures);

		assertThat(this.app.isAlive()).as("application alive after the storm (%s)", figures).isTrue();
		assertThat(console()).as("console").doesNotContain("OutOfMemoryError");
		assertThat(storm.failure).as("what the storm's log calls threw").isEmpty();
		assertThat(storm.requestsFailed).as("requests not answered during the storm (%s)", figures).isZero();

		// Once the storm is over and every queue idle, every event handed to a destination was written to it
		// or dropped for it, and counted.
		await("storm over, queues empty, for each destination routed = delivered + failed + dropped")
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> stormReport().contains("\"running\":false") && isIdle(get("/actuator/prometheus"),
					get("/actuator/health/asyncLogging")));
		String scrape = get("/actuator/prometheus");
		double routed = sum(scrape, "async_logging_events_routed_total", SLOW);
		double delivered = sum(scrape, "async_logging_events_delivered_total", SLOW);
		double failed = sum(scrape, "async_logging_events_failed_total", SLOW);
		double dropped = sum(scrape, "async_logging_events_dropped_total", SLOW);
		double errorsSubmitted = sum(scrape, "async_logging_events_submitted_total", "level=\"error\"");
		double errorsDropped = sum(scrape, "async_logging_events_dropped_total", SLOW + ",level=\"error\"");
		double memoryFull = sum(scrape, "async_logging_events_dropped_total",
				SLOW + ",level=\"error\",reason=\"memory_full\"");
		long logged = number(stormReport(), "logged");
		long written = number(stormReport(), "written");
		String counts = "logged " + logged + ", written " + written + ", ERROR submitted " + errorsSubmitted
				+ "; for SLOW: routed " + routed + ", delivered " + delivered + ", failed " + failed + ", dropped "
				+ dropped + " (ERROR " + errorsDropped + ", of them memory_full " + memoryFull + ")";
		System.out.println("Counters once idle: " + counts);
		assertThat(memoryFull).as("memory_full drops for SLOW (%s)", counts).isPositive();
		// ERROR is never shed: each ERROR event SLOW's lane refused was refused for its memory.
		assertThat(memoryFull).as("ERROR events dropped for SLOW as memory_full against all those dropped for it (%s)",
				counts)
			.isEqualTo(errorsDropped);
		assertThat(errorsSubmitted).as("ERROR events submitted against the storm's log calls (%s)", counts)
			.isEqualTo(logged);
		// The logger storm has one appender, SLOW, and logs nothing else.
		assertThat(routed).as("events routed to SLOW against the storm's log calls (%s)", counts).isEqualTo(logged);
		assertThat(errorsSubmitted - errorsDropped)
			.as("ERROR events not dropped for SLOW against those SLOW wrote (%s)", counts)
			.isEqualTo(written);
		assertThat(delivered).as("events delivered to SLOW against those it wrote (%s)", counts).isEqualTo(written);

		double bound = metric("async_logging_queue_memory_max_bytes", "");
		assertThat(storm.maxLiveHeap).as("most live heap during the storm: %s", figures)
			.isLessThanOrEqualTo(storm.ownHeap + (long) bound + ALLOWANCE_BYTES);
	}

	/**
	 * By hand only: how long the end takes varies with the machine (under load, G1 can collect for
	 * tens of seconds, the storm slowed to a crawl, before it gives up), and a suite needs none of it.
	 */
	@Test
	@EnabledIfSystemProperty(named = "storm.unbounded", matches = "true")
	@Timeout(value = 600, unit = TimeUnit.SECONDS)
	void withoutTheMemoryBoundTheSameStormRunsTheApplicationOutOfMemory() throws Exception {
		start(List.of("--async-logging.queue-memory=10GB", "--async-logging.queue-capacity=100000"));
		long start = System.nanoTime();
		post("/storm?threads=8&seconds=" + STORM.toSeconds());
		await("the application ended by an OutOfMemoryError").atMost(STORM.plusSeconds(120))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> !this.app.isAlive());
		System.out.printf("Error storm without the memory bound: the application ended %.1f s into the storm: %s%n",
				(System.nanoTime() - start) / 1e9,
				console().lines().filter((line) -> line.contains("OutOfMemoryError")).findFirst().orElse("?"));
		assertThat(console()).contains("Terminating due to java.lang.OutOfMemoryError");
	}

	@Test
	@EnabledIfSystemProperty(named = "storm.synchronous", matches = "true")
	@Timeout(value = 600, unit = TimeUnit.SECONDS)
	void withSynchronousLoggingTheStormIsSlowNotDead() throws Exception {
		start(List.of("--async-logging.enabled=false"));
		Storm storm = storm();
		String figures = storm.figures();
		System.out.println("Error storm with async-logging.enabled=false: " + figures);
		assertThat(this.app.isAlive()).as("application alive after the storm (%s)", figures).isTrue();
		assertThat(console()).as("console").doesNotContain("OutOfMemoryError");
		assertThat(storm.failure).as("what the storm's log calls threw").isEmpty();
		assertThat(storm.requestsFailed).as("requests not answered during the storm (%s)", figures).isZero();
		await("storm threads done").atMost(Duration.ofSeconds(30))
			.until(() -> stormReport().contains("\"running\":false"));
		assertThat(number(stormReport(), "written")).as("events written").isEqualTo(number(stormReport(), "logged"));
	}

	/**
	 * Unleashes the storm and watches it: a request every 250 ms (alternately one that reads health
	 * and one that logs), the live heap after a full GC every 3 s.
	 */
	private Storm storm() throws Exception {
		Storm storm = new Storm();
		// Warm the endpoints up, then measure what the application holds of its own.
		get("/actuator/health");
		post("/log?count=10");
		storm.ownHeap = liveHeap();
		post("/storm?threads=8&seconds=" + STORM.toSeconds());
		long start = System.nanoTime();
		long end = start + STORM.toNanos();
		long nextHeap = start + TimeUnit.SECONDS.toNanos(3);
		for (int i = 0; System.nanoTime() < end && this.app.isAlive(); i++) {
			long sent = System.nanoTime();
			try {
				if (i % 2 == 0) {
					get("/actuator/health");
				}
				else {
					post("/log?count=1&tag=storm");
				}
				storm.requestsAnswered++;
				storm.slowestRequestNanos = Math.max(storm.slowestRequestNanos, System.nanoTime() - sent);
			}
			catch (IOException | AssertionError ex) {
				storm.requestsFailed++;
			}
			if (System.nanoTime() >= nextHeap && System.nanoTime() < end - TimeUnit.SECONDS.toNanos(1)) {
				storm.maxLiveHeap = Math.max(storm.maxLiveHeap, liveHeap());
				storm.heapReadings++;
				nextHeap = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
			}
			Thread.sleep(250);
		}
		String report = stormReport();
		storm.logged = number(report, "logged");
		storm.written = number(report, "written");
		storm.failure = Pattern.compile("\"failure\":\"([^\"]*)\"").matcher(report).results().findFirst()
			.map((result) -> result.group(1)).orElse("?");
		storm.seconds = (System.nanoTime() - start) / 1e9;
		return storm;
	}

	private void start(List<String> settings) throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java, "-Xmx" + HEAP, "-XX:+ExitOnOutOfMemoryError", "-cp",
				System.getProperty("java.class.path"), StormApplication.class.getName(), "--server.port=0",
				"--spring.main.banner-mode=off", "--logging.config=classpath:storm/logback-storm.xml"));
		command.addAll(settings);
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.redirectErrorStream(true);
		builder.redirectOutput(this.directory.resolve("console.log").toFile());
		this.app = builder.start();
		await("the storm application started").atMost(Duration.ofSeconds(180)).until(() -> {
			if (!this.app.isAlive()) {
				throw new IllegalStateException("The storm application exited at start-up:\n" + console());
			}
			Matcher started = STARTED_ON_PORT.matcher(console());
			// The web server answers before the application has started: until then its liveness, and
			// so /actuator/health, is DOWN. "Started ..." comes after the liveness is CORRECT.
			if (started.find() && STARTED.matcher(console()).find()) {
				this.port = Integer.parseInt(started.group(1));
				return true;
			}
			return false;
		});
	}

	/** Live objects after a full GC, as {@code jcmd GC.class_histogram} totals them. */
	private long liveHeap() throws IOException, InterruptedException {
		Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
		Process histogram = new ProcessBuilder(jcmd.toString(), Long.toString(this.app.pid()), "GC.class_histogram")
			.redirectErrorStream(true)
			.start();
		String output = new String(histogram.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(histogram.waitFor(60, TimeUnit.SECONDS)).as("jcmd finished").isTrue();
		Matcher total = HISTOGRAM_TOTAL.matcher(output);
		assertThat(total.find()).as("a Total line in jcmd's output: %s", lastLines(output, 5)).isTrue();
		return Long.parseLong(total.group(1));
	}

	/**
	 * Whether nothing waits: not in the queue callers write to (health's {@code queueSize} counts it with
	 * the lanes), not in any destination's lane, and each destination's counters balance.
	 */
	private static boolean isIdle(String scrape, String health) {
		if (number(health, "queueSize") != 0 || sum(scrape, "async_logging_queue_size", "") != 0) {
			return false;
		}
		Matcher destinations = DESTINATION.matcher(scrape);
		List<String> seen = new ArrayList<>();
		while (destinations.find()) {
			String destination = destinations.group();
			if (!seen.contains(destination)) {
				seen.add(destination);
				double accounted = sum(scrape, "async_logging_events_delivered_total", destination)
						+ sum(scrape, "async_logging_events_failed_total", destination)
						+ sum(scrape, "async_logging_events_dropped_total", destination);
				if (sum(scrape, "async_logging_events_routed_total", destination) != accounted) {
					return false;
				}
			}
		}
		return seen.contains(SLOW);
	}

	private String stormReport() throws IOException, InterruptedException {
		return get("/storm");
	}

	private double metric(String name, String labels) throws IOException, InterruptedException {
		return sum(get("/actuator/prometheus"), name, labels);
	}

	/** The sum of a metric's series in a Prometheus scrape, those with the given label text only. */
	private static double sum(String scrape, String name, String labels) {
		double sum = 0;
		for (String line : scrape.lines().toList()) {
			if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
				if (line.contains(labels)) {
					sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
				}
			}
		}
		return sum;
	}

	private static long number(String json, String name) {
		Matcher value = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
		assertThat(value.find()).as("%s in %s", name, json).isTrue();
		return Long.parseLong(value.group(1));
	}

	private String get(String path) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(path)).GET());
	}

	private String post(String path) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()));
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private String send(HttpRequest.Builder request) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(request.timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("%s: %s", response.request().uri(), response.body()).isEqualTo(200);
		return response.body();
	}

	private String console() throws IOException {
		return Files.readString(this.directory.resolve("console.log"), StandardCharsets.UTF_8);
	}

	private static String lastLines(String text, int count) {
		List<String> lines = text.lines().toList();
		return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
	}

	/**
	 * What one storm did and what the application did meanwhile.
	 */
	private static final class Storm {

		long ownHeap;

		long maxLiveHeap;

		int heapReadings;

		int requestsAnswered;

		int requestsFailed;

		long slowestRequestNanos;

		long logged;

		long written;

		String failure;

		double seconds;

		String figures() {
			return String.format("%.1f s, %d log calls (%.0f/s), %d written; live heap %.1f MB before, at most %.1f MB"
					+ " during (%d readings); %d requests answered, %d not, slowest %.0f ms", this.seconds, this.logged,
					this.logged / this.seconds, this.written, this.ownHeap / 1e6, this.maxLiveHeap / 1e6,
					this.heapReadings, this.requestsAnswered, this.requestsFailed, this.slowestRequestNanos / 1e6);
		}

	}

}
