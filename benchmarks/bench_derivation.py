"""Derivation: matcalc against SymPy's MatrixSymbol.diff, warm and as whole processes.

    python benchmarks/bench_derivation.py [--quick]

Warm: after a first call, `matcalc.grad(text, ...)` (parsing included) and SymPy's
`expr.diff(X)` of the same function (as matcalc's SymPy printer writes it; a scalar as
the trace of a 1×1 matrix) are timed, each in a process of its own. Cold:
`python -m matcalc grad TEXT --wrt X` against `python -c "import sympy; ...diff..."` as
whole processes, started in turns. Each answer is judged numerically: the gradient at a
random point of the function's domain against differences of the function (matcalc's
own evaluator), within 1e-6. tensorgrad joins the table when it is installed.
"""
import argparse
import json
import sys
import time

import numpy as np

from timing import Table, in_worker, interleaved, ratio, whole_processes

#: (row name, expression, wrt, where): the seeds, Matrix Cookbook identities, common ML losses.
PROBLEMS = [
    ("seed 000 (vjp)", "Re(G : (ρI + DᴴD)⁻¹x)", "D", "D: complex m×n, x: complex n, G: complex n, ρ > 0"),
    ("seed 001 wrt H_R", "‖Z − I ⊙ (H_RᵀA + H_IᵀB)‖_F² + ‖W − [H_R, −H_I; H_I, H_R] P Sᵀ‖_F²", "H_R",
     "H_R: n×n, H_I: n×n"),
    ("seed 002", "u1ᵀ W (W E Wᵀ + λI)⁻¹ Wᵀ u2", "W", "E: n×n symmetric"),
    ("cookbook 49 det", "det(X)", "X", None),
    ("cookbook 51 logdet", "logdet(S)", "S", "S: n×n spd"),
    ("cookbook 61 inverse", "a' inv(X) b", "X", None),
    ("cookbook 70 bilinear", "a' X b", "X", None),
    ("cookbook 81 quadratic", "xᵀ B x", "x", None),
    ("cookbook 101 trace", "tr(A X B)", "X", None),
    ("cookbook 119 Frobenius", "‖A X B − C‖_F²", "X", None),
    ("ridge", "||X w - y||^2 + λ ||w||^2", "w", None),
    ("logistic", "sum(softplus(−y ⊙ (X w))) + λ‖w‖²", "w", None),
]
QUICK = ["cookbook 61 inverse"]
TOLERANCE = 1e-6


# ------------------------------------------------------------ in the worker process

def _judge(function, variable, gradient, point, sizes):
    """Whether `gradient` (an array, or None) matches differences of `function` at the point."""
    from matcalc.checking.gradient_check import measured_error, reference_gradient
    if gradient is None:
        return False
    reference = reference_gradient(function, variable, point, sizes)
    gradient = np.asarray(gradient, dtype=complex if variable.complex else float)
    if gradient.size != np.size(reference.gradient):
        return False
    return measured_error(gradient.reshape(np.shape(reference.gradient)), reference) < TOLERANCE


def _sympy_contender(function, wrt):
    """(derive, its answer at a point): SymPy's diff of the function as matcalc prints it."""
    import sympy
    from sympy.matrices.expressions.matexpr import MatrixElement
    expression = function.to_sympy()
    if isinstance(expression, MatrixElement):
        expression = sympy.Trace(expression.parent)
    variable = next(s for s in expression.free_symbols if getattr(s, "name", None) == wrt)

    def derive():
        return expression.diff(variable)

    def value(point, sizes):
        derivative = derive()
        if derivative.has(sympy.Derivative):
            return None
        values = {}
        for symbol in expression.free_symbols:
            if getattr(symbol, "name", None) in point:
                array = np.asarray(point[symbol.name])
                if isinstance(symbol, sympy.MatrixSymbol):
                    shape = (int(sympy.sympify(d).subs(sizes)) for d in symbol.shape)
                    concrete = sympy.MatrixSymbol(symbol.name, *shape)
                    values[concrete] = sympy.ImmutableMatrix(array.reshape(concrete.shape))
                else:
                    values[symbol] = sympy.sympify(complex(array) if np.iscomplexobj(array) else float(array))
        result = derivative.subs(sizes).xreplace(values).doit()
        return np.array(sympy.Matrix(result) if hasattr(result, "shape") else result, dtype=complex)
    return derive, value


