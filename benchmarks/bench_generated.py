"""Generated gradient code against the best hand-written NumPy/SciPy closed forms.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python benchmarks/bench_generated.py
    python benchmarks/bench_generated.py --quick        # n = 50, a few repeats: does it run?

On a shared machine, OPENBLAS_NUM_THREADS=1 keeps busy cores from distorting the medians.

For each problem, `matcalc.grad(...).numpy()` is timed against a closed form written
by hand the way a careful person would (solves instead of inverses, Cholesky where
the matrix is positive definite, vectors kept as vectors), and, where installed,
against jax.jit(jax.grad(f)), torch.func.grad(f) and autograd.grad(f) of the objective itself. Every
implementation is first checked to agree with the hand-written one. The table gives
medians over repeats in this one process, as ratios to the hand-written time: below
1 is faster than by hand.
"""
import argparse
import json
import os
import statistics
import sys
import time
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Callable

import numpy as np
import scipy.linalg

import matcalc


@dataclass(frozen=True)
class Problem:
    name: str
    expression: str
    wrt: str
    where: str
    sample: Callable      # (n, rng) -> {variable name: array}
    by_hand: Callable     # the gradient, written by hand
    objective: Callable   # (xp, **inputs) -> the scalar, for JAX and PyTorch


# ------------------------------------------------------------ a' X⁻¹ b with respect to X

def inverse_form_by_hand(a, X, b):
    """∇ = −X⁻ᵀabᵀX⁻ᵀ = −(X⁻ᵀa)(X⁻¹b)ᵀ: one LU factorization, two solves, an outer product."""
    factors = scipy.linalg.lu_factor(X, check_finite=False)
    left = scipy.linalg.lu_solve(factors, a, trans=1, check_finite=False)
    right = scipy.linalg.lu_solve(factors, b, check_finite=False)
    return -np.outer(left, right)


def inverse_form_sample(n, rng):
    return {"a": rng.standard_normal(n), "b": rng.standard_normal(n),
            "X": rng.standard_normal((n, n)) + np.sqrt(n) * np.eye(n)}


# ------------------------------------------------------------ logdet(S), S positive definite

def logdet_by_hand(S):
    """∇ = S⁻¹ for symmetric S: Cholesky S = LLᵀ, then the inverse from L (LAPACK potri)."""
    factor, _ = scipy.linalg.lapack.dpotrf(S, lower=False)
    inverse, _ = scipy.linalg.lapack.dpotri(factor, lower=False)  # upper triangle only
    return np.triu(inverse) + np.triu(inverse, 1).T


def logdet_sample(n, rng):
    root = rng.standard_normal((n, n))
    return {"S": root @ root.T / n + np.eye(n)}


# ------------------------------------------------------------ seed 002

def seed_002_by_hand(u1, u2, W, E, λ):
    """With M = WEWᵀ + λI, p = M⁻¹Wᵀu₂ and q = M⁻¹Wᵀu₁ (M is symmetric), the gradient is
    u₁pᵀ + u₂qᵀ − q(EWᵀp)ᵀ − p(EWᵀq)ᵀ: the rank-two Sym(u₁u₂ᵀ) never becomes a matrix, and
    one factorization of M serves both solves (LU: M may be indefinite, and LAPACK's
    symmetric-indefinite factorization is slower in practice)."""
    M = W @ E @ W.T
    M[np.diag_indices_from(M)] += λ
    factors = scipy.linalg.lu_factor(M, overwrite_a=True, check_finite=False)
    p, q = scipy.linalg.lu_solve(factors, np.stack([W.T @ u2, W.T @ u1], axis=1), check_finite=False).T
    return np.outer(u1, p) + np.outer(u2, q) - np.outer(q, E @ (W.T @ p)) - np.outer(p, E @ (W.T @ q))


def seed_002_sample(n, rng):
    e = rng.standard_normal((n, n))
    return {"u1": rng.standard_normal(n), "u2": rng.standard_normal(n),
            "W": rng.standard_normal((n, n)) / np.sqrt(n), "E": (e + e.T) / (2 * np.sqrt(n)), "λ": 2.0}


# ------------------------------------------------------------ seed 001

def seed_001_by_hand(H_R, H_I, A, B, Z, W, P, S):
    """∇_{H_R} = 2(AD + C₁₁ + C₂₂) with D = I ⊙ (H_RᵀA + H_IᵀB − Z) and C = (HPSᵀ − W)SPᵀ in
    n×n blocks, H = [H_R, −H_I; H_I, H_R]. D needs only column sums (diag(XᵀY) = Σᵢ Xᵢⱼ Yᵢⱼ),
    AD scales columns, and C's diagonal blocks are R_top T_topᵀ + R_bot T_botᵀ with T = PSᵀ."""
    n = len(H_R)
    d = np.einsum("ij,ij->j", H_R, A) + np.einsum("ij,ij->j", H_I, B) - np.diagonal(Z)
    T = P @ S.T
    R = np.block([[H_R, -H_I], [H_I, H_R]]) @ T - W
    return 2 * (A * d + R[:n] @ T[:n].T + R[n:] @ T[n:].T)


