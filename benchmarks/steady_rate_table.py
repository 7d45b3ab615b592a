#!/usr/bin/env python3
"""Markdown tables of the steady-rate benchmark (benchmarks/steady-rate.sh).

Usage: steady_rate_table.py results.jsonl [wake-up.md] [run.txt]

Each configuration's figure is the median of its rounds (the mean of two); the range of the rounds
is shown beside it, and ratios are of medians from the same run. "Process CPU" is the producer, the
configuration's own threads and the rest of the JVM, without the JIT's compiler threads and the
measuring thread (both reported apart); see WindowUsage.java.
"""
import json
import statistics
import sys
from collections import defaultdict

ORDER = ["LOGBACK_SYNC", "ASYNC_APPENDER", "ASYNC_APPENDER_NEVER_BLOCK", "LOG4J2_ASYNC_LOGGERS", "STARTER",
         "ASYNC_APPENDER_TWO", "STARTER_TWO"]
# The two-destination configurations: the destination run and a second do-nothing appender.
TWO = ["ASYNC_APPENDER_TWO", "STARTER_TWO"]
DESTINATIONS = [("NOOP", "do-nothing appender"), ("FILE", "FileAppender")]


def load(path):
    runs = defaultdict(list)
    with open(path) as lines:
        for line in lines:
            line = line.strip()
            if line.startswith("{"):
                result = json.loads(line)
                if "linger" in result:
                    # The starter with a linger of its own (steady-rate.sh's STARTER_LINGERS).
                    result["config"] = f"STARTER:{result['linger']}"
                    result["label"] = f"this starter, linger {result['linger']}"
                runs[(result["config"], result["destination"], result["rate"])].append(result)
    variants = sorted({key[0] for key in runs if key[0].startswith("STARTER:")},
                      key=lambda config: duration_ns(config.split(":", 1)[1]))
    ORDER[ORDER.index("STARTER") + 1:ORDER.index("STARTER") + 1] = variants
    return runs


def duration_ns(text):
    """0, 500us, 2ms, 1s: the durations steady-rate.sh passes as --linger."""
    for unit, factor in (("ns", 1), ("us", 1_000), ("ms", 1_000_000), ("s", 1_000_000_000)):
        if text.endswith(unit) and text[:-len(unit)].isdigit():
            return int(text[:-len(unit)]) * factor
    return int(text) * 1_000_000


def starters():
    return [config for config in ORDER if config.startswith("STARTER") and config not in TWO]


def median(runs, key):
    values = [run[key] for run in runs if key in run]
    return statistics.median(values) if values else None


def ms(value):
    if value is None:
        return "-"
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def count(value):
    return "-" if value is None else f"{value:,.0f}"


def ratio(value, base):
    return "-" if value is None or not base else f"{value / base:.2f}"


def rounds(runs, key):
    values = [run[key] for run in runs]
    if len(values) < 2:
        return ""
    return f"{ms(min(values))}-{ms(max(values))}"


def held(runs):
    """The lowest share of the target rate a round logged in its window."""
    return f"{100 * min(run['events_per_s'] / run['rate'] for run in runs):.0f} %"


def label(runs):
    return runs[0]["label"]


def rate_name(rate):
    return f"{rate:,}/s"


