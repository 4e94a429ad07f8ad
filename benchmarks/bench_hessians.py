"""Generated Hessians and Hessian-vector products against JAX's, side by side, one thread.

    python benchmarks/bench_hessians.py             # n = 1000
    python benchmarks/bench_hessians.py --quick     # n = 50, a few repeats: does it run?

The Hessian of xᵀAx and of the logistic loss Σ softplus(Xw) − yᵀXw (X: 2n×n), from
`matcalc.hessian(...).numpy()`, against jax.jit(jax.hessian(f)); and the Hessian-vector
product of ‖AXB − C‖²_F: from scratch (`hvp().numpy()` given X and V), and per V at a
prepared point (`hvp().numpy().at(**point)`, the parts AᵀA and BBᵀ computed before the
timing), against jax.jit of jax.jvp(jax.grad(f)) and, per V, of the function that
jax.linearize(jax.grad(f), X) returns (its linearization computed before the timing).
Every pair is first checked to agree. BLAS and XLA are held to one thread so that
neither gains from the cores the other leaves idle. The table gives medians over
repeats in this one process (JAX's compilation excluded), of the wall time and of the
process's CPU time (which a machine's other load does not inflate as it does the wall
time), and JAX's time over ours: above 1, the generated code is faster.
"""
import os

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")
os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")

import argparse  # noqa: E402 — after the thread settings, which the libraries read on import
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from typing import Callable  # noqa: E402

import numpy as np  # noqa: E402

import matcalc  # noqa: E402


@dataclass(frozen=True)
class Problem:
    name: str
    ours: Callable        # n -> (callable, inputs): the generated code and its keyword inputs
    theirs: Callable      # (jax, inputs) -> a jitted callable of the same inputs, positionally


def quadratic_form(n, rng):
    hessian = matcalc.hessian("x' A x", wrt="x")
    return hessian.numpy(), {"x": rng.standard_normal(n), "A": rng.standard_normal((n, n))}


def quadratic_form_jax(jax, inputs):
    jitted = jax.jit(jax.hessian(lambda x, A: x @ A @ x))
    return lambda: jitted(inputs["x"], inputs["A"])


def logistic_loss(n, rng):
    hessian = matcalc.hessian("sum(softplus(X w)) - y' X w", wrt="w", where="X: 2n×n")
    inputs = {"X": rng.standard_normal((2 * n, n)) / np.sqrt(n), "w": rng.standard_normal(n),
              "y": rng.integers(0, 2, 2 * n).astype(float)}
    return hessian.numpy(), inputs


def logistic_loss_jax(jax, inputs):
    def loss(w, X, y):
        margins = X @ w
        return jax.numpy.sum(jax.nn.softplus(margins)) - y @ margins
    jitted = jax.jit(jax.hessian(loss))
    return lambda: jitted(inputs["w"], inputs["X"], inputs["y"])


def least_squares_hvp(n, rng):
    hessian = matcalc.hessian("‖A X B − C‖²", wrt="X")
    names = ("A", "X", "B", "C", hessian.direction.name)
    return hessian.hvp().numpy(), {name: rng.standard_normal((n, n)) for name in names}


def least_squares_hvp_jax(jax, inputs):
    def objective(X, A, B, C):
        return jax.numpy.sum((A @ X @ B - C) ** 2)

    def product(X, V, A, B, C):
        return jax.jvp(lambda Y: jax.grad(objective)(Y, A, B, C), (X,), (V,))[1]
    jitted = jax.jit(product)
    return lambda: jitted(inputs["X"], inputs["V"], inputs["A"], inputs["B"], inputs["C"])


def prepared_hvp(n, rng):
    product, inputs = least_squares_hvp(n, rng)
    apply = product.at(**{name: value for name, value in inputs.items() if name != "V"})
    return lambda **given: apply(given["V"]), inputs


def linearized_hvp_jax(jax, inputs):
    def gradient(X):
        return jax.grad(lambda Y: jax.numpy.sum((inputs["A"] @ Y @ inputs["B"] - inputs["C"]) ** 2))(X)
    _, linear = jax.linearize(gradient, inputs["X"])
    jitted = jax.jit(linear)
    return lambda: jitted(inputs["V"])


PROBLEMS = [Problem("Hessian of xᵀAx", quadratic_form, quadratic_form_jax),
            Problem("Hessian of the logistic loss", logistic_loss, logistic_loss_jax),
            Problem("HVP of ‖AXB − C‖²", least_squares_hvp, least_squares_hvp_jax),
            Problem("HVP per V, prepared", prepared_hvp, least_squares_hvp_jax),
            Problem("  vs jax.linearize", prepared_hvp, linearized_hvp_jax)]


def median_times(run, repeats):
    """Medians of the wall time and of the process's CPU time (every thread of it) of a run."""
    walls, cpus = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="n = 50 and three repeats")
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)
    n, repeats = (50, 3) if args.quick else (args.n, args.repeats)
    try:
        import jax
    except ImportError:
        print("JAX is not installed: nothing to compare against", file=sys.stderr)
        return 0
    jax.config.update("jax_enable_x64", True)
    print(f"n = {n}, one thread, medians of {repeats}")
    print(f"{'problem':32}{'matcalc ms':>12}{'JAX ms':>12}{'JAX / matcalc':>15}{'CPU ms':>10}{'JAX CPU ms':>12}"
          f"{'CPU ratio':>11}")
    for problem in PROBLEMS:
        ours, inputs = problem.ours(n, np.random.default_rng(0))
        run_ours = lambda: ours(**inputs)  # noqa: E731
        run_theirs = problem.theirs(jax, inputs)
        expected = np.asarray(run_theirs())
        got = np.reshape(run_ours(), expected.shape)
        if not np.allclose(got, expected, rtol=1e-8, atol=1e-8 * np.abs(expected).max()):
            print(f"{problem.name}: matcalc and JAX disagree", file=sys.stderr)
            return 1
        jax.block_until_ready(run_theirs())
        mine, my_cpu = median_times(run_ours, repeats)
        theirs, their_cpu = median_times(lambda: jax.block_until_ready(run_theirs()), repeats)
        print(f"{problem.name:32}{1e3 * mine:12.2f}{1e3 * theirs:12.2f}{theirs / mine:15.1f}"
              f"{1e3 * my_cpu:10.1f}{1e3 * their_cpu:12.1f}{their_cpu / my_cpu:11.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