def seed_001_sample(n, rng):
    square = lambda: rng.standard_normal((n, n))  # noqa: E731
    return {"H_R": square(), "H_I": square(), "A": square(), "B": square(), "Z": square(),
            "W": rng.standard_normal((2 * n, n)), "P": rng.standard_normal((2 * n, n)), "S": square()}


PROBLEMS = (
    Problem("aᵀX⁻¹b  wrt X", "a' inv(X) b", "X", "", inverse_form_sample, inverse_form_by_hand,
            lambda xp, a, X, b: a @ xp.solve(X, b)),
    Problem("logdet(S)  wrt S", "logdet(S)", "S", "S: n×n spd", logdet_sample, logdet_by_hand,
            lambda xp, S: xp.slogdet(S)[1]),
    Problem("seed 002  wrt W", "u1ᵀ W (W E Wᵀ + λI)⁻¹ Wᵀ u2", "W", "E: n×n symmetric, λ > 0",
            seed_002_sample, seed_002_by_hand,
            lambda xp, u1, u2, W, E, λ: u1 @ W @ xp.solve(W @ E @ W.T + λ * xp.eye(len(W)), W.T @ u2)),
    Problem("seed 001  wrt H_R", "‖Z − I ⊙ (H_RᵀA + H_IᵀB)‖_F² + ‖W − [H_R, −H_I; H_I, H_R] P Sᵀ‖_F²",
            "H_R", "H_R: n×n, H_I: n×n", seed_001_sample, seed_001_by_hand,
            lambda xp, H_R, H_I, A, B, Z, W, P, S: (
                xp.sum((Z - xp.eye(len(Z)) * (H_R.T @ A + H_I.T @ B)) ** 2)
                + xp.sum((W - xp.concat([xp.concat([H_R, -H_I], 1), xp.concat([H_I, H_R], 1)], 0)
                          @ P @ S.T) ** 2))),
)


# ------------------------------------------------------------ the other implementations

def generated(problem):
    return matcalc.grad(problem.expression, wrt=problem.wrt, where=problem.where or None).numpy()


def frameworks():
    """{column name: (problem, inputs) -> gradient callable} for JAX, PyTorch and autograd where
    installed."""
    found = {}
    try:
        import jax
        import jax.numpy as jnp
        jax.config.update("jax_enable_x64", True)
        jax_xp = SimpleNamespace(solve=jnp.linalg.solve, slogdet=jnp.linalg.slogdet, eye=jnp.eye,
                                 sum=jnp.sum, concat=jnp.concatenate)
        found["jax"] = lambda problem, inputs: _framework_gradient(
            problem, inputs, jax_xp, lambda f, k: jax.jit(jax.grad(f, argnums=k)), jnp.asarray,
            lambda value: np.asarray(value.block_until_ready()))
    except ImportError:
        pass
    try:
        import torch
        import torch.func
        torch_xp = SimpleNamespace(solve=torch.linalg.solve, slogdet=torch.linalg.slogdet, eye=torch.eye,
                                   sum=torch.sum, concat=torch.cat)
        found["torch"] = lambda problem, inputs: _framework_gradient(
            problem, inputs, torch_xp, lambda f, k: torch.func.grad(f, argnums=k),
            lambda value: torch.as_tensor(value, dtype=torch.float64), lambda value: value.numpy())
    except ImportError:
        pass
    try:
        import autograd
        import autograd.numpy as anp
        autograd_xp = SimpleNamespace(solve=anp.linalg.solve, slogdet=anp.linalg.slogdet, eye=anp.eye,
                                      sum=anp.sum, concat=anp.concatenate)
        found["autograd"] = lambda problem, inputs: _framework_gradient(
            problem, inputs, autograd_xp, lambda f, k: autograd.grad(f, argnum=k), np.asarray, np.asarray)
    except ImportError:
        pass
    return found


def _framework_gradient(problem, inputs, xp, differentiate, to_array, to_numpy):
    names = list(inputs)
    gradient = differentiate(lambda *values: problem.objective(xp, **dict(zip(names, values))),
                             names.index(problem.wrt))
    arrays = [to_array(inputs[name]) for name in names]
    return lambda **_: to_numpy(gradient(*arrays))


# ------------------------------------------------------------ measuring

def median_seconds(implementations, inputs, repeats, budget):
    """{name: median seconds of a call}, the calls taken in turn (one of each per round, a
    different one first each round), so that a change in the machine's load falls on
    every implementation alike; fast calls get more rounds, up to about `budget` seconds."""
    times = {name: [] for name in implementations}
    for function in implementations.values():
        function(**inputs)  # warm up: caches, JIT compilation
    start = time.perf_counter()
    for function in implementations.values():
        function(**inputs)
    one_round = time.perf_counter() - start
    names = list(implementations)
    for round_ in range(max(repeats, min(200, int(budget / one_round)))):
        for name in names[round_ % len(names):] + names[:round_ % len(names)]:  # each goes first in turn
            function = implementations[name]
            start = time.perf_counter()
            function(**inputs)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(spans) for name, spans in times.items()}


