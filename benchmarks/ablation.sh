#!/bin/bash
# What each part of the caller's path costs, measured by taking it out: the benchmark jar of HEAD
# and of HEAD with each patch of benchmarks/ablations applied (each built in a worktree of its
# own), run interleaved by jmh-interleaved.sh beside any other jars given (the 86cb73e baseline,
# say). A patch removes one thing the starter does on every call, deliberately breaking what it
# guarantees; the jars it builds are for measuring only.
#
# Usage: benchmarks/ablation.sh OUT_DIR "JMH arguments" [LABEL=JAR ...]
# e.g.   ROUNDS=3 benchmarks/ablation.sh benchmarks/results/ablation \
#          "CallerCostBenchmark.oneThread -p config=STARTER -wi 3 -w 1 -i 5 -r 1" \
#          86cb73e=/tmp/bench-before/benchmarks/target/benchmarks.jar
# ABLATIONS (default: every patch) names the patches, without .patch.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$1
ARGS=$2
shift 2
mkdir -p "$OUT/jars"
OUT=$(cd "$OUT" && pwd)
names=${ABLATIONS:-$(cd benchmarks/ablations && ls -- *.patch | sed 's/\.patch$//')}
commit=$(git rev-parse --short HEAD)
build() {
	local name=$1 patch=$2 tree
	tree=$(mktemp -d)/tree
	git worktree add --quiet --detach "$tree" HEAD
	if [ -n "$patch" ]; then
		git -C "$tree" apply "$patch"
	fi
	echo "building $name" >&2
	(cd "$tree" && mvn -B -q -pl benchmarks -am package -DskipTests >&2)
	cp "$tree/benchmarks/target/benchmarks.jar" "$OUT/jars/$name.jar"
	git worktree remove --force "$tree"
}
jars=("$@")
build "$commit" ""
jars+=("$commit=$OUT/jars/$commit.jar")
for name in $names; do
	build "$name" "$PWD/benchmarks/ablations/$name.patch"
	jars+=("$name=$OUT/jars/$name.jar")
done
benchmarks/jmh-interleaved.sh "$OUT" "$ARGS" "${jars[@]}"
