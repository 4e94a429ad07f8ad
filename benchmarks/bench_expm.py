"""∇ tr(A expm(X)) from matcalc's generated code against jax.grad of the same function.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python benchmarks/bench_expm.py
    python benchmarks/bench_expm.py --quick        # n = 30, a few repeats: does it run?

matcalc derives the gradient L_exp(Xᵀ, Aᵀ), the Fréchet derivative of expm at Xᵀ in the
direction Aᵀ, which the generated NumPy code computes with scipy.linalg.expm_frechet and the
generated JAX code with jax.scipy.linalg.expm_frechet. The reference is
jax.jit(jax.grad(f)) for f(X) = tr(A jax.scipy.linalg.expm(X)): reverse mode through the
Padé approximant and its squarings. All agree before they are timed, in float64; each is
timed in turn with the reference (see bench_generated.median_seconds), and the table gives
medians and their ratios to the reference: below 1 is faster than jax.grad.
"""
import argparse
import os
import sys

import numpy as np

import matcalc
from bench_generated import median_seconds

EXPRESSION = "tr(A expm(X))"


def sample(n, rng):
    """A of unit entries and X of norm about 2, where expm needs a few squarings."""
    return {"A": rng.standard_normal((n, n)), "X": rng.standard_normal((n, n)) / np.sqrt(n)}


def implementations():
    """name → gradient(**inputs) as a NumPy array; the first is the reference."""
    import jax
    import jax.numpy as jnp
    import jax.scipy.linalg
    jax.config.update("jax_enable_x64", True)
    by_grad = jax.jit(jax.grad(lambda X, A: jnp.trace(A @ jax.scipy.linalg.expm(X))))
    result = matcalc.grad(EXPRESSION, "X")
    generated_jax = jax.jit(result.jax())
    return {
        "jax.grad": lambda A, X: np.asarray(by_grad(X, A)),
        "generated NumPy": result.numpy(),
        "generated JAX": lambda A, X: np.asarray(generated_jax(A=A, X=X)),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="n = 30 and 3 repeats: only that it runs")
    parser.add_argument("sizes", type=int, nargs="*", default=[200], help="the sizes n (default 200)")
    args = parser.parse_args(argv)
    sizes, repeats = ([30], 3) if args.quick else (args.sizes, 7)
    try:
        candidates = implementations()
    except ImportError:
        print("JAX is not installed: install matcalc[jax] to compare with jax.grad")
        return 0
    reference, *others = candidates
    print(f"∇ {EXPRESSION}: median time as a ratio to jax.jit(jax.grad(f)) (≥ {repeats} repeats; BLAS threads: "
          f"{os.environ.get('OPENBLAS_NUM_THREADS', 'default')}; load average {os.getloadavg()[0]:.1f})")
    print(f"{'n':>6}{reference:>14}" + "".join(f"{name + ' / ' + reference:>32}" for name in others))
    rng = np.random.default_rng(0)
    for n in sizes:
        inputs = sample(n, rng)
        expected = candidates[reference](**inputs)
        for name in others:
            value = candidates[name](**inputs)
            assert np.allclose(value, expected, rtol=1e-8, atol=1e-10 * np.abs(expected).max()), (
                f"n = {n}: {name} and {reference} disagree (largest difference {np.abs(value - expected).max():.2e})")
        pairs = {name: median_seconds({reference: candidates[reference], name: candidates[name]}, inputs, repeats,
                                      budget=0.05 if args.quick else 2.0) for name in others}
        seconds = pairs[others[0]][reference]
        print(f"{n:>6}{1000 * seconds:>11.2f} ms"
              + "".join(f"{pairs[name][name] / pairs[name][reference]:>32.2f}" for name in others), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
