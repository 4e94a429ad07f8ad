"""Checks draw their points inside the function's domain, and say so when there is none.

Each case is checked by `result.check()` and again here by a plain central difference
at a point the domain search found, so that a check passing for the wrong reason shows.
"""
import numpy as np
import pytest

import matcalc
from matcalc.checking import domain, numeric, sampling
from matcalc.cli import main

DEFINED = [
    ("tr(inv(Xᵀ X))", "X", "X: m×n"),
    ("tr(inv(Xᵀ X))", "X", "X: n×m"),
    ("logdet(XᵀX)", "X", "X: m×n"),
    ("logdet(XᵀX)", "X", "X: n×m"),
    ("log(det(XᵀX))", "X", "X: m×n"),
    ("logdet(X)", "X", "X: n×n diagonal"),
    ("logdet(X)", "X", "X: n×n"),
    ("log(xᵀx)", "x", ""),
    ("sqrt(sum(x ⊙ x))", "x", ""),
    ("sum(log(x))", "x", ""),
    ("sum(sqrt(x))", "x", ""),
    ("log(α) + sqrt(α)", "α", ""),
    ("tr(inv(D) A)", "D", "D: n×n diagonal"),
    ("sum(log(diag(X)))", "X", ""),
    ("sum(log(X))", "X", "X: n×m positive"),
    ("sum(sqrt(X)) + logdet(X)", "X", "X: n×n positive"),
    ("aᵀ log(x)", "x", "x: n positive"),
]


def _central_difference(f, x, diagonal, step=1e-6):
    gradient = np.zeros(x.shape)
    for index in np.ndindex(x.shape):
        if diagonal and index[0] != index[1]:
            continue
        e = np.zeros(x.shape)
        e[index] = step
        gradient[index] = (f(x + e) - f(x - e)) / (2 * step)
    return gradient


@pytest.mark.parametrize("text, wrt, where", DEFINED)
def test_check_passes_inside_the_domain(text, wrt, where):
    result = matcalc.grad(text, wrt=wrt, where=where or None)
    report = result.check(seed=0)
    assert report.passed, report
    inputs, sizes = domain.defined_point(result.function, np.random.default_rng(1))
    x = np.asarray(inputs[wrt], dtype=float)

    def f(value):
        return numeric.evaluate(result.function, {**inputs, wrt: value}, sizes)[0, 0].real

    reference = _central_difference(f, x, "diagonal" in where)
    derived = np.asarray(result.numpy()(**inputs)).reshape(reference.shape)
    assert np.allclose(derived, reference, rtol=1e-5, atol=1e-6)


def test_wide_factor_gets_sizes_that_make_its_gram_matrix_invertible():
    result = matcalc.grad("tr(inv(Xᵀ X))", wrt="X", where="X: m×n")
    inputs, sizes = domain.defined_point(result.function, np.random.default_rng(0))
    rows, cols = np.shape(inputs["X"])
    assert rows >= cols and np.linalg.cond(inputs["X"].T @ inputs["X"]) < domain.MAX_CONDITION


def test_diagonal_under_logdet_is_drawn_positive():
    result = matcalc.grad("logdet(X)", wrt="X", where="X: n×n diagonal")
    for seed in range(5):
        inputs, _ = domain.defined_point(result.function, np.random.default_rng(seed))
        assert np.all(np.diag(inputs["X"]) > 0)


@pytest.mark.parametrize("where", ["X: n×m positive", "X: n×n positive", "X: n positive", "X: vector positive"])
def test_positive_on_a_matrix_or_vector_means_entrywise_positive(where):
    function = matcalc.parse("sum(X)", where)
    assert "positive" in function.arg.properties and function.arg.shape != (1, 1)
    for seed in range(5):
        inputs, _ = sampling.sample_inputs(function, np.random.default_rng(seed))
        assert np.all(inputs["X"] > 0)


def test_a_point_that_is_already_defined_is_kept():
    """The first plain draw is the one sample_inputs makes: checks that passed stay as they were."""
    function = matcalc.grad("tr(A X B)", wrt="X").function
    found, sizes = domain.defined_point(function, np.random.default_rng(3))
    plain, plain_sizes = sampling.sample_inputs(function, np.random.default_rng(3))
    assert sizes == plain_sizes and all(np.array_equal(found[k], plain[k]) for k in plain)


@pytest.mark.parametrize("text, wrt, where", [
    ("log(-(xᵀx))", "x", None),
    ("sum(sqrt(-(x ⊙ x)))", "x", None),
    ("log(-tr(S))", "S", "S: n×n spd"),
])
def test_no_defined_point_is_a_clear_failure(text, wrt, where):
    report = matcalc.grad(text, wrt=wrt, where=where).check(seed=0)
    assert not report.passed and not report
    assert "could not find a point where the function is defined" in str(report)
    assert str(report).startswith("numerical check FAILED")


def test_cli_reports_no_defined_point_as_a_failed_check(capsys):
    assert main(["check", "log(-(xᵀx))", "--wrt", "x"]) == 1
    out = capsys.readouterr().out
    assert "FAILED: could not find a point where the function is defined" in out