def worker(name, contender, rounds):
    """One contender's warm times and verdict on one problem, as a dict."""
    import matcalc
    from matcalc.checking import domain
    from matcalc.results.gradient import find_variable
    _, text, wrt, where = next(p for p in PROBLEMS if p[0] == name)
    matcalc.grad("tr(A X)", wrt="X")  # the engine loaded, but nothing of this problem remembered
    started = time.perf_counter()
    result = matcalc.grad(text, wrt=wrt, where=where)
    first = time.perf_counter() - started
    function, variable = result.function, find_variable(result.function, wrt)
    point, sizes = domain.defined_point(function, np.random.default_rng(0))
    if contender == "matcalc":
        derive, answer = (lambda: matcalc.grad(text, wrt=wrt, where=where)), result.numpy()(**point)
    else:
        try:
            derive, value = _sympy_contender(function, wrt)
            answer = value(point, sizes)
        except Exception as error:  # SymPy cannot take the problem: say so in its column
            return {"error": type(error).__name__}
    times = interleaved({contender: derive}, rounds, budget=1.0 if rounds > 3 else 0.2, at_most=20.0)
    return {"right": _judge(function, variable, answer, point, sizes), "first": first, **times[contender].as_dict()}


# ------------------------------------------------------------ in the main process

def _cold_commands(text, wrt, where):
    """argv of the whole-process matcalc command and of SymPy's diff of the same function."""
    import matcalc
    from sympy import srepr
    grad = [sys.executable, "-m", "matcalc", "grad", text, "--wrt", wrt] + (["--where", where] if where else [])
    function = matcalc.parse(text, where).to_sympy()
    script = ("from sympy import *\nfrom sympy.core.symbol import Str\n"
              "from sympy.matrices.expressions.matexpr import MatrixElement\n"
              f"e = {srepr(function)}\ne = Trace(e.parent) if isinstance(e, MatrixElement) else e\n"
              f"e.diff(next(s for s in e.free_symbols if getattr(s, 'name', None) == {wrt!r}))\n")
    return {"matcalc": grad, "sympy": [sys.executable, "-c", script]}


def _verdict(report):
    if "error" in report:
        return f"fails ({report['error']})"
    return "right" if report["right"] else "wrong"


def _ms(report):
    return f"{1000 * report['median']:.2f} ({1000 * report['minimum']:.2f})" if "median" in report else "—"


def table(quick=False):
    rounds = 3 if quick else 15
    cold_rounds = 1 if quick else 3
    rows = []
    for name, text, wrt, where in PROBLEMS:
        if quick and name not in QUICK:
            continue
        mine, theirs = (in_worker("bench_derivation", [name, who, str(rounds)]) for who in ("matcalc", "sympy"))
        try:
            cold = whole_processes(_cold_commands(text, wrt, where), cold_rounds)
            cold_cells = [f"{cold['matcalc'].median:.2f}", f"{cold['sympy'].median:.2f}",
                          ratio(cold["sympy"].median, cold["matcalc"].median)]
        except Exception as error:  # the SymPy script failed or timed out
            cold_cells = ["—", f"fails ({type(error).__name__})", "—"]
        rows.append([name, f"{1000 * mine['first']:.2f}", _ms(mine), _verdict(mine), _ms(theirs), _verdict(theirs),
                     ratio(theirs.get("median") if theirs.get("right") else None, mine["median"]), *cold_cells])
    return Table("Derivation: matcalc against SymPy MatrixSymbol.diff",
                 ["problem", "matcalc first ms", "matcalc warm ms, median (min)", "matcalc answer",
                  "SymPy warm ms, median (min)",
                  "SymPy answer", "SymPy / matcalc", "matcalc cold s", "SymPy cold s", "SymPy / matcalc cold"],
                 rows, note=(f"Warm: ≥ {rounds} calls after a first one, each contender in a process "
                             f"of its own (SymPy's cache would evict matcalc's); matcalc parses the text "
                             f"each time, and remembers normal forms between calls. First: matcalc's first "
                             f"call on the problem, in a process that has derived another. Cold: {cold_rounds} whole "
                             f"processes each, started in turns. An answer is right when it matches "
                             f"differences at a random point within {TOLERANCE:g}; a ratio only where both "
                             f"are. tensorgrad: "
                             f"{_tensorgrad_status()}."))


def _tensorgrad_status():
    try:
        import tensorgrad  # noqa: F401
    except ImportError:
        return "not installed, so not compared"
    return "installed, but its problems are not written yet"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="two problems, few repeats")
    parser.add_argument("--worker", nargs=3, metavar=("PROBLEM", "CONTENDER", "ROUNDS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(*args.worker[:2], int(args.worker[2]))))
        return 0
    print(table(args.quick).markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main())
