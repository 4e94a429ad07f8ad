"""The command line, run as a user runs it: every command, flag and exit status.

Each run is a fresh interpreter (about half a second), so one test checks several
things about one run, and where a behaviour has several cases one runs as a process and
the others call `cli.main` in this one (as do an interrupt and an unexpected failure).
"""
import contextlib
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import matcalc
from matcalc import cli

ROOT = Path(__file__).resolve().parent.parent
SEED_002 = "u1ᵀ W (W E Wᵀ + λI)⁻¹ Wᵀ u2"


def run(*args, stdin=None, encoding="utf-8", **env):
    """(exit status, standard output, standard error) of `python -m matcalc ARGS`;
    `encoding` is standard output's (None: the locale's)."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    environment.pop("PYTHONIOENCODING", None)
    if encoding:
        environment["PYTHONIOENCODING"] = encoding
    stdin = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    completed = subprocess.run([sys.executable, "-m", "matcalc", *args], input=stdin,
                               capture_output=True, env=environment, timeout=120)
    return (completed.returncode, completed.stdout.decode(encoding or "utf-8", errors="replace"),
            completed.stderr.decode("utf-8", errors="replace"))


def call(*args):
    """The same as `run`, in this process: for what needs no interpreter of its own."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = cli.main(list(args))
        except SystemExit as exit_:  # argparse's usage errors, --help, --version
            status = exit_.code
    return status, out.getvalue(), err.getvalue()


def assert_one_line_error(err, starts="matcalc"):
    assert "Traceback" not in err
    assert err.startswith(starts) and err.endswith("\n") and err.count("\n") == 1, err
    assert len(err) <= 420


# ------------------------------------------------------------------ grad

def test_grad_prints_the_gradient_and_nothing_else():
    assert run("grad", "tr(A X B)", "--wrt", "X") == (0, "AᵀBᵀ\n", "")


def test_grad_with_declarations_steps_and_check():
    status, out, err = run("grad", SEED_002, "--wrt", "W", "--where", "E: n×n symmetric", "--steps", "--check")
    assert (status, err) == (0, "")
    assert out.index("φ = u₁ᵀWBWᵀu₂") < out.index("[d.inverse") < out.index("∂φ/∂W")
    assert "2(AWB − BWᵀAWBWE)  where  A = Sym(u₁u₂ᵀ),  B = (WEWᵀ + λI)⁻¹\n" in out
    assert "numerical check passed" in out and "over 3 random points" in out


@pytest.mark.parametrize("form, expected", [("latex", r"A^\top B^\top"), ("sympy", "A.T*B.T")])
def test_grad_formats(form, expected):
    status, out, _ = run("grad", "tr(A X B)", "--wrt", "X", "--format", form)
    assert status == 0 and out.strip() == expected


def test_grad_format_ascii_reads_back():
    status, out, _ = run("grad", SEED_002, "--wrt", "W", "--where", "E: n×n symmetric", "--format", "ascii")
    expected = matcalc.grad(SEED_002, wrt="W", where="E: n×n symmetric").expr
    assert status == 0 and matcalc.parse(out.strip()) == expected


def test_grad_json_carries_everything_and_the_failed_check():
    status, out, _ = run("grad", "a' inv(X) b", "--wrt", "X", "--format", "json", "--steps", "--check",
                         "--tolerance", "1e-30", "--points", "2", "--seed", "3")
    assert status == 1                                   # the check failed: nothing is that exact
    answer = json.loads(out)
    assert answer["variable"] == "X" and answer["layout"] == "denominator"
    expected = matcalc.grad("a' inv(X) b", wrt="X")
    assert (answer["gradient"], answer["ascii"], answer["latex"], answer["sympy"]) == (
        str(expected), expected.expr.ascii(), expected.latex(), str(expected.sympy))
    assert answer["shape"] == ["n", "n"] and "X⁻ᵀ" in answer["gradient"]
    assert any("[d.inverse]" in line for line in answer["steps"])
    check = answer["check"]
    assert (check["passed"], check["points"], check["tolerance"]) == (False, 2, 1e-30)
    assert 0 < check["max_relative_error"] < 1e-6


