"""Shared by the examples: median wall time of a call, in milliseconds."""
import statistics
import time


def median_ms(function, repeats=7):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def report(title, result, generated, naive, inputs):
    """Print the derivation, the numerical check and generated-versus-naive timings."""
    import numpy as np
    print(f"== {title}")
    print(result.steps)
    print()
    print("result:", result)
    print(result.check(points=2, seed=0))
    assert np.allclose(generated(**inputs), naive(**inputs)), "generated and naive code disagree"
    fast, slow = median_ms(lambda: generated(**inputs)), median_ms(lambda: naive(**inputs))
    print(f"generated code {fast:.2f} ms, naive NumPy {slow:.2f} ms ({slow / fast:.1f}× faster)")
