"""The generated module: runs without matcalc, reads back its parts exactly, shows progress;
and the `matcalc solve` command that writes it."""
import ast
import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import matcalc
from matcalc.solvers import generated
from solver_problems import RIDGE, regression_data

ROOT = Path(__file__).resolve().parent.parent
RUNTIME = ROOT / "matcalc" / "solvers" / "runtime"

STANDALONE = """
import json, sys
sys.modules["matcalc"] = None   # importing matcalc now fails: the module must not need it
sys.path.insert(0, sys.argv[1])
import numpy as np
import solver
data = json.loads(sys.argv[2])
result = solver.minimize(**{name: np.array(value) for name, value in data.items()})
print(json.dumps({"w": result.x["w"].tolist(), "fun": result.fun, "success": result.success,
                  "error": solver.MatcalcError.__module__}))
"""


@pytest.fixture(scope="module")
def ridge():
    return matcalc.solver(RIDGE, wrt="w")


def test_the_generated_module_runs_without_matcalc_and_agrees(ridge, tmp_path):
    (tmp_path / "solver.py").write_text(ridge.source, encoding="utf-8")
    data = regression_data(np.random.default_rng(40))
    completed = subprocess.run([sys.executable, "-c", STANDALONE, str(tmp_path),
                                json.dumps({name: np.asarray(value).tolist() for name, value in data.items()})],
                               capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr[-2000:]
    outside = json.loads(completed.stdout)
    inside = ridge.minimize(**data)
    assert outside["success"] and outside["error"] == "objective"   # its own MatcalcError
    assert np.allclose(outside["w"], inside.x["w"], rtol=1e-12) and outside["fun"] == inside.fun


def test_parts_read_back_exactly_whatever_their_quotes_and_backslashes():
    source = "text = '''a\\\\b''' + \"\\n\"\n"
    namespace = {}
    exec(f"embedded = {generated._quoted(source)}", namespace)
    assert namespace["embedded"] == source


def test_the_runtime_modules_define_each_name_once_since_the_module_holds_them_side_by_side():
    defined = {}
    for name in generated.RUNTIME:
        tree = ast.parse((RUNTIME / f"{name}.py").read_text(encoding="utf-8"))
        for node in tree.body:
            targets = [node.name] if isinstance(node, (ast.FunctionDef, ast.ClassDef)) else [
                target.id for target in getattr(node, "targets", []) if isinstance(target, ast.Name)]
            for target in targets:
                assert target not in defined, f"{target} is defined in {defined.get(target)} and {name}"
                defined[target] = name
    assert set(generated.RUNTIME) == {path.stem for path in RUNTIME.glob("[!_]*.py")}


def test_the_runtime_imports_only_numpy_scipy_and_the_standard_library():
    for path in RUNTIME.glob("[!_]*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                assert all(alias.name.split(".")[0] in ("numpy", "scipy", "sys", "time") for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and not node.level:
                assert node.module.split(".")[0] in ("numpy", "scipy"), path.name


def test_verbose_prints_one_line_per_iteration_and_the_callback_gets_each_iterate(ridge, capsys):
    seen = []
    result = ridge.minimize(verbose=True, callback=seen.append, **regression_data(np.random.default_rng(41)))
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].split() == ["iteration", "objective", "gradient", "norm", "step"]
    assert [int(line.split()[0]) for line in lines[1:]] == list(range(result.nit + 1))
    assert len(seen) == result.nit + 1 and all(set(x) == {"w"} and x["w"].shape == (6,) for x in seen)
    assert np.array_equal(seen[-1]["w"], result.x["w"])


def run(*args):
    completed = subprocess.run([sys.executable, "-m", "matcalc", *args], capture_output=True, text=True,
                               encoding="utf-8", timeout=120, env={"PYTHONPATH": str(ROOT), "PATH": ""})
    return completed.returncode, completed.stdout, completed.stderr


def test_solve_writes_a_module_that_minimizes(tmp_path):
    target = tmp_path / "nnls.py"
    status, out, err = run("solve", "‖A x − b‖²", "--wrt", "x", "--subject-to", "x ≥ 0", "-o", str(target))
    assert (status, out, err) == (0, "", "")
    namespace = {}
    exec(target.read_text(encoding="utf-8"), namespace)
    result = namespace["minimize"](A=np.eye(3), b=np.array([1.0, -2.0, 3.0]))
    assert np.allclose(result.x["x"], [1, 0, 3], atol=1e-8)


def test_solve_refuses_a_bad_problem_on_one_line():
    status, out, err = run("solve", "A x", "--wrt", "x")
    assert status == 2 and out == "" and err.startswith("matcalc: the objective is n×1, not a scalar")
    assert err.count("\n") == 1


class _Terminal:
    def __init__(self):
        self.written = []

    def isatty(self):
        return True

    def write(self, text):
        self.written.append(text)

    def flush(self):
        pass


def test_a_long_run_on_a_terminal_shows_a_progress_bar_and_ends_its_line(monkeypatch):
    from matcalc.solvers.runtime import progress
    monkeypatch.setattr(progress, "BAR_AFTER_SECONDS", 0.0)
    terminal = _Terminal()
    shown = progress.Progress(layout=None, max_iter=10, stream=terminal)
    shown.record(5, 1.5, 0.25, 0.1, np.zeros(1))
    shown.close()
    text = "".join(terminal.written)
    assert text.startswith("\r[" + "#" * 15 + "." * 15 + "] iteration 5") and text.endswith("\n")
    quiet = progress.Progress(layout=None, max_iter=10, stream=io.StringIO())
    quiet.record(5, 1.5, 0.25, 0.1, np.zeros(1))
    assert quiet.stream.getvalue() == "" and quiet.history[0]["fun"] == 1.5


@pytest.mark.slow  # benchmarks/run.py --quick runs it in CI
def test_the_quick_solver_benchmark_runs_and_both_sides_agree():
    completed = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_solvers.py"), "--quick"],
                               capture_output=True, text=True, encoding="utf-8", timeout=300,
                               env={"PYTHONPATH": str(ROOT), "PATH": "", "OPENBLAS_NUM_THREADS": "1"})
    assert completed.returncode == 0, completed.stderr[-2000:]
    rows = completed.stdout.splitlines()[2:]
    assert [row.split()[0] for row in rows] == ["seed"] * 2 + ["ridge"] * 2 + ["logistic"] * 2
