"""Shared by the examples: the derivation, its check, and generated code timed against NumPy."""
import statistics
import sys
import time


def median_ms(functions, repeats=9):
    """The median milliseconds of a call of each function, taken in turn (each first in
    turn), so that a change in the machine's load falls on all of them alike."""
    times = [[] for _ in functions]
    for function in functions:
        function()  # warm up
    for round_ in range(repeats):
        for i in sorted(range(len(functions)), key=lambda i: (i - round_) % len(functions)):
            start = time.perf_counter()
            functions[i]()
            times[i].append(time.perf_counter() - start)
    return [1000 * statistics.median(spans) for spans in times]


def report(title, result, generated, naive, inputs):
    """Print the derivation, the numerical check and generated-versus-naive timings;
    exit with an error when the check fails or the two codes disagree."""
    import numpy as np
    print(f"== {title}")
    print(result.steps)
    print()
    print("result:", result)
    check = result.check(points=2, seed=0)
    print(check)
    if not check.passed:
        sys.exit(f"{title}: the numerical check failed")
    if not np.allclose(generated(**inputs), naive(**inputs)):
        sys.exit(f"{title}: the generated and the naive code disagree")
    print(timing(generated, naive, inputs))


def timing(generated, naive, inputs):
    """'generated code 1.2 ms, naive NumPy 3.4 ms: 2.8× faster' (or slower)."""
    mine, theirs = median_ms([lambda: generated(**inputs), lambda: naive(**inputs)])
    verdict = f"{theirs / mine:.1f}× faster" if mine <= theirs else f"{mine / theirs:.1f}× slower"
    return f"generated code {mine:.2f} ms, naive NumPy {theirs:.2f} ms: {verdict}"
