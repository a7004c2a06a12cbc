#!/usr/bin/env python3
"""The README's benchmark table from two or more runs of bench.sh (their JSON files), one ratio column per run.

Usage: python3 benchmarks/table.py RUN1.json RUN2.json [...]
The speed columns are PyTorch's time per step over ours (above 1: ours is faster); the throughput columns are
the first run's medians (images/s, or ms per step where a step has no images).
"""
import json
import sys


def rate(side, images):
    if side is None:
        return "-"
    if images:
        return f"{side['images_per_second']:,.0f}/s"
    return f"{side['median_seconds_per_step'] * 1000:,.1f} ms"


def speed(case):
    if case is None:
        return "-"
    if not case.get("finite_losses", True):
        return "loss NaN"
    ratio = case.get("speed_vs_pytorch")
    return f"{ratio:.2f}x" if ratio is not None else "-"


def main(paths):
    runs = [json.load(open(p)) for p in paths]
    first = runs[0]["cases"]
    header = ["case", "what", "ours", "PyTorch"] + [f"speed, run {i + 1}" for i in range(len(runs))]
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for name, case in first.items():
        if "classicnets" not in case:  # the memory case has its own report
            continue
        images = case.get("images_per_step", 0)
        cells = [f"`{name}`", case["description"], rate(case["classicnets"], images), rate(case.get("pytorch"), images)]
        cells += [speed(run["cases"].get(name)) for run in runs]
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