def measure(problem, n, repeats, others, rng, budget, with_generated=True):
    """The hand-written time and every other implementation's ratio to it, after checking
    that they all agree."""
    inputs = problem.sample(n, rng)
    expected = problem.by_hand(**inputs)
    implementations = {"generated": generated(problem)} if with_generated else {}
    implementations.update({name: make(problem, inputs) for name, make in others.items()})
    for name, gradient in implementations.items():
        value = np.asarray(gradient(**inputs))
        assert np.allclose(value, expected, rtol=1e-7, atol=1e-9 * np.abs(expected).max()), (
            f"{problem.name}, n = {n}: {name} and the hand-written gradient disagree "
            f"(largest difference {np.abs(value - expected).max():.2e})")
    # Each against the hand-written one alone: a framework's idle threads slow whatever runs next.
    pairs = {name: median_seconds({"by hand": problem.by_hand, name: gradient}, inputs, repeats, budget)
             for name, gradient in implementations.items()}
    return (next(iter(pairs.values()))["by hand"],
            {name: times[name] / times["by hand"] for name, times in pairs.items()})


# ------------------------------------------------------------ as a table of benchmarks/run.py

THREADS = {"1 thread": {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"},
           "default threads": {}}


def worker(problem_index, n, contender, repeats, budget):
    """The hand-written time and one contender's ratio to it, in this process alone (the
    thread pools of JAX and PyTorch would slow whatever shares the process with them)."""
    others = {name: make for name, make in frameworks().items() if name == contender}
    if contender != "generated" and not others:
        return {"missing": True}
    by_hand, ratios = measure(PROBLEMS[problem_index], n, repeats, others, np.random.default_rng(0), budget,
                              with_generated=contender == "generated")
    return {"by_hand": by_hand, "ratio": ratios[contender]}


def table(quick=False):
    from timing import Table, in_worker
    sizes, repeats, budget = ([50], 3, 0.05) if quick else ([200, 1000], 7, 2.0)
    threads = {"1 thread": THREADS["1 thread"]} if quick else THREADS
    problems = PROBLEMS[:1] if quick else PROBLEMS
    columns = ["generated"] if quick else ["generated", "jax", "torch", "autograd"]
    rows = []
    for threads, env in threads.items():
        for index, problem in enumerate(problems):
            for n in sizes:
                results = {name: in_worker("bench_generated",
                                           [str(index), str(n), name, str(repeats), str(budget)], env)
                           for name in columns}
                by_hand = results["generated"]["by_hand"]
                rows.append([problem.name, n, threads, f"{1000 * by_hand:.2f}"]
                            + [f"{results[c]['ratio']:.2f}" if "ratio" in results.get(c, {}) else "—"
                               for c in ("generated", "jax", "torch", "autograd")])
    return Table("Generated gradients against hand-written NumPy/SciPy",
                 ["problem", "n", "BLAS", "by hand ms", "generated / hand", "jax.jit(jax.grad) / hand",
                  "torch.func.grad / hand", "autograd.grad / hand"], rows,
                 note=(f"Median over ≥ {repeats} calls, each contender timed in turns with the hand-written "
                       f"closed form in a process of its own; below 1 is faster than by hand. Every "
                       f"implementation first agrees with the hand-written one."))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="n = 50 and a few repeats: only that it runs")
    parser.add_argument("--sizes", type=int, nargs="+", help="the sizes n (default 200 1000)")
    parser.add_argument("--repeats", type=int, help="least timed calls per median (default 7, quick 3)")
    parser.add_argument("--worker", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        index, n, contender, repeats, budget = args.worker
        print(json.dumps(worker(int(index), int(n), contender, int(repeats), float(budget))))
        return 0
    sizes = args.sizes or ([50] if args.quick else [200, 1000])
    repeats = args.repeats or (3 if args.quick else 7)
    others = frameworks()
    columns = ["generated", *others]
    print(f"median time of a gradient as a ratio to the hand-written closed form (≥ {repeats} repeats; "
          f"numpy {np.__version__}, scipy {scipy.__version__}; BLAS threads: "
          f"{os.environ.get('OPENBLAS_NUM_THREADS', 'default')}; load average {os.getloadavg()[0]:.1f})")
    print(f"{'problem':<22}{'n':>6}{'by hand':>12}" + "".join(f"{c + ' / hand':>18}" for c in columns))
    rng = np.random.default_rng(0)
    for problem in PROBLEMS:
        for n in sizes:
            by_hand, ratios = measure(problem, n, repeats, others, rng, budget=0.05 if args.quick else 2.0)
            print(f"{problem.name:<22}{n:>6}{1000 * by_hand:>9.2f} ms"
                  + "".join(f"{ratios[c]:>18.2f}" for c in columns), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
