"""What the opt-in input checks of generated code cost, as ratios to the default function.

    python benchmarks/bench_input_checks.py            # n = 200
    python benchmarks/bench_input_checks.py --quick    # n = 20, a few repeats: does it run?

The default function is the generated code itself (the checks wrap it only when asked),
so its own time is the baseline; run this file from another checkout to compare the
default time across versions. Rows: the default call, the call with `check_finite=True`,
with `real_inputs=True`, and the default function given `lam=` for λ (its spelled name,
looked up only once `λ` is found missing). Medians over repeats in one process.
"""
import argparse
import statistics
import time

import numpy as np

import matcalc

EXPRESSION, WRT = "‖X w − y‖² + λ‖w‖² + aᵀ inv(S) b", "w"


def median_time(call, repeats, number):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(number):
            call()
        times.append((time.perf_counter() - start) / number)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    arguments = parser.parse_args()
    n, repeats, number = (20, 3, 20) if arguments.quick else (200, 15, 200)
    rng = np.random.default_rng(0)
    inputs = {"X": rng.standard_normal((2 * n, n)), "w": rng.standard_normal(n), "y": rng.standard_normal(2 * n),
              "a": rng.standard_normal(n), "S": rng.standard_normal((n, n)) + n * np.eye(n), "b": rng.standard_normal(n)}
    result = matcalc.grad(EXPRESSION, wrt=WRT)
    default = result.numpy()
    rows = {
        "default": lambda: default(**inputs, λ=0.5),
        "check_finite=True": (lambda f: lambda: f(**inputs, λ=0.5))(result.numpy(check_finite=True)),
        "real_inputs=True": (lambda f: lambda: f(**inputs, λ=0.5))(result.numpy(real_inputs=True)),
        "default, lam= for λ": lambda: default(**inputs, lam=0.5),
    }
    reference = rows["default"]()
    for call in rows.values():
        assert np.allclose(call(), reference)
    base = median_time(rows["default"], repeats, number)
    print(f"{EXPRESSION} wrt {WRT}, n = {n}: default {base * 1e6:.1f} µs per call")
    for name, call in rows.items():
        print(f"  {name:<22} {median_time(call, repeats, number) / base:6.3f}")


if __name__ == "__main__":
    main()