def floors(runs, rates):
    print("### Floors: no logging\n")
    print("| rate | what | process CPU, ms/s | rounds | producer, ms/s | rest of the JVM, ms/s "
          "| context switches/s | with JIT and harness, ms/s |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for key in [("IDLE", "-", 0)] + [("NO_LOGGING", "-", rate) for rate in rates]:
        if key not in runs:
            continue
        r = runs[key]
        print(f"| {rate_name(key[2]) if key[2] else '-'} | {label(r)} | {ms(median(r, 'process_ms_per_s'))} "
              f"| {rounds(r, 'process_ms_per_s')} | {ms(median(r, 'producer_ms_per_s'))} "
              f"| {ms(median(r, 'jvm_ms_per_s'))} | {count(median(r, 'process_switches_per_s'))} "
              f"| {ms(median(r, 'whole_ms_per_s'))} |")
    print()


def destination_table(runs, rates, destination, title):
    print(f"### {title}\n")
    print("| rate | configuration | process CPU, ms/s | rounds | producer, ms/s | logging threads, ms/s "
          "| rest of the JVM, ms/s | context switches/s | × synchronous | × AsyncAppender "
          "| above no logging, ms/s | above no logging × AsyncAppender | delivery p50 / p99 | rate held |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for rate in rates:
        floor = median(runs.get(("NO_LOGGING", "-", rate), []), "process_ms_per_s")
        sync = median(runs.get(("LOGBACK_SYNC", destination, rate), []), "process_ms_per_s")
        async_appender = median(runs.get(("ASYNC_APPENDER", destination, rate), []), "process_ms_per_s")
        for config in ORDER:
            r = runs.get((config, destination, rate))
            if not r:
                continue
            cpu = median(r, "process_ms_per_s")
            above = None if floor is None else cpu - floor
            above_async = None if floor is None or async_appender is None else async_appender - floor
            latency = "-"
            if median(r, "latency_p50_us") is not None:
                latency = f"{ms(median(r, 'latency_p50_us'))} / {ms(median(r, 'latency_p99_us'))} µs"
            name = f"**{label(r)}**" if config.startswith("STARTER") else label(r)
            print(f"| {rate_name(rate)} | {name} | {ms(cpu)} | {rounds(r, 'process_ms_per_s')} "
                  f"| {ms(median(r, 'producer_ms_per_s'))} | {ms(median(r, 'logging_ms_per_s'))} "
                  f"| {ms(median(r, 'jvm_ms_per_s'))} | {count(median(r, 'process_switches_per_s'))} "
                  f"| {ratio(cpu, sync)} | {ratio(cpu, async_appender)} | {ms(above)} "
                  f"| {ratio(above, above_async) if above is not None and above_async and above_async > 0 else '-'} "
                  f"| {latency} | {held(r)} |")
    print()


def targets(runs, rates):
    print("### Target of issue 11: the starter's process CPU ÷ Logback AsyncAppender's (at most 0.8)\n")
    variants = [config for config in starters() if any(key[0] == config for key in runs)]
    first = "| destination | starter " if len(variants) > 1 else "| destination "
    print(first + "| " + " | ".join(rate_name(rate) for rate in rates) + " |")
    print("|---|" + ("---|" if len(variants) > 1 else "") + "---:|" * len(rates))
    for destination, title in DESTINATIONS:
        for config in variants:
            cells = []
            for rate in rates:
                starter = median(runs.get((config, destination, rate), []), "process_ms_per_s")
                async_appender = median(runs.get(("ASYNC_APPENDER", destination, rate), []), "process_ms_per_s")
                sync = median(runs.get(("LOGBACK_SYNC", destination, rate), []), "process_ms_per_s")
                cells.append(f"{ratio(starter, async_appender)} (× sync {ratio(starter, sync)})")
            variant = f"| {config.split(':', 1)[1] if ':' in config else 'default'} " if len(variants) > 1 else ""
            print(f"| {title} {variant}| " + " | ".join(cells) + " |")
    print()


def two_destinations(runs, rates):
    if not any(key[0] in TWO for key in runs):
        return
    print("### Two destinations (the destination and a second do-nothing appender): the starter ÷ "
          "two Logback AsyncAppenders, process CPU (ms/s, medians)\n")
    print("| destination | " + " | ".join(rate_name(rate) for rate in rates) + " |")
    print("|---|" + "---:|" * len(rates))
    for destination, title in DESTINATIONS:
        cells = []
        for rate in rates:
            starter = median(runs.get(("STARTER_TWO", destination, rate), []), "process_ms_per_s")
            async_appenders = median(runs.get(("ASYNC_APPENDER_TWO", destination, rate), []), "process_ms_per_s")
            cells.append(f"{ratio(starter, async_appenders)} ({ms(starter)} / {ms(async_appenders)})")
        print(f"| {title} + do-nothing | " + " | ".join(cells) + " |")
    print()


def threads(runs, rates):
    print("### The configuration's own threads at the window's end (all rounds, rates and destinations)\n")
    print("| configuration | threads |")
    print("|---|---|")
    for config in ORDER:
        counts = sorted({run["logging_threads"] for key, r in runs.items() if key[0] == config for run in r
                         if "logging_threads" in run})
        if counts:
            some = next(r for key, r in runs.items() if key[0] == config)
            print(f"| {label(some)} | {', '.join(str(count) for count in counts)} |")
    print()


def wake_ups(runs, rates):
    print("### Who wakes: CPU (ms/s) and context switches (/s) of the producer and of the logging threads\n")
    print("| destination | configuration | " + " | ".join(
        f"{rate_name(rate)}: producer ms/s, switches/s | worker ms/s, switches/s" for rate in rates) + " |")
    print("|---|---|" + "---:|---:|" * len(rates))
    for destination, title in DESTINATIONS:
        for config in ["NO_LOGGING"] + ORDER:
            cells = []
            found = None
            for rate in rates:
                r = runs.get((config, "-" if config == "NO_LOGGING" else destination, rate))
                if not r:
                    cells += ["-", "-"]
                    continue
                found = r
                cells.append(f"{ms(median(r, 'producer_ms_per_s'))}, {count(median(r, 'producer_switches_per_s'))}")
                cells.append(f"{ms(median(r, 'logging_ms_per_s'))}, {count(median(r, 'logging_switches_per_s'))}"
                             if config not in ("NO_LOGGING", "LOGBACK_SYNC") else "-")
            if found:
                print(f"| {title} | {label(found)} | " + " | ".join(cells) + " |")
    print()


def per_event(runs, rates):
    print("### Per event, the configuration's own threads (worker): CPU and context switches\n")
    asynchronous = [config for config in ORDER if config != "LOGBACK_SYNC"]
    print("| destination | configuration | " + " | ".join(f"{rate_name(rate)}: µs, switches" for rate in rates)
          + " |")
    print("|---|---|" + "---:|" * len(rates))
    for destination, title in DESTINATIONS:
        for config in asynchronous:
            if not any(key[0] == config for key in runs):
                continue
            cells = []
            for rate in rates:
                r = runs.get((config, destination, rate))
                if not r:
                    cells.append("-")
                    continue
                cpu = statistics.median(run["logging_ms_per_s"] * 1000 / run["events_per_s"] for run in r)
                switches = statistics.median(run["logging_switches_per_s"] / run["events_per_s"] for run in r)
                cells.append(f"{ms(cpu)}, {switches:.2f}")
            some = next(r for key, r in runs.items() if key[0] == config)
            print(f"| {title} | {label(some)} | " + " | ".join(cells) + " |")
    print()


def latency(runs, rates):
    print("### The starter's delivery latency (its own timer, in a window after the CPU's, so that recording it is not counted)\n")
    variants = [config for config in starters() if any(key[0] == config for key in runs)]
    many = len(variants) > 1
    print("| rate | destination | " + ("linger | " if many else "")
          + "events | p50 µs | p99 µs | p99.9 µs | max µs | p99 of each round |")
    print("|---|---|" + ("---|" if many else "") + "---:|---:|---:|---:|---:|---:|")
    for rate in rates:
        for destination, title in DESTINATIONS:
            for config in variants:
                r = runs.get((config, destination, rate))
                if not r or median(r, "latency_p50_us") is None:
                    continue
                each = ", ".join(ms(run.get("latency_p99_us")) for run in r)
                variant = (f"{config.split(':', 1)[1] if ':' in config else 'default'} | ") if many else ""
                print(f"| {rate_name(rate)} | {title} | {variant}{count(median(r, 'latency_count'))} "
                      f"| {ms(median(r, 'latency_p50_us'))} | {ms(median(r, 'latency_p99_us'))} "
                      f"| {ms(median(r, 'latency_p999_us'))} | {ms(median(r, 'latency_max_us'))} | {each} |")
    print()


def noise(runs):
    print("### How steady the run was\n")
    spreads = []
    for key, r in runs.items():
        values = [run["process_ms_per_s"] for run in r]
        if len(values) > 1 and statistics.median(values) > 0:
            spreads.append(((max(values) - min(values)) / statistics.median(values), key))
    everything = [run for r in runs.values() for run in r]
    if spreads:
        spreads.sort()
        worst = spreads[-1]
        print(f"- Spread between rounds, (max - min) / median of process CPU: median "
              f"{100 * statistics.median(s for s, _ in spreads):.0f} %, largest {100 * worst[0]:.0f} % "
              f"({worst[1][0]} {worst[1][1]} {rate_name(worst[1][2])}).")
    others = [run["others_ms_per_s"] for run in everything]
    print(f"- The rest of the machine during the windows (2,000 ms/s = both vCPUs): median "
          f"{ms(statistics.median(others))} ms/s, from {ms(min(others))} to {ms(max(others))}.")
    jit = [run["jit_ms_per_s"] for run in everything]
    print(f"- JIT compiler threads in the windows (left out of process CPU): median {ms(statistics.median(jit))} "
          f"ms/s, at most {ms(max(jit))}; warm-up {min(run['warmup_s'] for run in everything):.1f}"
          f"-{max(run['warmup_s'] for run in everything):.1f} s.")
    short = [(run["events_per_s"] / run["rate"], run) for run in everything if run["rate"]]
    if short:
        worst_rate = min(short, key=lambda item: item[0])
        print(f"- Rate held: at least {100 * worst_rate[0]:.1f} % of the target in every window "
              f"(lowest: {worst_rate[1]['config']} {worst_rate[1]['destination']} {rate_name(worst_rate[1]['rate'])}).")
    # In the window: what was logged minus what arrived, beyond what can be in flight at its edges.
    in_window = [run for run in everything if run["config"] not in ("IDLE", "NO_LOGGING")
                 and (run["events_per_s"] - run["delivered_per_s"]) * run["window_s"] > 2
                 + 0.002 * run["events_per_s"] * run["window_s"]]
    for run in in_window:
        print(f"- Lost in the window: {run['config']} {run['destination']} {rate_name(run['rate'])} round "
              f"{run['round']}: {run['delivered_per_s']:,.0f} of {run['events_per_s']:,.0f} events/s delivered.")
    if not in_window:
        print("- In every window every event logged reached the destination.")
    warm = defaultdict(list)
    for run in everything:
        if run["config"] not in ("IDLE", "NO_LOGGING") and run["delivered"] < run["produced"] and run not in in_window:
            warm[run["config"]].append(run["produced"] - run["delivered"])
    for config, losses in warm.items():
        print(f"- Lost outside the window only (in the 10,000 events/s pre-warm with the JIT still compiling, or at the stop): {config} in "
              f"{len(losses)} runs, {min(losses):,} to {max(losses):,} events.")
    print()


def main():
    runs = load(sys.argv[1])
    rates = sorted({key[2] for key in runs if key[2]})
    if len(sys.argv) > 3:
        print("Run:\n")
        with open(sys.argv[3]) as info:
            for line in info:
                print(f"- {line.strip()}")
        print()
    floors(runs, rates)
    for destination, title in DESTINATIONS:
        destination_table(runs, rates, destination, f"To a {title}")
    targets(runs, rates)
    two_destinations(runs, rates)
    threads(runs, rates)
    per_event(runs, rates)
    wake_ups(runs, rates)
    latency(runs, rates)
    noise(runs)
    if len(sys.argv) > 2:
        print("### What one wake-up costs here (WakeUpCost)\n")
        with open(sys.argv[2]) as wake:
            print(wake.read())


if __name__ == "__main__":
    main()
