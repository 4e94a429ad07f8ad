"""Scaling: derivation time and output size for families of growing problems.

    python benchmarks/bench_scaling.py [--quick]

For k = 1, 2, 4, … 64: a sum of k bilinear forms Σ aᵢᵀXbᵢ, a chain tr(A₁X A₂X … A_kX)
and k nested inverses aᵀ(A_k + (… (A₁ + X)⁻¹ …)⁻¹)⁻¹b, each differentiated with
respect to X (a text is parsed on its first call; later calls find it read). Times are
CPU times of the process, which the other work of a busy machine disturbs far less
than wall-clock times, each the median of a few derivations after a first one. The
fitted exponent is the slope of log time against log k over k ≥ 8 (quick: k ≥ 2); the
output size is the length of the printed gradient with its `where` abbreviations.
"""
import argparse
import statistics
import sys
import time

import numpy as np

from timing import Table

FAMILIES = {
    "sum Σ aᵢᵀXbᵢ": lambda k: " + ".join(f"a{i}' X b{i}" for i in range(1, k + 1)),
    "chain tr(A₁X…A_kX)": lambda k: "tr(" + " ".join(f"A{i} X" for i in range(1, k + 1)) + ")",
    "nested inverse": lambda k: "a' " + _nested(k) + " b",
}
#: A family stops growing when one derivation takes longer than this (seconds).
PATIENCE = 60.0


def _nested(k):
    inner = "X"
    for i in range(1, k + 1):
        inner = f"inv(A{i} + {inner})"
    return inner


def measure(family, ks, rounds):
    """[(k, median seconds, output characters)] until a derivation outlasts PATIENCE or is
    refused (a LimitError: nesting beyond what the engine derives)."""
    import matcalc
    points = []
    for k in ks:
        text = FAMILIES[family](k)
        try:
            matcalc.grad(text, wrt="X")
        except matcalc.LimitError:
            break
        median = cpu_median(lambda: matcalc.grad(text, wrt="X"), rounds)
        points.append((k, median, len(str(matcalc.grad(text, wrt="X")))))
        if median > PATIENCE / rounds:
            break
    return points


def cpu_median(call, rounds):
    """The median CPU time of `rounds` calls, in seconds."""
    times = []
    for _ in range(rounds):
        started = time.process_time()
        call()
        times.append(time.process_time() - started)
    return statistics.median(times)


def exponent(points, smallest):
    """The slope of log y against log k over k ≥ smallest."""
    kept = [(k, y) for k, y in points if k >= smallest]
    if len(kept) < 2:
        return float("nan")
    return float(np.polyfit(np.log([k for k, _ in kept]), np.log([y for _, y in kept]), 1)[0])


def table(quick=False):
    ks, rounds, smallest = ([1, 2, 4, 8], 3, 2) if quick else ([1, 2, 4, 8, 16, 32, 64], 5, 8)
    rows = []
    for family in FAMILIES:
        points = measure(family, ks, rounds)
        timing = exponent([(k, t) for k, t, _ in points], smallest)
        size = exponent([(k, s) for k, _, s in points], smallest)
        rows.append([family, *(f"{1000 * t:.1f} ms / {s}" for _, t, s in points),
                     *("refused" for _ in range(len(ks) - len(points))), f"{timing:.2f}", f"{size:.2f}"])
    return Table("Scaling: derivation time and output size",
                 ["family", *(f"k = {k}" for k in ks), "time exponent", "size exponent"], rows,
                 note=(f"Each cell: median CPU time of {rounds} derivations after a first one / characters of the "
                       f"printed gradient; refused: deeper than the engine's nesting limit (or slower than "
                       f"{PATIENCE:.0f} s). Exponents: least-squares slopes of log time and log size "
                       f"against log k over k ≥ {smallest}."))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="k up to 8")
    print(table(parser.parse_args(argv).quick).markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main())
