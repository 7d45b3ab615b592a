package io.github.asynclogging.soak;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10's soak, run by hand, not in CI: {@code mvn -pl async-logging-autoconfigure test
 * -Dtest=SoakTests -Dsoak.minutes=20}. Segments of about two minutes, each a JVM of its own
 * ({@link SoakApp}) stopped by SIGTERM: reconfigurations, two contexts starting and stopping in every
 * order, a throwing sink, four threads logging all along. After each: every thread's lines in order
 * and none twice, and each executor's counters balance exactly.
 */
@EnabledIfSystemProperty(named = "soak.minutes", matches = "\\d+")
class SoakTests {

	private static final Duration SEGMENT = Duration.ofMinutes(2);

	@TempDir
	Path dir;

	@Test
	void reconfigurationsRestartsSigtermAndAThrowingSinkUnderFourThreads() throws Exception {
		long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(Long.getLong("soak.minutes"));
		int segment = 0;
		long lines = 0;
		long twice = 0;
		long outOfOrder = 0;
		while (System.nanoTime() < end) {
			Path segmentDir = Files.createDirectories(this.dir.resolve("segment-" + segment++));
			String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
			Process app = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
					SoakApp.class.getName(), segmentDir.toString())
				.redirectErrorStream(true)
				.redirectOutput(segmentDir.resolve("console.log").toFile())
				.start();
			Thread.sleep(SEGMENT.toMillis());
			long signalled = System.nanoTime();
			app.destroy();
			assertThat(app.waitFor(30, TimeUnit.SECONDS)).as("segment %d exits after SIGTERM", segment).isTrue();
			System.out.printf("segment %d: exit %d, %d ms after SIGTERM%n", segment, app.exitValue(),
					TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled));
			long[] checked = check(segmentDir);
			lines += checked[0];
			twice += checked[1];
			outOfOrder += checked[2];
		}
		// Every segment runs, so that the report covers the whole soak; then the verdict.
		System.out.printf("soak: %d segments, %d lines checked, %d written twice, %d out of their thread's order%n",
				segment, lines, twice, outOfOrder);
		assertThat(twice).isZero();
		assertThat(outOfOrder).isZero();
	}

	/** @return lines, lines written twice, lines out of their thread's order */
	private static long[] check(Path segmentDir) throws Exception {
		List<String> counters = Files.readAllLines(segmentDir.resolve("counters.txt"), StandardCharsets.UTF_8);
		for (String line : counters) {
			String[] parts = line.split(" ");
			long routed = Long.parseLong(parts[0]);
			long delivered = Long.parseLong(parts[1]);
			long failed = Long.parseLong(parts[2]);
			long dropped = Long.parseLong(parts[3]);
			String destination = line.substring(line.indexOf(parts[3] + " ") + parts[3].length() + 1);
			System.out.printf("  %s: routed %d, delivered %d, failed %d, dropped %d%n", destination, routed, delivered,
					failed, dropped);
			assertThat(routed).as("routed = delivered + failed + dropped for %s in %s", destination, segmentDir)
				.isEqualTo(delivered + failed + dropped);
		}
		// Streamed, and each thread's lines remembered as one bit per number: a segment writes tens of
		// millions of lines, more than a set of them fits in the test's heap.
		Map<String, BitSet> seen = new HashMap<>();
		Map<String, Long> last = new HashMap<>();
		long lines = 0;
		long duplicates = 0;
		long outOfOrder = 0;
		try (BufferedReader reader = Files.newBufferedReader(segmentDir.resolve("app.log"), StandardCharsets.UTF_8)) {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				lines++;
				int space = line.indexOf(' ');
				String thread = line.substring(0, space);
				int seq = Math.toIntExact(Long.parseLong(line.substring(space + 1)));
				BitSet written = seen.computeIfAbsent(thread, (name) -> new BitSet());
				if (written.get(seq)) {
					duplicates++;
				}
				else if (seq <= last.getOrDefault(thread, -1L)) {
					outOfOrder++;
				}
				written.set(seq);
				last.put(thread, (long) seq);
			}
		}
		System.out.printf("  %d lines, %d written twice, %d out of their thread's order%n", lines, duplicates,
				outOfOrder);
		return new long[] { lines, duplicates, outOfOrder };
	}

}
