package io.github.asynclogging.sample.ops;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Finds Prometheus' {@code promtool} and {@code prometheus} on the {@code PATH} (or, to try the
 * tests as if they were missing, in the directories of the system property {@code ops.tools.path},
 * e.g. {@code -Dops.tools.path=/nonexistent}), skips the calling test when they are not there, and
 * runs them.
 */
final class PrometheusTools {

	static final String PATH_PROPERTY = "ops.tools.path";

	private static final Set<String> REPORTED_MISSING = ConcurrentHashMap.newKeySet();

	private PrometheusTools() {
	}

	static Optional<Path> find(String name) {
		String searchPath = System.getProperty(PATH_PROPERTY, System.getenv().getOrDefault("PATH", ""));
		for (String dir : searchPath.split(File.pathSeparator)) {
			if (!dir.isBlank()) {
				Path candidate = Path.of(dir, name);
				if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
					return Optional.of(candidate);
				}
			}
		}
		return Optional.empty();
	}

	/**
	 * The path of a tool; skips the calling test (JUnit assumption) when it is not installed.
	 * @param name {@code promtool} or {@code prometheus}
	 * @return its path
	 */
	static Path require(String name) {
		Optional<Path> found = find(name);
		if (found.isEmpty() && REPORTED_MISSING.add(name)) {
			// Surefire prints counts of skipped tests, not why: say it once on the build's output.
			System.err.println("[ops] " + missing(name));
		}
		assumeTrue(found.isPresent(), () -> missing(name));
		return found.get();
	}

	private static String missing(String name) {
		String where = (System.getProperty(PATH_PROPERTY) != null)
				? "in " + PATH_PROPERTY + " (" + System.getProperty(PATH_PROPERTY) + ")" : "on the PATH";
		return name + " is not " + where + ", so the tests that need it are skipped. To run them, install"
				+ " Debian's prometheus package, which ships prometheus and promtool: apt-get install prometheus"
				+ " (.ci/run does).";
	}

	/**
	 * Runs a command to its end.
	 * @param workingDir where it runs
	 * @param timeout how long it may take; then it is killed and the test fails
	 * @param command the command
	 * @return its exit code and output (stdout and stderr)
	 */
	static Result run(Path workingDir, Duration timeout, List<String> command)
			throws IOException, InterruptedException {
		Path output = Files.createTempFile("ops-tool", ".log");
		try {
			Process process = new ProcessBuilder(command).directory(workingDir.toFile())
				.redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			try {
				if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
					throw new AssertionError(command + " did not finish within " + timeout);
				}
			}
			finally {
				if (process.isAlive()) {
					process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				}
			}
			return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
		}
		finally {
			Files.deleteIfExists(output);
		}
	}

	record Result(int exitCode, String output) {

	}

}