def test_numerator_layout_prints_the_transpose():
    status, out, _ = run("grad", "a' X b", "--wrt", "X", "--where", "X: n×m", "--layout", "numerator",
                         "--format", "json", "--check")
    answer = json.loads(out)
    assert status == 0 and answer["check"]["passed"]
    assert (answer["shape"], answer["layout"]) == (["m", "n"], "numerator")
    assert matcalc.parse(answer["ascii"]) == matcalc.parse("b a'", where="a: n, b: m")    # (abᵀ)ᵀ


def test_grad_format_numpy_is_the_generated_module():
    status, out, _ = run("grad", "a' inv(X) b", "--wrt", "X", "--format", "numpy", "--steps", "--check")
    assert status == 0 and "# numerical check passed" in out  # steps and the check report are comments
    module = {}
    exec(compile(out, "<generated>", "exec"), module)
    a, b, X = np.arange(1.0, 4.0), np.ones(3), np.diag([1.0, 2.0, 4.0])
    assert np.allclose(module["grad_X"](a=a, X=X, b=b), -np.outer(a / np.diag(X), b / np.diag(X)))


# ------------------------------------------------------------------ input

def test_expression_from_standard_input():
    status, out, _ = run("grad", "-", "--wrt", "x", stdin="\ufeffxᵀ B x\n")
    assert status == 0 and out == "(B + Bᵀ)x\n"


@pytest.mark.parametrize("stdin, message", [("  \n", "standard input is empty"),
                                            (b"x\xff", "standard input is not UTF-8")])
def test_unreadable_standard_input(stdin, message):
    status, out, err = run("parse", "-", stdin=stdin)
    assert (status, out) == (2, "") and message in err
    assert_one_line_error(err)


# ------------------------------------------------------------------ check

def test_check_command_is_reproducible_with_a_seed():
    expression, declarations = "logdet(S) + tr(S⁻¹ A)", "S: n×n spd"
    args = ("check", expression, "--wrt", "S", "--where", declarations, "--points", "2", "--seed", "7",
            "--format", "json")
    first, second = run(*args), call(*args)           # the same points in another process
    assert first == second and first[0] == 0
    answer = json.loads(first[1])
    assert answer["gradient"] == str(matcalc.grad(expression, wrt="S", where=declarations))
    assert answer["check"]["passed"] and answer["check"]["points"] == 2


def test_check_without_a_point_of_the_domain_is_strict_json_with_the_reason():
    status, out, _ = call("check", "log(-(xᵀx))", "--wrt", "x", "--format", "json")
    check = json.loads(out, parse_constant=lambda name: pytest.fail(f"{name} is not JSON"))["check"]
    assert status == 1 and not check["passed"] and check["max_relative_error"] is None
    assert "could not find a point where the function is defined" in check["reason"]


def test_check_command_failure_exits_one():
    status, out, _ = run("check", "a' inv(X) b", "--wrt", "X", "--tolerance", "1e-30")
    assert status == 1
    assert out.splitlines()[0] == str(matcalc.grad("a' inv(X) b", wrt="X")) and "numerical check FAILED" in out


# ------------------------------------------------------------------ parse

def test_parse_command_prints_the_shape():
    expression = "a' X b"
    assert run("parse", expression) == (0, f"{matcalc.parse(expression)}    (1×1)\n", "")


@pytest.mark.parametrize("form, expected", [
    ("ascii", "a^T X b"), ("latex", r"a^\top X b"), ("sympy", "a.T*X*b"),
])
def test_parse_formats(form, expected):
    status, out, _ = call("parse", "a' X b", "--format", form)
    assert status == 0 and expected in out and out.endswith("    (1×1)\n")


def test_parse_json_gives_every_variable_its_shape():
    status, out, _ = call("parse", "‖W − [R, −Q; Q, R] P Sᵀ‖_F²", "--where", "R: n×n", "--format", "json")
    answer = json.loads(out)
    assert status == 0 and answer["shape"] == ["1", "1"]
    assert answer["variables"]["W"] == ["2n", answer["variables"]["S"][0]]
    assert matcalc.parse(answer["ascii"]) == matcalc.parse("‖W − [R, −Q; Q, R] P Sᵀ‖_F²", where="R: n×n")


# ------------------------------------------------------------------ codegen

def test_codegen_prints_a_module_with_every_requested_gradient():
    status, out, _ = run("codegen", SEED_002, "--wrt", "W, E", "--where", "E: n×n symmetric")
    assert status == 0
    module = {}
    exec(compile(out, "<generated>", "exec"), module)
    assert {"value", "grad_W", "grad_E", "value_and_grad"} <= set(module)


