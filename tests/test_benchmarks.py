"""The benchmark runs and its implementations agree (never how fast they are)."""
import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def quick_run(script):
    """The lines a benchmark script prints with --quick, which it ends with status 0."""
    completed = subprocess.run([sys.executable, str(ROOT / "benchmarks" / script), "--quick"],
                               capture_output=True, text=True, encoding="utf-8", timeout=300,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert completed.returncode == 0, completed.stderr[-2000:]
    return completed.stdout.splitlines()


@pytest.mark.slow  # benchmarks/run.py --quick runs it in CI
def test_quick_benchmark_runs_and_every_implementation_agrees():
    rows = quick_run("bench_generated.py")[2:]
    assert [row.split("  ")[0] for row in rows] == ["aᵀX⁻¹b", "logdet(S)", "seed 002", "seed 001"]
    assert all(row.split()[-1].replace(".", "").isdigit() for row in rows)


@pytest.mark.slow  # benchmarks/run.py --quick runs it in CI
def test_quick_expm_benchmark_runs_and_its_gradients_agree_with_jax_grad():
    rows = quick_run("bench_expm.py")
    if "not installed" not in rows[0]:
        assert rows[2].split()[0] == "30" and all(r.replace(".", "").isdigit() for r in rows[2].split()[-2:])


@pytest.mark.slow  # benchmarks/run.py --quick runs it in CI
def test_quick_call_sizes_benchmark_runs_and_both_forms_agree():
    rows = [row for row in quick_run("bench_call_sizes.py") if row.startswith("| ") and row[2:6] != "case"]
    assert [row.split()[1] for row in rows] == ["seed", "‖AXBᵀ", "‖AXBᵀ"]
    assert all(row.split("|")[-2].strip().replace(".", "").isdigit() for row in rows)


def test_the_entry_point_runs_every_benchmark():
    source = ast.parse((ROOT / "benchmarks" / "run.py").read_text(encoding="utf-8"))
    listed = {target.id: ast.literal_eval(node.value) for node in source.body if isinstance(node, ast.Assign)
              for target in node.targets if isinstance(target, ast.Name) and target.id in ("TABLES", "SCRIPTS")}
    benchmarks = {path.stem.removeprefix("bench_") for path in (ROOT / "benchmarks").glob("bench_*.py")}
    assert sorted(listed["TABLES"] + listed["SCRIPTS"]) == sorted(benchmarks)
