"""The question as the request: plain-text and LaTeX questions and definitions, and `matcalc derive`."""
import contextlib
import io

import pytest

import matcalc
from matcalc import cli


def call(*args):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(list(args))
    return status, out.getvalue() + err.getvalue()


@pytest.mark.parametrize("question", [
    "d/dX tr(A X)", "∂/∂X tr(A X)", "grad_X tr(A X)", "d(tr(A X))/dX", "dtr(A X)/dX", "∂ tr(A X) / ∂X",
    "f(X) = tr(A X); df/dX", "df/dX; f(X) = tr(A X)", "φ = tr(A X); ∂φ/∂X", r"\phi = tr(A X); \frac{d\phi}{dX}",
    r"f(X) = \operatorname{tr}(AX); \nabla_X f(X)", r"L(X) := \mathrm{tr}(A X); \frac{\partial L}{\partial X}"])
def test_a_question_in_any_spelling_is_the_gradient_it_asks_for(question):
    asked = matcalc.derive(question, where="A: n×n")
    assert asked.expr == matcalc.grad("tr(A X)", wrt="X", where="A: n×n").expr
    assert asked.check(seed=0).passed


@pytest.mark.parametrize("definition", [
    "f(x) = xᵀ A x", "L(x) := xᵀ A x", "φ = xᵀ A x", r"f(\mathbf{x}) = \mathbf{x}^T A \mathbf{x}",
    r"L(\mathbf{x}) := \mathbf{x}^\top A\mathbf{x}", r"\phi = x^T A x"])
def test_a_definition_reads_as_its_right_side(definition):
    assert matcalc.parse(definition, where="A: n×n, x: n") == matcalc.parse("xᵀ A x", where="A: n×n, x: n")
    assert matcalc.grad(definition, wrt="x", where="A: n×n, x: n").check(seed=0).passed


def test_definitions_build_on_each_other():
    asked = matcalc.derive("g = X ⊙ X; f(X) = sum(exp(g)); df/dX")
    assert asked.expr == matcalc.grad("sum(exp(X ⊙ X))", wrt="X").expr and asked.check(seed=0).passed


def test_a_semicolon_inside_brackets_is_a_block_row():
    assert matcalc.derive("d/dx ([A; B] x)").expr == matcalc.jacobian("[A; B] x", "x").expr


def test_two_statements_that_are_not_definitions_are_an_error():
    with pytest.raises(matcalc.ParseError, match="only one may be other than a definition"):
        matcalc.derive("d/dX tr(X); d/dX tr(A X)")


def test_a_question_without_a_variable_says_how_to_ask_one():
    with pytest.raises(matcalc.DerivationError, match="df/dX"):
        matcalc.derive("tr(A X)")


@pytest.mark.parametrize("arguments, printed", [
    ((r"\frac{\partial \mathbf{A}\mathbf{x}}{\partial \mathbf{x}}",), "A"),
    (("f(X) = tr(A X); df/dX",), "Aᵀ"),
    ((r"\nabla^2_x (x^T A x)", "--format", "latex"), r"A + A^\top"),
    (("tr(A X)", "--wrt", "X"), "Aᵀ"),
    (("x_{1}^T A x_{1}", "--latex", "--wrt", "x_1"), "(A + Aᵀ)x₁")])
def test_the_command_line_derives_what_the_question_asks(arguments, printed):
    status, out = call("derive", *arguments)
    assert status == 0 and out.strip() == printed


def test_the_command_line_asks_for_a_variable_the_question_does_not_name():
    status, out = call("derive", "tr(A X)")
    assert status == 2 and "names no variable" in out