def test_codegen_output_file_is_a_module_whose_gradients_are_right(tmp_path):
    target = tmp_path / "generated.py"
    status, out, err = run("codegen", "a' inv(X) b + ||X w - y||^2", "--wrt", "X,w", "-o", str(target))
    assert (status, out, err) == (0, "", "")
    module = load_module(target)
    rng = np.random.default_rng(0)
    n = 4
    inputs = {"a": rng.standard_normal(n), "b": rng.standard_normal(n), "w": rng.standard_normal(n),
              "y": rng.standard_normal(n), "X": rng.standard_normal((n, n)) + 3 * np.eye(n)}

    def f(a, X, b, w, y):
        return a @ np.linalg.solve(X, b) + np.sum((X @ w - y) ** 2)

    value, grad_X, grad_w = module.value_and_grad(**inputs)
    assert np.isclose(value, f(**inputs)) and np.isclose(module.value(**inputs), value)
    for name, derived in (("X", grad_X), ("w", grad_w)):
        assert derived.shape == inputs[name].shape
        assert np.allclose(derived, central_differences(f, inputs, name), rtol=1e-6, atol=1e-8)
        assert np.allclose(getattr(module, f"grad_{name}")(**inputs), derived)


def load_module(path):
    """The module in the file at path, imported under its own name."""
    import importlib.util
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def central_differences(f, inputs, name, step=1e-6):
    gradient = np.zeros_like(inputs[name])
    for index in np.ndindex(*gradient.shape):
        shift = np.zeros_like(gradient)
        shift[index] = step
        gradient[index] = (f(**{**inputs, name: inputs[name] + shift})
                           - f(**{**inputs, name: inputs[name] - shift})) / (2 * step)
    return gradient


def test_codegen_unwritable_output_is_one_line(tmp_path):
    target = tmp_path / "missing" / "module.py"
    status, out, err = run("codegen", "tr(X)", "--wrt", "X", "-o", str(target))
    assert (status, out) == (2, "") and f"cannot write {target}" in err
    assert_one_line_error(err)


# ------------------------------------------------------------------ errors

@pytest.mark.parametrize("runner, args, message", [
    (run, ("grad", "tr(A X B", "--wrt", "X"), "matcalc: column 9 of \"tr(A X B\": the text ends too early; expected ')'"),
    (run, ("grad", "A X", "--wrt", "X"), "not a scalar"),
    (call, ("grad", "tr(X)", "--wrt", "Y"), "'Y' does not occur"),
    (call, ("grad", "a' X b", "--wrt", "X", "--where", "X: n×m, a: m, b: n"), "(1×m) by X (n×m)"),
    (call, ("check", "", "--wrt", "X"), "empty"),
])
def test_bad_input_exits_two_with_one_line(runner, args, message):
    status, out, err = runner(*args)
    assert (status, out) == (2, "")
    assert_one_line_error(err, starts="matcalc: ")
    assert message in err


@pytest.mark.parametrize("runner, args, message", [
    (run, ("grad", "tr(X)"), "matcalc grad: the following arguments are required: --wrt"),
    (run, (), "matcalc: a command is needed"),
    (call, ("grad", "-tr(X)", "--wrt", "X"), "goes after '--'"),
    (call, ("check", "tr(X)", "--wrt", "X", "--points", "0"), "argument --points: '0' is not a positive whole number"),
    (call, ("check", "tr(X)", "--wrt", "X", "--seed", "-1"), "argument --seed: '-1' is not a whole number ≥ 0"),
])
def test_usage_errors_exit_two_with_one_line(runner, args, message):
    status, out, err = runner(*args)
    assert (status, out) == (2, "")
    assert_one_line_error(err)
    assert message in err


def test_expression_after_double_dash_may_start_with_minus():
    status, out, _ = call("grad", "--wrt", "X", "--check", "--points", "1", "--", "-tr(X)")
    assert status == 0 and out.startswith("−I\nnumerical check passed")


def test_debug_shows_the_traceback():
    status, _, err = run("grad", "A X", "--wrt", "X", "--debug")
    assert status != 0 and "Traceback" in err and "DerivationError" in err


def test_debug_before_the_command_counts_too():
    with pytest.raises(matcalc.DerivationError):
        cli.main(["--debug", "grad", "A X", "--wrt", "X"])


