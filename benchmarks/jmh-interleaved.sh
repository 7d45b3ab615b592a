#!/bin/bash
# The same JMH benchmarks from several benchmark jars (e.g. one built at an older commit and one at
# HEAD), interleaved on the same machine: ROUNDS rounds, each running every jar once with one fork
# (-f 1), the jars in the opposite order every other round, so that a drift of the machine's load
# shows as a spread between rounds rather than as a difference between jars. Then one table
# (interleaved_table.py): ns per call and bytes per call of each jar, the rounds' range, the ratio.
#
# Usage: benchmarks/jmh-interleaved.sh OUT_DIR "JMH arguments" LABEL=JAR [LABEL=JAR ...]
# e.g.   benchmarks/jmh-interleaved.sh benchmarks/results/caller-cost \
#          "CallerCostBenchmark -p config=LOGBACK_SYNC,LOGBACK_ASYNC_APPENDER,STARTER -wi 3 -w 2 -i 5 -r 2" \
#          86cb73e=/tmp/before/benchmarks/target/benchmarks.jar HEAD=benchmarks/target/benchmarks.jar
# Every run adds -f 1 -bm avgt -tu ns and PROFILERS (default: -prof gc and CpuTimeProfiler): average
# wall time of one call per calling thread (the caller cost), allocation per call, and CPU time per
# call of the calling threads, the logging threads and the process (the jar must contain
# CpuTimeProfiler; the baseline patch adds it to 86cb73e). ROUNDS (default 2) from the environment.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$1
ARGS=$2
shift 2
ROUNDS=${ROUNDS:-2}
PROFILERS=${PROFILERS:--prof gc -prof io.github.asynclogging.benchmarks.CpuTimeProfiler}
mkdir -p "$OUT"
labels=()
jars=()
for pair in "$@"; do
	labels+=("${pair%%=*}")
	jars+=("${pair#*=}")
	[ -f "${pair#*=}" ] || { echo "no jar ${pair#*=}" >&2; exit 1; }
done
{
	echo "started: $(date -u +'%Y-%m-%d %H:%M:%S UTC')"
	echo "java: $(java -version 2>&1 | head -2 | tail -1)"
	echo "arguments: $ARGS -f 1 -bm avgt -tu ns $PROFILERS, $ROUNDS rounds"
	for i in "${!labels[@]}"; do echo "jar ${labels[$i]}: ${jars[$i]}"; done
} > "$OUT/run.txt"
for round in $(seq 1 "$ROUNDS"); do
	order=$(seq 0 $(( ${#labels[@]} - 1 )))
	(( round % 2 == 0 )) && order=$(seq $(( ${#labels[@]} - 1 )) -1 0)
	for i in $order; do
		echo "[round $round] ${labels[$i]}" >&2
		# shellcheck disable=SC2086 # ARGS is a list of JMH arguments
		java -jar "${jars[$i]}" $ARGS -f 1 -bm avgt -tu ns $PROFILERS \
			-rf json -rff "$OUT/${labels[$i]}-round$round.json" > "$OUT/${labels[$i]}-round$round.txt" 2>&1
	done
done
echo "finished: $(date -u +'%Y-%m-%d %H:%M:%S UTC')" >> "$OUT/run.txt"
python3 benchmarks/interleaved_table.py "$OUT" "${labels[@]}" | tee "$OUT/table.md"
