"""The command line, run as a user runs it: every command, flag and exit status."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED_002 = "u1ᵀ W (W E Wᵀ + λI)⁻¹ Wᵀ u2"


def run(*args, stdin=None):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    completed = subprocess.run([sys.executable, "-m", "matcalc", *args], input=stdin,
                               capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)
    return completed.returncode, completed.stdout, completed.stderr


def test_grad_prints_the_gradient():
    status, out, err = run("grad", "tr(A X B)", "--wrt", "X")
    assert (status, out.strip(), err) == (0, "AᵀBᵀ", "")


def test_grad_with_declarations_steps_and_check():
    status, out, _ = run("grad", SEED_002, "--wrt", "W", "--where", "E: n×n symmetric", "--steps", "--check")
    assert status == 0
    assert "[d.product]" in out and "[d.inverse]" in out
    assert "2(AWB − BWᵀAWBWE)" in out
    assert "numerical check passed" in out


@pytest.mark.parametrize("form, expected", [
    ("text", "AᵀBᵀ"), ("ascii", "A^T B^T"), ("latex", r"A^\top B^\top"),
])
def test_grad_formats(form, expected):
    status, out, _ = run("grad", "tr(A X B)", "--wrt", "X", "--format", form)
    assert status == 0 and out.strip() == expected


def test_grad_format_sympy():
    status, out, _ = run("grad", "tr(A X B)", "--wrt", "X", "--format", "sympy")
    assert status == 0 and "A" in out and "B" in out


def test_grad_format_json():
    status, out, _ = run("grad", "tr(A X B)", "--wrt", "X", "--format", "json")
    assert status == 0
    assert json.loads(out)["gradient"] == "AᵀBᵀ"


def test_grad_format_numpy_is_python_source():
    status, out, _ = run("grad", "a' inv(X) b", "--wrt", "X", "--format", "numpy")
    assert status == 0
    compile(out, "<generated>", "exec")


def test_numerator_layout_transposes():
    status, out, _ = run("grad", "a' X b", "--wrt", "X", "--layout", "numerator")
    assert status == 0 and out.strip() == "baᵀ"


def test_expression_from_standard_input():
    status, out, _ = run("grad", "-", "--wrt", "x", stdin="xᵀ B x\n")
    assert status == 0 and out.strip() == "(B + Bᵀ)x"


def test_check_command_passes_and_fails():
    status, out, _ = run("check", "a' inv(X) b", "--wrt", "X", "--points", "2", "--seed", "1")
    assert status == 0 and "passed" in out
    status, out, _ = run("check", "a' inv(X) b", "--wrt", "X", "--tolerance", "1e-30")
    assert status == 1 and "FAILED" in out


def test_grad_check_failure_exits_one():
    status, _, _ = run("grad", "tr(A X B)", "--wrt", "X", "--check", "--tolerance", "1e-30")
    assert status == 1


def test_parse_command():
    status, out, _ = run("parse", "a' X b")
    assert status == 0 and "(1×1)" in out
    for form in ("ascii", "latex", "sympy"):
        assert run("parse", "a' X b", "--format", form)[0] == 0


@pytest.mark.parametrize("args", [
    ("grad", "tr(A X B", "--wrt", "X"),
    ("grad", "A X", "--wrt", "X"),
    ("grad", "tr(X)", "--wrt", "Y"),
    ("grad", "a' X b", "--wrt", "X", "--where", "X: n×m, a: m, b: n"),
    ("grad", "tr(frobnicate(X))", "--wrt", "X"),
    ("grad", "", "--wrt", "X"),
])
def test_bad_input_exits_two_with_one_message(args):
    status, out, err = run(*args)
    assert status == 2
    assert "Traceback" not in out + err
    assert err.startswith("matcalc: ") and len(err) <= 420


def test_debug_shows_the_traceback():
    status, _, err = run("grad", "A X", "--wrt", "X", "--debug")
    assert status != 0 and "Traceback" in err


def test_usage_errors_exit_two():
    assert run("grad", "tr(X)")[0] == 2          # --wrt missing
    assert run()[0] == 2                         # no command


def test_help_and_version():
    status, out, _ = run("--help")
    assert status == 0 and "examples:" in out and "matcalc grad" in out
    status, out, _ = run("--version")
    assert status == 0 and out.startswith("matcalc ")
