package io.github.asynclogging.logback;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import io.github.asynclogging.engine.AsyncLogExecutor;
import io.github.asynclogging.engine.DestinationLane;
import io.github.asynclogging.engine.ExecutorSettings;

/**
 * What start-up says: one INFO line with what the workers write and how, and a WARN line for each
 * thing that will not work as the user may expect.
 */
final class StartupReport {

	private final List<Appender<ILoggingEvent>> attached;

	private final List<Appender<ILoggingEvent>> written = new ArrayList<>();

	private final Set<String> synchronous;

	private final LogbackBridge bridge;

	private final EventCapture capture;

	/**
	 * @param attached every appender attached to a logger now
	 * @param bridge the bridge whose workers write them
	 * @param capture what callers capture on each event
	 */
	StartupReport(List<Appender<ILoggingEvent>> attached, LogbackBridge bridge, EventCapture capture) {
		this.attached = attached;
		this.synchronous = new TreeSet<>(bridge.options().excludedAppenders());
		for (Appender<ILoggingEvent> appender : attached) {
			if (!LoggerRoutes.isNamed(this.synchronous, appender)) {
				this.written.add(appender);
			}
		}
		this.bridge = bridge;
		this.capture = capture;
	}

	private String line() {
		AsyncLogExecutor<ILoggingEvent> executor = this.bridge.executor();
		List<String> lanes = new ArrayList<>();
		Map<String, DestinationLane> byName = new TreeMap<>();
		executor.destinations().forEach((lane) -> byName.put(lane.name(), lane));
		byName.values().forEach((lane) -> lanes.add(lane.name() + " (" + describe(lane.settings()) + ")"));
		int workers = executor.settings().workers();
		return "async-logging: " + (lanes.isEmpty() ? "no destination" : String.join(", ", lanes))
				+ (lanes.size() == 1 ? ", a lane" : ", each a lane") + " of its own written by " + workers
				+ ((workers == 1) ? " worker" : " workers") + "; caller data "
				+ (this.capture.capturesCallerData() ? "captured" + unknownCallerData() : "not captured")
				+ (this.capture.carriesTraceContext() ? "; trace context carried" : "") + "; synchronous: "
				+ (this.synchronous.isEmpty() ? "none" : String.join(", ", this.synchronous));
	}

	/** A lane's bounds and policy: {@code 8192 events / 64 MB, drop-newest, info and below shed above 80%}. */
	private static String describe(ExecutorSettings settings) {
		String shedding = (settings.discardThreshold() < 1.0)
				? ", " + settings.discardLevel().tagValue() + " and below shed above "
						+ Math.round(settings.discardThreshold() * 100) + "%"
				: "";
		return settings.queueCapacity() + " events / " + megabytes(settings.queueMemory()) + ", "
				+ settings.dropPolicy().name().toLowerCase().replace('_', '-') + shedding;
	}

	/** Where caller data is captured only because it cannot be told whether it is read. */
	private String unknownCallerData() {
		List<String> unknown = new ArrayList<>();
		for (Appender<ILoggingEvent> appender : this.written) {
			String reason = CallerDataReaders.reason(appender);
			if (CallerDataReaders.isUnknown(reason)) {
				unknown.add(LogbackDestination.nameOf(appender) + ": " + reason);
			}
		}
		return unknown.isEmpty() ? "" : " (" + String.join("; ", unknown) + ")";
	}

	/** The line, then each warning, to say once the starter's monitor is let go. */
	List<Consumer<Notices>> notices() {
		List<Consumer<Notices>> notices = new ArrayList<>();
		String line = line();
		notices.add((out) -> out.info(line));
		warnings().forEach((warning) -> notices.add((out) -> out.warn(warning)));
		return notices;
	}

	private List<String> warnings() {
		List<String> warnings = new ArrayList<>();
		String callerData = callerDataOff();
		if (callerData != null) {
			warnings.add(callerData);
		}
		String openTelemetry = OpenTelemetryAppenders.problems(this.written, this.capture.carriesTraceContext());
		if (openTelemetry != null) {
			warnings.add(openTelemetry);
		}
		String memory = memoryBoundAboveHeap();
		if (memory != null) {
			warnings.add(memory);
		}
		return warnings;
	}

	private String callerDataOff() {
		if (this.bridge.options().includeCallerData() != IncludeCallerData.FALSE) {
			return null;
		}
		List<String> printing = new ArrayList<>();
		// Those the callers write too: no caller data is read for them either.
		for (Appender<ILoggingEvent> appender : this.attached) {
			if (CallerDataReaders.reason(appender) != null) {
				printing.add(LogbackDestination.nameOf(appender));
			}
		}
		return printing.isEmpty() ? null
				: "async-logging: " + String.join(", ", printing) + " print caller data (%line, %method, "
						+ "%class, %file or %caller), but async-logging.include-caller-data is false: they print '?' "
						+ "instead. Remove the key (auto) to capture it for them.";
	}

	/**
	 * A memory bound at or above the heap bounds nothing: the heap runs out first. Accepted, since the
	 * same configuration may run with a larger heap elsewhere, but said.
	 */
	private String memoryBoundAboveHeap() {
		long bound = this.bridge.executor().queueMemoryMax();
		long heap = Runtime.getRuntime().maxMemory();
		if (heap == Long.MAX_VALUE || bound < heap) {
			return null;
		}
		return "async-logging: async-logging.queue-memory (" + megabytes(bound)
				+ ") is not below the JVM's maximum heap (" + megabytes(heap) + "): the heap runs out before the"
				+ " queue's memory bound is reached. Set it below the heap, or remove it for 5% of the heap.";
	}

	static String megabytes(long bytes) {
		return (bytes >= 1024 * 1024) ? (bytes / (1024 * 1024)) + " MB" : (bytes / 1024) + " KB";
	}

}
