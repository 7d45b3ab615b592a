#!/usr/bin/env bash
# Measures the figures of the sizing guide (docs/operating.md) against the sample app, on this machine.
#
#   mvn -B -DskipTests -pl sample-app -am package      # builds the jar it runs
#   ops/sizing/measure.sh drain                         # events/s drained vs. time per event
#   ops/sizing/measure.sh burst                         # seconds of burst before the first drop
#   ops/sizing/measure.sh memory                        # heap of a full queue
#   ops/sizing/measure.sh estimate                      # the starter's estimate of an event against its heap
#
# Needs java, curl and jcmd (those of $JAVA_HOME when it is set); JVM_OPTS are passed to java
# (e.g. JVM_OPTS=-XX:-UseCompressedOops). Starts the sample app on 127.0.0.1:$PORT (default 18280), its
# console output to /dev/null, one run at a time, and stops it after each run. Its LogSink takes
# the time per event set with PUT /destination/delay; every event also goes to the console
# appender (here /dev/null), as it would in an application.
set -euo pipefail
cd "$(dirname "$0")/../.."

JAR=${JAR:-sample-app/target/sample-app-0.1.0-SNAPSHOT.jar}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JCMD=${JAVA_HOME:+$JAVA_HOME/bin/}jcmd
# Where the class histograms of the memory measurements are left, to read by class.
OUT=${OUT:-/tmp}
PORT=${PORT:-18280}
BASE=http://127.0.0.1:$PORT
app_pid=

start_app() {
  # shellcheck disable=SC2086 # JVM_OPTS holds several options
  "$JAVA" ${JVM_OPTS:-} -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" --spring.main.banner-mode=off "$@" \
    > /dev/null 2>&1 &
  app_pid=$!
  for _ in $(seq 1 240); do
    if curl -sf "$BASE/actuator/health" > /dev/null 2>&1; then
      return
    fi
    sleep 0.5
  done
  echo "sample app did not start" >&2
  exit 1
}

stop_app() {
  if [ -n "$app_pid" ]; then
    kill "$app_pid" 2> /dev/null || true
    wait "$app_pid" 2> /dev/null || true
    app_pid=
  fi
}
trap stop_app EXIT

# Sum of every series of a metric in /actuator/prometheus whose line contains the second argument, if
# any, e.g. metric async_logging_events_dropped_total "$SINK"
metric() {
  curl -sf "$BASE/actuator/prometheus" | awk -v name="$1" -v filter="${2:-}" \
    '$1 ~ ("^" name "({|$)") && (filter == "" || index($0, filter) > 0) { sum += $2 } END { printf "%.0f\n", sum }'
}

# The sample's LogSink, whose lane is the one that fills: each destination has a lane of its own,
# and the console (/dev/null here) keeps up.
SINK='destination="sink:slowSink"'


now() {
  date +%s.%N
}

delay() {
  curl -sf -X PUT "$BASE/destination/delay?millis=$1" > /dev/null
}

# drain MILLIS WORKERS BACKLOG WINDOW: fills a 4M queue with BACKLOG events, then reads the
# delivered counter WINDOW seconds apart while the queue is still not empty.
drain() {
  local millis=$1 workers=$2 backlog=$3 window=$4
  start_app --async-logging.queue-capacity=4000000 --async-logging.discard.threshold=1.0 \
    --async-logging.workers="$workers"
  delay "$millis"
  curl -sf -X POST "$BASE/log?count=$backlog&level=info" > /dev/null
  sleep 1
  local t0 c0 t1 c1 left
  t0=$(now); c0=$(metric async_logging_events_delivered_total "$SINK")
  sleep "$window"
  t1=$(now); c1=$(metric async_logging_events_delivered_total "$SINK")
  left=$(metric async_logging_queue_size "$SINK")
  if [ "$left" -eq 0 ]; then
    echo "| $millis ms | $workers | queue ran empty: raise the backlog |"
  else
    awk -v m="$millis" -v w="$workers" -v c="$((c1 - c0))" -v t0="$t0" -v t1="$t1" -v left="$left" \
      'BEGIN { printf "| %s ms | %s | %.0f events/s | (%d events in %.2f s, %d still queued) |\n", m, w, c / (t1 - t0), c, t1 - t0, left }'
  fi
  stop_app
}

# burst CAPACITY MILLIS RATE THRESHOLD: INFO traffic at RATE events/s into a queue of CAPACITY
# drained by one worker at MILLIS per event; seconds from the start of the traffic to the first drop.
burst() {
  local capacity=$1 millis=$2 rate=$3 threshold=$4
  start_app --async-logging.queue-capacity="$capacity" --async-logging.discard.threshold="$threshold"
  delay "$millis"
  local start dropped=0 t=0 d0 d1
  d0=$(metric async_logging_events_delivered_total "$SINK")
  start=$(now)
  curl -sf -X POST "$BASE/traffic?rate=$rate&seconds=600" > /dev/null
  while [ "$dropped" -eq 0 ]; do
    dropped=$(metric async_logging_events_dropped_total "$SINK")
    t=$(now)
    if awk -v s="$start" -v t="$t" 'BEGIN { exit !(t - s > 300) }'; then
      echo "| $capacity | $millis ms | $rate/s | $threshold | no drop in 300 s |"
      stop_app
      return
    fi
    sleep 0.05
  done
  d1=$(metric async_logging_events_delivered_total "$SINK")
  awk -v c="$capacity" -v m="$millis" -v r="$rate" -v th="$threshold" -v s="$start" -v t="$t" -v d="$((d1 - d0))" \
    'BEGIN { printf "| %s | %s ms | %s/s | %s | %.1f s | (drained %.0f/s meanwhile) |\n", c, m, r, th, t - s, d / (t - s) }'
  stop_app
}

