#!/usr/bin/env python3
"""The table of benchmarks/jmh-interleaved.sh.

Usage: interleaved_table.py OUT_DIR LABEL [LABEL ...]

Reads OUT_DIR/<label>-round<n>.json (JMH, average time in ns, -prof gc) and prints, per benchmark,
parameters and thread count: each label's ns per call (mean of the rounds' scores, each round one
fork) with the rounds' range, its bytes allocated per call, and every label's ratio to the first.
"""
import glob
import json
import os
import statistics
import sys
from collections import defaultdict


def load(directory, label):
    results = defaultdict(lambda: {"score": [], "alloc": []})
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
    return results


def number(value):
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def main():
    directory, labels = sys.argv[1], sys.argv[2:]
    data = {label: load(directory, label) for label in labels}
    keys = []
    for label in labels:
        for key in data[label]:
            if key not in keys:
                keys.append(key)
    header = "| benchmark | parameters | threads | " + " | ".join(
        f"{label}: ns/call (rounds) | {label}: B/call" for label in labels)
    header += "".join(f" | {label} ÷ {labels[0]}" for label in labels[1:]) + " |"
    print(header)
    print("|---|---|---:|" + "---:|---:|" * len(labels) + "---:|" * (len(labels) - 1))
    for key in keys:
        benchmark, params, threads = key
        cells = []
        means = []
        for label in labels:
            result = data[label].get(key)
            if not result or not result["score"]:
                cells += ["-", "-"]
                means.append(None)
                continue
            scores = result["score"]
            mean = statistics.mean(scores)
            means.append(mean)
            spread = f" ({'-'.join(number(s) for s in sorted(scores))})" if len(scores) > 1 else ""
            cells.append(number(mean) + spread)
            cells.append(f"{statistics.mean(result['alloc']):.0f}" if result["alloc"] else "-")
        ratios = [f"{m / means[0]:.2f}" if m and means[0] else "-" for m in means[1:]]
        shown = ", ".join(f"{k}={v}" for k, v in params)
        print(f"| {benchmark} | {shown} | {threads} | " + " | ".join(cells + ratios) + " |")


if __name__ == "__main__":
    main()
