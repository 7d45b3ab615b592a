/**
 * The Logback bridge: captures each event on the calling thread before Logback writes it, and has
 * the engine's workers write it to the appenders its logger has, through Logback's own structures.
 * No appender is ever attached, detached or replaced.
 * <p>
 * Who owns what: {@link io.github.asynclogging.logback.LogbackBridge} is one application context's
 * bridge; {@code ContextCapture} is the registry of the bridges on one Logback context and the
 * caller's path; {@code CaptureFilter} is where Logback hands over a call; {@code EventCapture}
 * fixes what the caller must fix on an event, as {@code PreparedCapture} chose it for the appenders
 * attached; {@link io.github.asynclogging.logback.LogbackDestination}
 * routes and writes; {@code Reconfiguration} and {@code ReconfigurationWatch} keep order across
 * Logback's resets; {@code StartupReport} and {@code Notices} are what the starter says.
 * <p>
 * Terms a newcomer may not know:
 * <dl>
 * <dt>primary</dt>
 * <dd>of the bridges of one Logback context (several application contexts in one JVM), the one
 * that started first: its executor queues every event. The others <em>stand by</em>: their
 * {@code LogSink} beans are written by the primary's workers.</dd>
 * <dt>hand-over</dt>
 * <dd>the primary stops while another bridge runs: the next one queues from then on, and its workers
 * write once the old one has written what it had queued.</dd>
 * <dt>route</dt>
 * <dd>the appenders an event reaches, as {@code Logger.callAppenders} finds them: its logger and the
 * ancestors up to the first that is not additive, read when a worker routes it.</dd>
 * <dt>destination</dt>
 * <dd>what a lane writes: an appender, named by its name, or a {@code LogSink}, named
 * {@code sink:<bean name>}.</dd>
 * <dt>synchronous (excluded) appenders</dt>
 * <dd>those named in {@code async-logging.exclude-appenders}: the caller writes them before it
 * queues the event for the rest of its route.</dd>
 * <dt>caller data</dt>
 * <dd>the class, method, file and line of the log call, which only the calling thread's stack
 * holds; the <em>caller boundary</em> is the logging API's class a call came through, below which
 * the caller is found.</dd>
 * <dt>hold</dt>
 * <dd>while Logback builds a configuration, events logged meanwhile wait in the queue, in order, for
 * the new configuration's appenders (see {@code Reconfiguration}).</dd>
 * <dt>Logback's own moment</dt>
 * <dd>near the end of each reset, from the clear of Logback's turbo filters until its listeners put
 * the starter's filter back: Logback writes a call made then itself, on the caller's thread, where
 * synchronous Logback writes it (see {@code Reconfiguration}).</dd>
 * <dt>notice logger</dt>
 * <dd>{@code io.github.asynclogging}, the logger of the starter's own lines (the start-up line, drop
 * summaries, what a stop could not write).</dd>
 * </dl>
 */
package io.github.asynclogging.logback;
