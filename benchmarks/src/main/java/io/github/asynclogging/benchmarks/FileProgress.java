package io.github.asynclogging.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.github.asynclogging.benchmarks.SteadyRateTargets.Delivered;

/**
 * The events a log file holds. So far: from its size, one {@code stat} call, because every
 * event's line has the same length here (fixed-width fields, one logger, thread and message) and
 * both file appenders flush each event as they write it (their default {@code immediateFlush});
 * the starter's start-up notice, written before any event, is counted out by its length. In all:
 * the lines with the event's text.
 */
final class FileProgress implements Delivered {

	private final Path file;

	private long lineBytes;

	private long otherBytes;

	FileProgress(Path file) {
		this.file = file;
	}

	@Override
	public long soFar() {
		try {
			if (this.lineBytes == 0 && !measureLines()) {
				return 0;
			}
			return (Files.size(this.file) - this.otherBytes) / this.lineBytes;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public long inAll() {
		if (!Files.exists(this.file)) {
			return 0;
		}
		try (Stream<String> lines = Files.lines(this.file)) {
			return lines.filter((line) -> line.contains(SteadyRateTargets.WRITTEN_TEXT)).count();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Finds the first event's line: its length, and the bytes before it. */
	private boolean measureLines() throws IOException {
		if (!Files.exists(this.file)) {
			return false;
		}
		long before = 0;
		try (Stream<String> lines = Files.lines(this.file)) {
			for (String line : (Iterable<String>) lines::iterator) {
				long bytes = line.getBytes(StandardCharsets.UTF_8).length + 1;
				if (line.contains(SteadyRateTargets.WRITTEN_TEXT)) {
					this.lineBytes = bytes;
					this.otherBytes = before;
					return true;
				}
				before += bytes;
			}
		}
		return false;
	}

}
