"""Errors in pasted LaTeX point into the LaTeX as pasted, and every command honours --latex."""
import contextlib
import io

import pytest

import matcalc
from matcalc import cli


def message(text, **options):
    with pytest.raises(matcalc.MatcalcError) as caught:
        matcalc.parse(text, **options)
    return str(caught.value)


def caret_under(text, error):
    """The text the caret of an error message stands under, from there on."""
    *_, line, caret = error.split("\n")
    return line[len(caret) - 1:].strip()


@pytest.mark.parametrize("text, found, at", [
    (r"\left\| \mathbf{A} \mathbf{x} \right\|^2 + 2 \cdot \cdot x", r"unexpected '\cdot'", r"\cdot x"),
    (r"\sqrt{x} + 3 \times , y", "unexpected ','", ", y"),
    (r"\operatorname{tr}\left( X \odot \right) + \lambda", r"unexpected '\right)'", r"\right) + \lambda"),
    (r"\mathbf{a}^\top \mathbf{x} +", "ends too early", "")])
def test_a_syntax_error_points_into_the_latex_as_pasted(text, found, at):
    error = message(text)
    assert found in error and error.split("\n")[1].strip() == text
    assert caret_under(text, error) == at or (not at and error.endswith("^") and
                                              len(error.split("\n")[2]) - 1 >= len(text))


def test_a_shape_error_quotes_the_operands_as_pasted():
    error = message(r"\mathbf{A}\mathbf{x} + \mathbf{y}^\top", where="A: n×m, x: m, y: n")
    assert error == r"cannot add \mathbf{A}\mathbf{x} (n×1) and \mathbf{y}^\top (1×n): the shapes differ"


def test_an_error_inside_brackets_quotes_the_operand_inside():
    error = message(r"\operatorname{tr}\left( \mathbf{X} \mathbf{Y} \odot \mathbf{Z} \right)",
                    where="X: n×n, Y: n×m, Z: n×n")
    assert r"Hadamard-multiply \mathbf{X} \mathbf{Y} (n×m) and \mathbf{Z} (n×n)" in error


def test_an_unknown_command_is_still_named_where_it_stands():
    error = message(r"\mathbf{x}^\top \foo \mathbf{x}")
    assert r"unknown LaTeX command \foo" in error and caret_under(r"\mathbf{x}^\top \foo \mathbf{x}", error) \
        == r"\foo \mathbf{x}"


def call(*args):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(list(args))
    return status, out.getvalue(), err.getvalue()


#: Read as the language, P_dS is one name; as LaTeX, P_d·S (adjacent letters multiply).
ONLY_AS_LATEX = "‖P_dS^T − B‖^2"


@pytest.mark.parametrize("command", ["grad", "check", "derive", "codegen", "solve"])
def test_every_command_honours_latex(command):
    status, out, _ = call(command, ONLY_AS_LATEX, "--latex", "--wrt", "S")
    assert status == 0 and out
    status, _, err = call(command, ONLY_AS_LATEX, "--wrt", "S")
    assert status == 2 and "'S' does not occur" in err


def test_the_parse_command_honours_latex():
    assert call("parse", ONLY_AS_LATEX, "--latex")[1].startswith("‖P_d Sᵀ − B‖")
    assert call("parse", ONLY_AS_LATEX)[1].startswith("‖P_dSᵀ − B‖")


def test_codegen_from_latex_computes_the_gradient():
    status, source, _ = call("codegen", ONLY_AS_LATEX, "--latex", "--wrt", "S", "--where", "P_d: n×k, S: m×k, B: n×m")
    assert status == 0
    import numpy as np
    namespace = {}
    exec(compile(source, "generated", "exec"), namespace)  # noqa: S102 — the module matcalc wrote
    rng = np.random.default_rng(0)
    inputs = {"P_d": rng.standard_normal((3, 2)), "S": rng.standard_normal((4, 2)), "B": rng.standard_normal((3, 4))}
    expected = 2 * (inputs["P_d"] @ inputs["S"].T - inputs["B"]).T @ inputs["P_d"]
    assert np.allclose(namespace["grad_S"](**inputs), expected)
