#!/bin/bash
# Idle CPU of the sample app with async-logging enabled and disabled, side by side on ports 18180
# and 18181: both are started, left idle for IDLE seconds (default 60) after start-up, and the CPU
# time each used meanwhile is read from /proc (schedstat, in ns; stat, in clock ticks).
# Build first: mvn -B -pl sample-app -am package -DskipTests
set -u
cd "$(dirname "$0")/.."
JAR=sample-app/target/sample-app-0.1.0-SNAPSHOT.jar
java -jar $JAR --server.port=18180 --async-logging.enabled=true > /tmp/idle-on.log 2>&1 & ON=$!
java -jar $JAR --server.port=18181 --async-logging.enabled=false > /tmp/idle-off.log 2>&1 & OFF=$!
for p in 18180 18181; do for i in $(seq 1 120); do curl -sf localhost:$p/actuator/health > /dev/null && break; sleep 1; done; done
sleep 15
hz=$(getconf CLK_TCK)
cpu() { awk '{print $14+$15}' /proc/$1/stat; }
ns() { cat /proc/$1/task/*/schedstat 2>/dev/null | awk '{s+=$1} END {printf "%.0f\n", s}'; }
wns() { for t in /proc/$1/task/*; do case $(cat $t/comm) in async-logging*) awk '{print $1}' $t/schedstat;; esac; done; }
a0=$(cpu $ON); b0=$(cpu $OFF); na0=$(ns $ON); nb0=$(ns $OFF); w0=$(wns $ON); t0=$(date +%s.%N)
sleep ${IDLE:-60}
a1=$(cpu $ON); b1=$(cpu $OFF); na1=$(ns $ON); nb1=$(ns $OFF); w1=$(wns $ON); t1=$(date +%s.%N)
echo "idle window: $(awk -v a=$t0 -v b=$t1 'BEGIN {printf "%.1f", b - a}') s"
echo "async-logging.enabled=true : $(( (na1-na0)/1000000 )) ms CPU (schedstat), $(( (a1-a0)*1000/hz )) ms (stat), $(ls /proc/$ON/task | wc -l) threads, worker thread $(( (w1-w0)/1000 )) us"
echo "async-logging.enabled=false: $(( (nb1-nb0)/1000000 )) ms CPU (schedstat), $(( (b1-b0)*1000/hz )) ms (stat), $(ls /proc/$OFF/task | wc -l) threads"
kill $ON $OFF; wait $ON $OFF 2>/dev/null
