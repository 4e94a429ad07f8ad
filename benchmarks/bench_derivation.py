"""Derivation: matcalc against SymPy's MatrixSymbol.diff, warm and as whole processes.

    python benchmarks/bench_derivation.py [--quick]

Warm: after a first call, `matcalc.grad(text, ...)` (parsing included) and SymPy's
`expr.diff(X)` of the same function (as matcalc's SymPy printer writes it; a scalar as
the trace of a 1×1 matrix) are timed, each in a process of its own. Cold:
`python -m matcalc grad TEXT --wrt X` against `python -c "import sympy; ...diff..."` as
whole processes, started in turns. Each answer is judged numerically: the gradient at a
random point of the function's domain against differences of the function (matcalc's
own evaluator), within 1e-6. tensorgrad joins the table when it is installed
(`pip install -e '.[bench]'`), on the problems it can write (tensorgrad_problems.py):
building the problem, `f.grad(X).full_simplify()`, its answer evaluated by its compiler.
"""
import argparse
import importlib.util
import json
import subprocess
import sys
import time

import numpy as np

import tensorgrad_problems
from timing import ROOT, Table, in_worker, interleaved, ratio, whole_processes

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


def _sympy_contender(name, function, wrt, point, sizes):
    """(derive, its answer at the point): SymPy's diff of the function as matcalc prints it."""
    import sympy
    from sympy.matrices.expressions.matexpr import MatrixElement
    expression = function.to_sympy()
    if isinstance(expression, MatrixElement):
        expression = sympy.Trace(expression.parent)
    variable = next(s for s in expression.free_symbols if getattr(s, "name", None) == wrt)

    def derive():
        return expression.diff(variable)

    def value():
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
    return derive, value()


def _tensorgrad_contender(name, function, wrt, point, sizes):
    """(derive, its answer at the point), after checking that tensorgrad's function is the problem."""
    from matcalc.checking import numeric
    derive = tensorgrad_problems.derivation(name, wrt)
    tensor, variable, gradient = derive()
    expected = np.ravel(numeric.evaluate(function, point, sizes))[0]
    assert np.isclose(tensorgrad_problems.value(tensor, point), expected, rtol=1e-9), (
        f"tensorgrad's {name} is not matcalc's function at the point")
    return derive, tensorgrad_problems.value(gradient, point, tuple(variable.edges))


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
        contend = _tensorgrad_contender if contender == "tensorgrad" else _sympy_contender
        try:
            derive, answer = contend(name, function, wrt, point, sizes)
        except AssertionError:  # the problem is written wrong for the tool: not the tool's failure
            raise
        except Exception as error:  # the tool cannot take the problem: say so in its column
            return {"error": type(error).__name__}
    times = interleaved({contender: derive}, rounds, budget=1.0 if rounds > 3 else 0.2, at_most=20.0)
    return {"right": _judge(function, variable, answer, point, sizes), "first": first, **times[contender].as_dict()}


# ------------------------------------------------------------ in the main process

#: Seconds a whole process may take (tensorgrad's slowest derivations take tens of seconds).
COLD_TIMEOUT = 600


def _tools(name):
    """Who derives the problem: matcalc, SymPy, and tensorgrad where installed and the problem written for it."""
    written = importlib.util.find_spec("tensorgrad") is not None and name in tensorgrad_problems.SOURCES
    return ["matcalc", "sympy"] + (["tensorgrad"] if written else [])


def _cold_commands(name, text, wrt, where):
    """argv of the whole-process matcalc command and of SymPy's diff (and tensorgrad's) of the same function."""
    import matcalc
    from sympy import srepr
    grad = [sys.executable, "-m", "matcalc", "grad", text, "--wrt", wrt] + (["--where", where] if where else [])
    function = matcalc.parse(text, where).to_sympy()
    script = ("from sympy import *\nfrom sympy.core.symbol import Str\n"
              "from sympy.matrices.expressions.matexpr import MatrixElement\n"
              f"e = {srepr(function)}\ne = Trace(e.parent) if isinstance(e, MatrixElement) else e\n"
              f"e.diff(next(s for s in e.free_symbols if getattr(s, 'name', None) == {wrt!r}))\n")
    commands = {"matcalc": grad, "sympy": [sys.executable, "-c", script]}
    if "tensorgrad" in _tools(name):
        commands["tensorgrad"] = [sys.executable, "-c", tensorgrad_problems.cold_script(name, wrt)]
    return commands


