/**
 * The engine: bounded queues, fixed worker threads, drop policies, level shedding and exact
 * counters. It knows nothing of Spring or Logback: what an event is comes in through
 * {@link io.github.asynclogging.engine.EventTraits}, where it goes through
 * {@link io.github.asynclogging.engine.Destination} or a {@link io.github.asynclogging.engine.Router}.
 * <p>
 * Terms a newcomer may not know:
 * <dl>
 * <dt>the callers' queue, and lanes</dt>
 * <dd>callers queue every event in one queue; it is <em>routed</em> to the <em>lane</em> of each
 * destination on its route, a queue of its own with its worker, drop policy and counters
 * ({@link io.github.asynclogging.engine.DestinationLanes}). The lanes' workers route, one at a time,
 * between the runs of their own lanes: no thread routes only. A destination alone, with one worker
 * and no settings of its own, is written by its worker as it routes.</dd>
 * <dt>turn</dt>
 * <dd>a lane's worker routing the callers' queue: one worker at a time, at most four runs, so that it
 * also writes its own lane ({@code Routing}).</dd>
 * <dt>stripe</dt>
 * <dd>one of the queue's single-producer segments: a thread always queues in the same stripe, so its
 * events stay in order.</dd>
 * <dt>run</dt>
 * <dd>the events a worker takes from one stripe and writes in one go (up to 64).</dd>
 * <dt>linger</dt>
 * <dd>a busy worker parks for a moment after a run so that events gather and it wakes once per few
 * events rather than once per event.</dd>
 * <dt>permits, units</dt>
 * <dd>the memory bound's accounting: each event is charged its estimated size, rounded to units, on
 * the calling thread, and gives them back as it leaves.</dd>
 * <dt>shedding</dt>
 * <dd>dropping events at or below {@code discard.level} once the queue is fuller than
 * {@code discard.threshold}, before it is full.</dd>
 * <dt>generation</dt>
 * <dd>the workers of one start: a worker left behind by a stop (still inside a destination that
 * did not return) belongs to an old generation and exits when it comes back.</dd>
 * <dt>family</dt>
 * <dd>an executor and its lanes: a log call made on any of their workers is written on that thread,
 * never queued behind what the worker writes.</dd>
 * <dt>hold</dt>
 * <dd>the workers write only what was queued before it; later events wait, in order, until it is
 * released (a reconfiguration).</dd>
 * <dt>left behind</dt>
 * <dd>a worker still inside a destination when a stop's timeout runs out: the stop ends without it,
 * and its event counts as stuck.</dd>
 * </dl>
 */
package io.github.asynclogging.engine;
