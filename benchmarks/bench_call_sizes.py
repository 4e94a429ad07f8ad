"""Generated code that chooses by the sizes at the call, against the same code fixed when generated.

    python benchmarks/bench_call_sizes.py              # the sizes below, one thread
    python benchmarks/bench_call_sizes.py --quick      # small sizes: only that it runs

Rows, each a ratio of medians taken in turns in one process (below 1: the choice at
the call is faster):
- seed 000's backprop rule, the vjp of y = (ρI + DᴴD)⁻¹x for a complex wide D
  (m = 100, n = 2000): `.numpy()`, which factors the m×m ρI + DDᴴ there by the
  Woodbury form of rules/sizes.toml, against the module generated without that form,
  which factors the n×n ρI + DᴴD;
- ‖AXBᵀ − C‖_F² with respect to X, whose products AXBᵀ and Aᵀ(·)B are bracketed best
  one way for a short B and the other way for a short A: `.numpy()` against the module
  bracketed once, at the default sizes (every dimension alike), at a shape of each kind.
Both contenders are first checked to agree.
"""
import os

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

import argparse  # noqa: E402 (the thread settings above must come before NumPy)
import sys  # noqa: E402
from unittest import mock  # noqa: E402

import numpy as np  # noqa: E402

import matcalc  # noqa: E402
from matcalc.codegen import chain, generate  # noqa: E402
from matcalc.derivation.lowering_identities import lowering_identity  # noqa: E402

SEED_000 = ("(ρ I + Dᴴ D)⁻¹ x", "D", "D: complex m×n, x: complex n, ρ > 0")
CHAIN = ("‖A X Bᵀ − C‖_F²", "X", "A: m×n, X: n×p, B: k×p, C: m×k")


def seed_000(m, n, rng):
    """(size-chosen gradient, n×n gradient, inputs) of seed 000's vjp with an m×n D."""
    text, wrt, where = SEED_000
    result = matcalc.vjp(text, wrt, where=where, upstream="G")
    fixed = generate([result], lowering_identity, "numpy").namespace()
    complex_normal = lambda *shape: rng.standard_normal(shape) + 1j * rng.standard_normal(shape)  # noqa: E731
    inputs = {"D": complex_normal(m, n), "x": complex_normal(n), "G": complex_normal(n), "ρ": 0.5}
    return result.numpy(), fixed[result.code().gradients[wrt]], inputs


def chain_problem(sizes, rng):
    """(size-chosen gradient, gradient bracketed at the default sizes, inputs) of CHAIN."""
    text, wrt, where = CHAIN
    result = matcalc.grad(text, wrt=wrt, where=where)
    with mock.patch.object(chain, "MAX_ALTERNATIVES", 1):  # one bracketing: the default sizes'
        fixed = generate([result], lowering_identity, "numpy").namespace()
    m, n, p, k = (sizes[name] for name in "mnpk")
    inputs = {"A": rng.standard_normal((m, n)), "X": rng.standard_normal((n, p)),
              "B": rng.standard_normal((k, p)), "C": rng.standard_normal((m, k))}
    return result.numpy(), fixed[result.code().gradients[wrt]], inputs


def rows(quick=False):
    """[label, chosen ms, fixed ms, ratio] for every row."""
    from timing import interleaved
    rng = np.random.default_rng(0)
    scale = 10 if quick else 1
    cases = [(f"seed 000 vjp, wide D {100 // scale}×{2000 // scale}: m×m against n×n factorization",
              seed_000(100 // scale, 2000 // scale, rng))]
    for label, sizes in (("short B", {"m": 1000, "n": 1000, "p": 1000, "k": 10}),
                         ("short A", {"m": 10, "n": 1000, "p": 1000, "k": 1000})):
        sizes = {name: max(2, size // scale) for name, size in sizes.items()}
        shape = ", ".join(f"{name} = {size}" for name, size in sizes.items())
        cases.append((f"‖AXBᵀ − C‖² wrt X, {label} ({shape}): bracketed at the call against once",
                      chain_problem(sizes, rng)))
    table = []
    for label, (chosen, fixed, inputs) in cases:
        expected = fixed(**inputs)
        assert np.allclose(chosen(**inputs), expected, rtol=1e-8, atol=1e-10 * np.abs(expected).max()), label
        times = interleaved({"chosen": lambda: chosen(**inputs), "fixed": lambda: fixed(**inputs)},
                            3 if quick else 7, budget=0.05 if quick else 2.0, at_most=None if quick else 30.0)
        table.append([label, f"{1e3 * times['chosen'].median:.2f}", f"{1e3 * times['fixed'].median:.2f}",
                      f"{times['chosen'].median / times['fixed'].median:.2f}"])
    return table


def table(quick=False):
    from timing import Table
    return Table("Forms and bracketings chosen by the sizes at the call", ["case", "chosen ms", "fixed ms",
                                                                          "chosen / fixed"], rows(quick),
                 note=f"Medians over calls taken in turns in one process, BLAS threads: "
                      f"{os.environ.get('OPENBLAS_NUM_THREADS')}; below 1 the choice at the call is faster.")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="sizes divided by ten: only that it runs")
    args = parser.parse_args(argv)
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    print(table(args.quick).markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main())