def _runs(argv):
    """Whether a whole process succeeds (its first run, which also warms the file cache)."""
    try:
        return subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
                              timeout=COLD_TIMEOUT).returncode == 0
    except subprocess.TimeoutExpired:
        return False


def _cold(commands, rounds):
    """{tool: Spread, or None where its process fails}: the working commands timed in turns."""
    working = {tool: argv for tool, argv in commands.items() if _runs(argv)}
    return {**dict.fromkeys(commands), **whole_processes(working, rounds, timeout=COLD_TIMEOUT)}


def _verdict(report):
    if report is None:
        return "not written"
    if "error" in report:
        return f"fails ({report['error']})"
    return "right" if report["right"] else "wrong"


def _ms(report):
    return f"{1000 * report['median']:.2f} ({1000 * report['minimum']:.2f})" if report and "median" in report else "—"


def _cells(report, cold, mine, my_cold):
    """A rival's warm time, verdict, warm ratio to matcalc (where both are right), cold time and ratio."""
    right = report and report.get("right")
    return [_ms(report), _verdict(report), ratio(report["median"] if right else None, mine["median"]),
            f"{cold.median:.2f}" if cold else ("—" if report is None else "fails"),
            ratio(cold and cold.median, my_cold and my_cold.median)]


def table(quick=False):
    rounds = 3 if quick else 15
    cold_rounds = 1 if quick else 3
    rivals = {"sympy": "SymPy"}
    if importlib.util.find_spec("tensorgrad"):
        rivals["tensorgrad"] = "tensorgrad"
    rows = []
    for name, text, wrt, where in PROBLEMS:
        if quick and name not in QUICK:
            continue
        reports = {tool: in_worker("bench_derivation", [name, tool, str(rounds)], timeout=3 * COLD_TIMEOUT)
                   for tool in _tools(name)}
        cold = _cold(_cold_commands(name, text, wrt, where), cold_rounds)
        mine, my_cold = reports["matcalc"], cold["matcalc"]
        rows.append([name, f"{1000 * mine['first']:.2f}", _ms(mine), _verdict(mine),
                     f"{my_cold.median:.2f}" if my_cold else "fails",
                     *(cell for tool in rivals for cell in _cells(reports.get(tool), cold.get(tool), mine, my_cold))])
    columns = [cell.format(label) for label in rivals.values()
               for cell in ("{} warm ms, median (min)", "{} answer", "{} / matcalc", "{} cold s", "{} / matcalc cold")]
    return Table(f"Derivation: matcalc against {' and '.join(rivals.values())}",
                 ["problem", "matcalc first ms", "matcalc warm ms, median (min)", "matcalc answer",
                  "matcalc cold s", *columns],
                 rows, note=(f"Warm: ≥ {rounds} calls after a first one, each contender in a process "
                             f"of its own (SymPy's cache would evict matcalc's); matcalc parses the text "
                             f"each time, and remembers normal forms between calls; SymPy differentiates "
                             f"the function as matcalc's SymPy printer writes it; tensorgrad builds the "
                             f"problem and simplifies its gradient fully. First: matcalc's first "
                             f"call on the problem, in a process that has derived another. Cold: {cold_rounds} whole "
                             f"processes each, started in turns, importing the tool and deriving. An answer "
                             f"is right when it matches differences at a random point within {TOLERANCE:g}; a "
                             f"warm ratio only where both are. tensorgrad: {_tensorgrad_status()}."))


def _tensorgrad_status():
    if not importlib.util.find_spec("tensorgrad"):
        return "not installed, so not compared (`pip install -e '.[bench]'`)"
    return "seed 000 is not written for it: it has no complex conjugate or real part"


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
