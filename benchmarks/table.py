#!/usr/bin/env python3
"""Turns the JMH JSON result of the benchmarks into the Markdown tables of BENCHMARKS.md.

usage: python3 benchmarks/table.py benchmarks/results.json [jmh-console-output.txt]
The console output, if given, supplies the delivery-latency lines printed at teardown.
"""
import json
import sys
from collections import defaultdict

CONFIGS = ["LOGBACK_SYNC", "LOGBACK_ASYNC_APPENDER", "STARTER", "LOG4J2_ASYNC_LOGGERS", "LOG4J2_ASYNC_APPENDER"]
NAMES = {
    "LOGBACK_SYNC": "Logback, synchronous",
    "LOGBACK_ASYNC_APPENDER": "Logback AsyncAppender",
    "STARTER": "**this starter**",
    "LOG4J2_ASYNC_LOGGERS": "Log4j2 Async Loggers",
    "LOG4J2_ASYNC_APPENDER": "Log4j2 AsyncAppender",
}
POLICIES = ["DROP_NEWEST", "DROP_OLDEST", "BLOCK", "LOGBACK_ASYNC_APPENDER_NEVER_BLOCK"]


def load(path):
    rows = defaultdict(dict)
    for r in json.load(open(path)):
        bench = r["benchmark"].rsplit(".", 2)
        key = (bench[-2], r["threads"], tuple(sorted(r.get("params", {}).items())))
        m = r["primaryMetric"]
        if r["mode"] == "thrpt":
            rows[key]["thrpt"] = m["score"]  # ops/us, all threads
            rows[key]["thrpt_err"] = m["scoreError"]
        elif r["mode"] == "sample":
            p = m["scorePercentiles"]
            rows[key]["p50"] = p["50.0"] * 1000
            rows[key]["p99"] = p["99.0"] * 1000
            rows[key]["p999"] = p["99.9"] * 1000
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        if alloc and r["mode"] == "thrpt":
            rows[key]["alloc"] = alloc["score"]
    return rows


def ns_per_call(row, threads):
    return threads * 1000.0 / row["thrpt"]


def fmt(v, digits=0):
    try:
        v = float(v)
    except (TypeError, ValueError):
        return "–"
    return "–" if v != v else f"{v:,.{digits}f}"


def caller_table(rows, bench="CallerCostBenchmark", configs=CONFIGS, latency=True, extra=()):
    head = "| configuration | threads | throughput, M calls/s | caller cost, ns/call |"
    head += " p50 ns | p99 ns | p99.9 ns |" if latency else ""
    head += " alloc B/call | × Logback AsyncAppender | × synchronous |"
    out = [head, "|---|" + "---:|" * (head.count("|") - 2)]
    for threads in (1, 2):
        found = {c: rows.get((bench, threads, tuple(sorted((("config", c),) + extra)))) for c in configs}
        found = {c: r for c, r in found.items() if r and "thrpt" in r}
        cost = {c: ns_per_call(r, threads) for c, r in found.items()}
        for c, r in found.items():
            ratio_async = cost[c] / cost["LOGBACK_ASYNC_APPENDER"] if "LOGBACK_ASYNC_APPENDER" in cost else None
            ratio_sync = cost[c] / cost["LOGBACK_SYNC"] if "LOGBACK_SYNC" in cost else None
            line = f"| {NAMES[c]} | {threads} | {fmt(r['thrpt'], 1)} ± {fmt(r['thrpt_err'], 1)} | {fmt(cost[c])} |"
            line += f" {fmt(r.get('p50'))} | {fmt(r.get('p99'))} | {fmt(r.get('p999'))} |" if latency else ""
            line += f" {fmt(r.get('alloc'))} | {fmt(ratio_async, 2)} | {fmt(ratio_sync, 2)} |"
            out.append(line)
    return "\n".join(out)


def drop_table(rows):
    out = ["| policy | threads | throughput, M calls/s | cost, ns/call | p50 ns | p99 ns | p99.9 ns | alloc B/call |",
           "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for threads in (1, 2):
        for p in POLICIES:
            r = rows.get(("DropPathBenchmark", threads, (("policy", p),)))
            if not r or "thrpt" not in r:
                continue
            name = "Logback AsyncAppender, neverBlock=true" if p.startswith("LOGBACK") else "starter, " + p.lower().replace("_", "-")
            out.append(f"| {name} | {threads} | {fmt(r['thrpt'], 3)} ± {fmt(r['thrpt_err'], 3)} | {fmt(ns_per_call(r, threads))} | "
                       f"{fmt(r.get('p50'))} | {fmt(r.get('p99'))} | {fmt(r.get('p999'))} | {fmt(r.get('alloc'))} |")
    return "\n".join(out)


def latency_lines(log):
    return [line.strip() for line in open(log) if line.startswith("delivery latency")]


if __name__ == "__main__":
    rows = load(sys.argv[1])
    print("### Caller cost\n")
    print(caller_table(rows))
    for kind, title in (("LOCKING", "destination that locks"), ("CONSUMING", "destination that uses the event")):
        print(f"\n### Caller cost, {title}\n")
        print(caller_table(rows, "DestinationKindsBenchmark", CONFIGS[:3], latency=False, extra=(("destination", kind),)))
    print("\n### Dropped calls\n")
    print(drop_table(rows))
    if len(sys.argv) > 2:
        print("\n### Delivery latency\n")
        for line in latency_lines(sys.argv[2]):
            print("    " + line)
