#!/bin/bash
# What logging at a steady 100, 1,000 and 10,000 events/s costs the whole process, in CPU time and
# context switches, for synchronous Logback, Logback's AsyncAppender (default, and neverBlock),
# Log4j2 Async Loggers and this starter, each to a do-nothing appender and to a FileAppender; plus
# the idle JVM and a producer that ticks at the rate without logging (the floors). Every
# configuration runs in a JVM of its own (SteadyRateCpu), the list in ROUNDS rounds, each round in
# the opposite order of the one before, so that a drift of the machine's load shows as a spread
# rather than as a difference between configurations. Before and after the rounds, the cost of one
# thread wake-up here (WakeUpCost). The Markdown tables (steady_rate_table.py) go to standard output
# and to tables.md; the raw results, one JSON line per JVM, to results.jsonl.
#
# Build first: mvn -B -pl benchmarks -am package -DskipTests
# Run:         benchmarks/steady-rate.sh [output directory, default benchmarks/results/steady-rate]
# Settings (environment): ROUNDS=2, RATES="100 1000 10000", PREWARM=2 (s at 10,000 events/s),
# WARMUP=60 (s at least at the rate), MAX_WARMUP=75 (s in all, waiting for the JIT), WINDOW=6 (s),
# JAVA=java, JAVA_OPTS="-Xms512m -Xmx512m". The defaults take about an hour and a half (68 JVMs of
# about 75 s). WARMUP is long because a worker that parks between events runs its wake-up code a
# few hundred times a second, and HotSpot's C2 compiles a method after thousands of calls: at 100
# events/s the starter's worker loop reached C2 after 48 s, at 1,000/s after 19 s
# (-XX:+PrintCompilation); a shorter warm-up measures the low rates in C1's profiling code.
# CONFIGS="LOGBACK_SYNC ASYNC_APPENDER ASYNC_APPENDER_NEVER_BLOCK LOG4J2_ASYNC_LOGGERS STARTER" (the
# default, every one) narrows the list, and names those not in it: ASYNC_APPENDER_TWO and STARTER_TWO
# write each event to the destination and to a second do-nothing appender (two AsyncAppenders; the
# starter with both on the root logger). STARTER_LINGERS="0 1ms 2ms 5ms" runs the starter once per
# async-logging.linger value given (default: once, with the property's default), e.g. for a sweep:
#   CONFIGS="LOGBACK_SYNC ASYNC_APPENDER STARTER" STARTER_LINGERS="0 1ms 2ms 5ms" \
#     benchmarks/steady-rate.sh benchmarks/results/linger
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=benchmarks/target/benchmarks.jar
OUT=${1:-benchmarks/results/steady-rate}
ROUNDS=${ROUNDS:-2}
RATES=${RATES:-100 1000 10000}
PREWARM=${PREWARM:-2}
WARMUP=${WARMUP:-60}
MAX_WARMUP=${MAX_WARMUP:-75}
WINDOW=${WINDOW:-6}
JAVA=${JAVA:-java}
JAVA_OPTS=${JAVA_OPTS:--Xms512m -Xmx512m}
CONFIGS=${CONFIGS:-LOGBACK_SYNC ASYNC_APPENDER ASYNC_APPENDER_NEVER_BLOCK LOG4J2_ASYNC_LOGGERS STARTER}
STARTER_LINGERS=${STARTER_LINGERS:-}
[ -f "$JAR" ] || { echo "no $JAR: mvn -B -pl benchmarks -am package -DskipTests" >&2; exit 1; }
mkdir -p "$OUT"
RESULTS=$OUT/results.jsonl
: > "$RESULTS"
: > "$OUT/stderr.log"

{
	echo "started: $(date -u +'%Y-%m-%d %H:%M:%S UTC')"
	echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
	echo "java: $($JAVA -version 2>&1 | head -2 | tail -1)"
	echo "kernel: $(uname -r), $(nproc) CPUs"
	echo "settings: ROUNDS=$ROUNDS RATES=\"$RATES\" PREWARM=$PREWARM WARMUP=$WARMUP MAX_WARMUP=$MAX_WARMUP WINDOW=$WINDOW JAVA_OPTS=\"$JAVA_OPTS\""
	echo "configurations: $CONFIGS${STARTER_LINGERS:+ (the starter with linger: $STARTER_LINGERS)}"
} > "$OUT/run.txt"

# One line per JVM: configuration (STARTER:<linger> for a linger of its own), destination, rate.
configs=()
for config in $CONFIGS; do
	if [ "$config" = STARTER ] && [ -n "$STARTER_LINGERS" ]; then
		for linger in $STARTER_LINGERS; do
			configs+=("STARTER:$linger")
		done
	else
		configs+=("$config")
	fi
done
runs=("IDLE - 0")
for rate in $RATES; do
	runs+=("NO_LOGGING - $rate")
	for destination in NOOP FILE; do
		for config in "${configs[@]}"; do
			runs+=("$config $destination $rate")
		done
	done
done

wake_up() {
	echo "[wake-up cost, $1]" >&2
	{ echo "$1:"; echo; $JAVA $JAVA_OPTS -cp "$JAR" io.github.asynclogging.benchmarks.WakeUpCost 2; echo; } >> "$OUT/wake-up.md"
}
: > "$OUT/wake-up.md"
wake_up "before the rounds"

total=$(( ${#runs[@]} * ROUNDS ))
done_runs=0
for round in $(seq 1 "$ROUNDS"); do
	order=$(seq 0 $(( ${#runs[@]} - 1 )))
	if (( round % 2 == 0 )); then
		order=$(seq $(( ${#runs[@]} - 1 )) -1 0)
	fi
	for i in $order; do
		read -r config destination rate <<< "${runs[$i]}"
		done_runs=$(( done_runs + 1 ))
		printf '[%d/%d] round %d: %s %s %s/s\n' "$done_runs" "$total" "$round" "$config" "$destination" "$rate" >&2
		args=(--config "${config%%:*}" --rate "$rate" --round "$round" --prewarm "$PREWARM" --warmup "$WARMUP"
			--max-warmup "$MAX_WARMUP" --window "$WINDOW")
		[[ "$config" == *:* ]] && args+=(--linger "${config#*:}")
		[ "$destination" != "-" ] && args+=(--destination "$destination")
		# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
		$JAVA $JAVA_OPTS -cp "$JAR" io.github.asynclogging.benchmarks.SteadyRateCpu "${args[@]}" \
			>> "$RESULTS" 2>> "$OUT/stderr.log"
	done
done

wake_up "after the rounds"
echo "finished: $(date -u +'%Y-%m-%d %H:%M:%S UTC')" >> "$OUT/run.txt"

python3 benchmarks/steady_rate_table.py "$RESULTS" "$OUT/wake-up.md" "$OUT/run.txt" | tee "$OUT/tables.md"
