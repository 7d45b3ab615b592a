#!/usr/bin/env python3
"""The table of benchmarks/jmh-interleaved.sh.

Usage: interleaved_table.py OUT_DIR LABEL [LABEL ...]

Reads OUT_DIR/<label>-round<n>.json (JMH, average time in ns, -prof gc, CpuTimeProfiler) and prints,
per benchmark, parameters and thread count: each label's wall ns per call (mean of the rounds'
scores, each round one fork) with the rounds' range, the calling thread's CPU ns per call
(cpu.caller) likewise, bytes allocated per call, and every label's ratios to the first (wall, CPU).
"""
import glob
import json
import os
import statistics
import sys
from collections import defaultdict


def load(directory, label):
    results = defaultdict(lambda: {"score": [], "alloc": [], "cpu": []})
    for path in sorted(glob.glob(os.path.join(directory, f"{label}-round*.json"))):
        with open(path) as file:
            text = file.read().strip()
        if not text:
            continue
        for run in json.loads(text):
            name = run["benchmark"].rsplit(".", 2)
            key = (name[-2] + "." + name[-1], tuple(sorted(run.get("params", {}).items())), run["threads"])
            results[key]["score"].append(run["primaryMetric"]["score"])
            alloc = run.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
            if alloc:
                results[key]["alloc"].append(alloc["score"])
            cpu = run.get("secondaryMetrics", {}).get("cpu.caller")
            if cpu:
                results[key]["cpu"].append(cpu["score"])
    return results


def number(value):
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def cell(values):
    if not values:
        return "-", None
    mean = statistics.mean(values)
    spread = f" ({'-'.join(number(v) for v in sorted(values))})" if len(values) > 1 else ""
    return number(mean) + spread, mean


def main():
    directory, labels = sys.argv[1], sys.argv[2:]
    data = {label: load(directory, label) for label in labels}
    keys = []
    for label in labels:
        for key in data[label]:
            if key not in keys:
                keys.append(key)
    header = "| benchmark | parameters | threads | " + " | ".join(
        f"{label}: wall ns/call (rounds) | {label}: caller CPU ns/call (rounds) | {label}: B/call" for label in labels)
    header += "".join(f" | {label} ÷ {labels[0]}, wall / CPU" for label in labels[1:]) + " |"
    print(header)
    print("|---|---|---:|" + "---:|---:|---:|" * len(labels) + "---:|" * (len(labels) - 1))
    for key in keys:
        benchmark, params, threads = key
        cells = []
        walls = []
        cpus = []
        for label in labels:
            result = data[label].get(key, {"score": [], "alloc": [], "cpu": []})
            text, wall = cell(result["score"])
            cells.append(text)
            walls.append(wall)
            text, cpu = cell(result["cpu"])
            cells.append(text)
            cpus.append(cpu)
            cells.append(f"{statistics.mean(result['alloc']):.0f}" if result["alloc"] else "-")
        ratios = []
        for wall, cpu in zip(walls[1:], cpus[1:]):
            first = f"{wall / walls[0]:.2f}" if wall and walls[0] else "-"
            second = f"{cpu / cpus[0]:.2f}" if cpu and cpus[0] else "-"
            ratios.append(f"{first} / {second}")
        shown = ", ".join(f"{k}={v}" for k, v in params)
        print(f"| {benchmark} | {shown} | {threads} | " + " | ".join(cells + ratios) + " |")


if __name__ == "__main__":
    main()