def test_interrupt_exits_130_quietly(monkeypatch, capsys):
    def interrupted(args):
        raise KeyboardInterrupt
    monkeypatch.setitem(cli._COMMANDS, "parse", interrupted)
    assert cli.main(["parse", "x"]) == 130
    assert capsys.readouterr() == ("", "")


def test_an_unexpected_failure_is_one_line_too(monkeypatch, capsys):
    def broken(args):
        raise ZeroDivisionError("division by zero")
    monkeypatch.setitem(cli._COMMANDS, "parse", broken)
    assert cli.main(["parse", "x"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == ("matcalc: internal error (ZeroDivisionError: division by zero); "
                                 "--debug shows the traceback\n")


def test_a_reader_that_leaves_early_ends_it_quietly():
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-m", "matcalc", "grad", SEED_002, "--wrt", "W", "--steps"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment)
    process.stdout.close()                               # as `| head -0` does
    assert (process.wait(timeout=120), process.stderr.read()) == (cli.BROKEN_PIPE, b"")


# ------------------------------------------------------------------ terminals

def test_ascii_terminal_gets_the_ascii_notation():
    status, out, err = run("grad", SEED_002, "--wrt", "W", "--where", "E: n×n symmetric", "--steps", "--check",
                           encoding="ascii")
    assert (status, err) == (0, "")
    assert out.isascii() and "[d.inverse]" in out and "(WEW^T + lambda I)^-1" in out
    assert "2(AWB - BW^TAWBWE)\n" in out                    # the last step
    result = out.split("\n\n")[1].splitlines()[0]
    assert matcalc.parse(result.replace("lambda", "λ")) == matcalc.grad(
        SEED_002, wrt="W", where="E: n×n symmetric").expr


def test_ascii_terminal_gets_valid_json():
    status, out, _ = run("grad", SEED_002, "--wrt", "W", "--where", "E: n×n symmetric", "--format", "json",
                         encoding="ascii")
    assert status == 0 and json.loads(out)["gradient"].startswith("2(AWB − BWᵀAWBWE)")


def test_ascii_terminal_gets_errors_spelled_out():
    status, _, err = run("grad", "A X", "--wrt", "X", encoding="ascii")
    assert status == 2 and err.isascii() and "is n x k, not a scalar" in err
    assert_one_line_error(err, starts="matcalc: ")


def test_c_locale_does_not_break_unicode():
    status, out, err = run("parse", "u1ᵀ W x", encoding=None, LANG="C", LC_ALL="C")
    assert (status, err) == (0, "") and out.endswith("    (1×1)\n") and "ᵀ" in out


# ------------------------------------------------------------------ help, version, entry points

def test_help_shows_worked_examples():
    status, out, _ = run("--help")
    assert status == 0 and "examples:" in out and 'matcalc grad "tr(A X B)" --wrt X' in out
    assert all(command in out for command in ("grad", "check", "codegen", "parse"))


def test_command_help_lists_its_flags():
    status, out, _ = run("grad", "--help")
    assert status == 0 and "examples:" in out
    assert all(flag in out for flag in ("--wrt", "--where", "--format", "--steps", "--check", "--points",
                                        "--seed", "--tolerance", "--layout", "--debug"))


def documented_commands():
    """Every `matcalc …` line of the --help examples and of the README's shell blocks."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)```", readme, flags=re.DOTALL)
    lines = cli.EXAMPLES.splitlines() + "\n".join(blocks).splitlines()
    commands = {line.strip().split("  #")[0] for line in lines if line.strip().startswith("matcalc ")}
    return sorted(c for c in commands if not c.startswith("matcalc serve"))  # runs until Ctrl-C: test_web_server


@pytest.mark.parametrize("command", documented_commands())
def test_every_documented_command_works(command, tmp_path, capsys):
    args = shlex.split(command)[1:]
    if "-o" in args:
        args[args.index("-o") + 1] = str(tmp_path / args[args.index("-o") + 1])
    assert cli.main(args) == 0, capsys.readouterr().err
    assert capsys.readouterr().err == ""


def test_version_and_the_installed_script():
    assert run("--version") == (0, f"matcalc {matcalc.__version__}\n", "")
    script = shutil.which("matcalc", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("the matcalc script is not installed next to this interpreter")
    completed = subprocess.run([script, "grad", "tr(X)", "--wrt", "X"], capture_output=True, text=True,
                               encoding="utf-8", timeout=120)
    assert (completed.returncode, completed.stdout) == (0, "I\n")
