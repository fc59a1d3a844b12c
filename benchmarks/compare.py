#!/usr/bin/env python3
"""Compares a JMH result (-rf json) with a stored baseline and fails on a regression.

    benchmarks/compare.py RESULT.json [BASELINE.json]   (default baseline: benchmarks/baseline/jmh-baseline.json)

A benchmark is one JMH benchmark with one set of parameters. For each one present in both files:
  * allocation (gc.alloc.rate.norm, B/op; needs -prof gc): on a hot path (pickers, rules) it must
    stay at most 1 B/op; elsewhere at most the baseline + 5 % (+ 1 B/op of slack);
  * time (the primary score; ns/op or us/op in AverageTime mode, lower is better): a regression is
    a score above the baseline by more than both error bars plus 5 %.
Prints one line per benchmark and exits 1 when any regressed, 2 on bad input, 0 otherwise.
"""
import json
import re
import sys
from pathlib import Path

HOT_PATHS = re.compile(r"(Picker|RoundRobin|SeedRules|Acl|StickTable)Benchmark")
ALLOCATION = "gc.alloc.rate.norm"


def load(path):
    try:
        runs = json.loads(Path(path).read_text())
    except (OSError, ValueError) as error:
        print(f"cannot read {path}: {error}", file=sys.stderr)
        sys.exit(2)
    results = {}
    for run in runs:
        params = ",".join(f"{k}={v}" for k, v in sorted((run.get("params") or {}).items()))
        key = run["benchmark"] + (f"[{params}]" if params else "")
        primary = run["primaryMetric"]
        allocation = (run.get("secondaryMetrics") or {}).get(ALLOCATION)
        results[key] = {
            "score": primary["score"],
            "error": primary.get("scoreError") or 0.0,
            "unit": primary.get("scoreUnit", ""),
            "mode": run.get("mode", "avgt"),
            "bytes": None if allocation is None else allocation["score"],
        }
    return results


def number(value):
    # JMH writes NaN for an error bar it could not compute (one iteration)
    return 0.0 if value != value else value


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    result = load(argv[1])
    baseline = load(argv[2] if len(argv) == 3 else Path(__file__).parent / "baseline" / "jmh-baseline.json")
    regressions = 0
    for key in sorted(result):
        if key not in baseline:
            print(f"new   {key}: {result[key]['score']:.3f} {result[key]['unit']}")
            continue
        now, then = result[key], baseline[key]
        problems = []
        if now["bytes"] is not None:
            if HOT_PATHS.search(key):
                if now["bytes"] > 1.0:
                    problems.append(f"allocates {now['bytes']:.1f} B/op on a hot path (limit 1)")
            elif then["bytes"] is not None and now["bytes"] > then["bytes"] * 1.05 + 1.0:
                problems.append(f"allocates {now['bytes']:.1f} B/op (baseline {then['bytes']:.1f})")
        slack = number(now["error"]) + number(then["error"]) + 0.05 * then["score"]
        slower = now["score"] > then["score"] + slack if now["mode"] != "thrpt" else now["score"] < then["score"] - slack
        if slower:
            problems.append(f"score {now['score']:.3f} vs {then['score']:.3f} {now['unit']} (beyond errors + 5 %)")
        status = "WORSE" if problems else "ok"
        regressions += bool(problems)
        detail = "; ".join(problems) if problems else (
            f"{now['score']:.3f} {now['unit']}" + ("" if now["bytes"] is None else f", {now['bytes']:.1f} B/op"))
        print(f"{status:5} {key}: {detail}")
    print(f"{regressions} regressed, {len(result) - regressions} within bounds")
    return 1 if regressions else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
