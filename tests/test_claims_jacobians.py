"""Claims of Jacobians, Hessians and backpropagation rules, and the symbolic side of a verdict.

Each correct claim is also held against central differences (tests/finite_differences.py,
written apart from matcalc.checking), so a verdict cannot pass by the engine agreeing with itself.
"""
import contextlib
import io

import numpy as np
import pytest

import finite_differences as fd
import matcalc
from matcalc import cli
from matcalc.checking import numeric, sampling
from matcalc.results.claims import read_claim


def value_of_claim(report, claim, point=1):
    """The claim's value, and the function's inputs and sizes, at a random point of its domain."""
    function = report.derived.function
    written, expand = read_claim(claim, function)
    inputs, sizes = sampling.sample_inputs(function, np.random.default_rng(point))
    return numeric.evaluate(expand(written), inputs, sizes), inputs, sizes


@pytest.mark.parametrize("expression, wrt, claim, where", [
    ("A x", "x", "A", None), ("X A", "X", "Aᵀ ⊗ I", "X: n×m, A: m×k"),
    ("B x + x", "x", "B + I", "B: n×n"), ("A X B", "X", "Bᵀ ⊗ A", "A: m×n, X: n×k, B: k×p")])
def test_a_right_jacobian_is_correct_and_agrees_with_differences(expression, wrt, claim, where):
    report = matcalc.check(expression, wrt=wrt, claim=claim, where=where)
    assert report.verdict == "correct" and report.ok
    value, inputs, sizes = value_of_claim(report, claim)
    variable = report.derived.variable
    reference = fd.jacobian(report.derived.function, variable, inputs, sizes)
    out_shape = numeric.evaluate(report.derived.function, inputs, sizes).shape
    expected = fd.vec_form(reference, out_shape, np.shape(inputs[wrt]))
    assert fd.relative_error(value, expected) < 1e-6


def test_a_jacobian_is_claimed_in_numerator_layout_unless_told():
    assert matcalc.check("A x", wrt="x", claim="Aᵀ").verdict == "transposed"
    report = matcalc.check("A x", wrt="x", claim="Aᵀ", layout="denominator")
    assert report.ok and "denominator layout" in report.message


def test_the_question_itself_says_what_is_claimed():
    jacobian = r"\frac{\partial \mathbf{A}\mathbf{x}}{\partial \mathbf{x}}"
    assert matcalc.check(jacobian, claim="A").ok
    assert matcalc.check(jacobian, claim="2A").verdict == "wrong"
    hessian = r"\nabla^2_x (x^T A x)"
    assert matcalc.check(hessian, claim="A + Aᵀ", where="A: n×n, x: n").ok
    assert matcalc.check(hessian, claim="2A", where="A: n×n, x: n").verdict == "wrong"


@pytest.mark.parametrize("claim, verdict", [("(G ⊙ exp(W x)) xᵀ", "correct"), ("G xᵀ", "wrong"),
                                            ("x (G ⊙ exp(W x))ᵀ", "transposed")])
def test_a_backpropagation_rule_is_checked_for_its_upstream_gradient(claim, verdict):
    report = matcalc.check("exp(W x)", wrt="W", claim=claim, upstream="G", where="W: m×n")
    assert report.verdict == verdict
    if verdict == "correct":
        value, inputs, sizes = value_of_claim(report, claim)
        reference = fd.gradient(report.derived.function, report.derived.variable, inputs, sizes)
        assert fd.relative_error(value, reference) < 1e-6


def test_a_claim_shaped_like_f_points_to_the_backpropagation_rule():
    with pytest.raises(matcalc.ShapeError, match="mn×mn; a claim shaped like F is a backpropagation rule"):
        matcalc.check("sin(X)", wrt="X", claim="cos(X)")


@pytest.mark.parametrize("claim, symbolic", [
    ("2(AWB − BWᵀAWBWE) where A = Sym(u1 u2ᵀ), B = (W E Wᵀ + λI)⁻¹", True),
    ("2(AWB − BWᵀAWBWE) where A = (u1 u2ᵀ + u2 u1ᵀ)/2, B = (W E Wᵀ + λI)⁻¹", True)])
def test_a_correct_claim_is_also_shown_equal_symbolically(claim, symbolic):
    report = matcalc.check("u1ᵀ W (W E Wᵀ + λI)⁻¹ Wᵀ u2", wrt="W", where="W: n×n, E: n×n symmetric, λ > 0",
                           claim=claim)
    assert report.ok and report.symbolic is symbolic and "simplifies to 0" in report.message


def test_an_equality_the_rules_cannot_show_is_still_found_at_the_points():
    """sin² + cos² = 1 entry by entry, which no rule says."""
    report = matcalc.check("tr(X X)", wrt="X", claim="Xᵀ + Xᵀ")
    assert report.ok and report.symbolic
    report = matcalc.check("sum(X)", wrt="X", claim="sin(X) ⊙ sin(X) + cos(X) ⊙ cos(X)")
    assert report.ok and not report.symbolic and "does not simplify to 0" in report.message


def call(*args):
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        status = cli.main(list(args))
    return status, out.getvalue()


@pytest.mark.parametrize("arguments, status, verdict", [
    (("A x", "--wrt", "x", "--claim", "A"), 0, "correct"),
    (("A x", "--wrt", "x", "--claim", "A'"), 1, "transposed"),
    (("A x", "--wrt", "x", "--claim", "A'", "--layout", "denominator"), 0, "correct"),
    (("exp(W x)", "--wrt", "W", "--upstream", "G", "--claim", "(G ⊙ exp(W x)) x'"), 0, "correct"),
    (("exp(W x)", "--wrt", "W", "--upstream", "G", "--claim", "G x'"), 1, "wrong")])
def test_the_command_line_checks_jacobians_and_backpropagation_rules(arguments, status, verdict):
    code, out = call("check", *arguments)
    assert code == status and out.startswith(verdict + ":")