# memory CAPACITY: live heap (jcmd GC.class_histogram, after a full GC) with the queue empty, then
# with CAPACITY events queued behind a worker held on one event.
memory() {
  local capacity=$1
  start_app --async-logging.queue-capacity="$capacity" --async-logging.discard.threshold=1.0
  # Warm up the endpoints and the logging path, then let the queue drain.
  curl -sf -X POST "$BASE/log?count=1000&level=info" > /dev/null
  metric async_logging_events_delivered_total "$SINK" > /dev/null
  sleep 1
  local empty full queued
  "$JCMD" "$app_pid" GC.class_histogram > "$OUT/async-logging-histogram-empty-$capacity.txt"
  empty=$(awk '/^Total/ { print $3 }' "$OUT/async-logging-histogram-empty-$capacity.txt")
  # The worker takes one event and is held on it for 60 s; the rest stays queued.
  delay 60000
  curl -sf -X POST "$BASE/log?count=1&level=info" > /dev/null
  sleep 0.5
  curl -sf -X POST "$BASE/log?count=$capacity&level=info" > /dev/null
  queued=$(metric async_logging_queue_size "$SINK")
  "$JCMD" "$app_pid" GC.class_histogram > "$OUT/async-logging-histogram-full-$capacity.txt"
  full=$(awk '/^Total/ { print $3 }' "$OUT/async-logging-histogram-full-$capacity.txt")
  awk -v c="$capacity" -v q="$queued" -v e="$empty" -v f="$full" \
    'BEGIN { printf "| %s | %s | %.1f MB | %.1f MB | %.1f MB | %.0f bytes |\n", c, q, e / 1e6, f / 1e6, (f - e) / 1e6, (f - e) / q }'
  kill -9 "$app_pid"
  wait "$app_pid" 2> /dev/null || true
  app_pid=
}

# estimate SHAPE COUNT: COUNT events of a shape of POST /log queued behind a worker held on one
# event; the estimated bytes the starter charges them (async_logging_queue_memory_used_bytes, each
# event's estimate rounded up to 64 bytes) against their live heap (jcmd GC.class_histogram after a
# full GC, queue full minus queue empty), per event. Room for all of them in both bounds.
estimate() {
  local shape=$1 count=$2
  start_app --async-logging.queue-capacity=100000 --async-logging.queue-memory=4GB \
    --async-logging.discard.threshold=1.0
  # Warm up the endpoints and this shape's path, then let the queue drain.
  curl -sf -X POST "$BASE/log?count=100&shape=$shape" > /dev/null
  while [ "$(metric async_logging_queue_size "$SINK")" -ne 0 ]; do
    sleep 0.2
  done
  sleep 0.5
  local empty full queued used
  "$JCMD" "$app_pid" GC.class_histogram > "$OUT/async-logging-histogram-empty-$shape.txt"
  empty=$(awk '/^Total/ { print $3 }' "$OUT/async-logging-histogram-empty-$shape.txt")
  delay 60000
  curl -sf -X POST "$BASE/log?count=1" > /dev/null
  sleep 0.5
  curl -sf -X POST "$BASE/log?count=$count&shape=$shape" > /dev/null
  queued=$(metric async_logging_queue_size "$SINK")
  used=$(metric async_logging_queue_memory_used_bytes)
  "$JCMD" "$app_pid" GC.class_histogram > "$OUT/async-logging-histogram-full-$shape.txt"
  full=$(awk '/^Total/ { print $3 }' "$OUT/async-logging-histogram-full-$shape.txt")
  awk -v s="$shape" -v q="$queued" -v u="$used" -v e="$empty" -v f="$full" \
    'BEGIN { printf "| %s | %d | %.0f | %.0f | %.2f |\n", s, q, u / q, (f - e) / q, u / (f - e) }'
  kill -9 "$app_pid"
  wait "$app_pid" 2> /dev/null || true
  app_pid=
}

case "${1:-all}" in
  drain | all)
    echo "| time per event | workers | drained | |"
    echo "| --- | --- | --- | --- |"
    drain 0 1 3000000 3
    drain 0.1 1 200000 10
    drain 1 1 30000 10
    drain 5 1 6000 10
    drain 1 2 60000 10
    drain 1 4 120000 10
    drain 5 2 12000 10
    ;;&
  burst | all)
    echo "| capacity | time per event | offered | discard.threshold | first drop after | |"
    echo "| --- | --- | --- | --- | --- | --- |"
    burst 1024 5 1000 0.8
    burst 8192 5 1000 0.8
    burst 8192 5 1000 1.0
    burst 8192 1 2000 0.8
    burst 65536 1 2000 0.8
    ;;&
  memory | all)
    echo "| capacity | queued | heap empty | heap full | full - empty | per queued event |"
    echo "| --- | --- | --- | --- | --- | --- |"
    memory 8192
    memory 65536
    ;;&
  estimate | all)
    echo "| shape | queued | estimated bytes/event | measured bytes/event | estimated / measured |"
    echo "| --- | --- | --- | --- | --- |"
    estimate two-arguments 20000
    estimate plain 20000
    estimate arguments 20000
    estimate mdc 20000
    estimate exception 2000
    estimate large 300
    estimate large-utf16 300
    ;;
  drain | burst | memory) ;;
  *)
    echo "usage: $0 [drain|burst|memory|estimate|all]" >&2
    exit 2
    ;;
esac
