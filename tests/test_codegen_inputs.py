"""Inputs of generated code: a Greek name is also given by its ASCII spelling (lam or lambda for
λ, mu for μ); opt-in checks refuse non-finite inputs and results (a singular matrix) and complex
data for variables declared real, while the default function is the generated code itself."""
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

import matcalc

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def ridge():
    result = matcalc.grad("‖X w − y‖² + λ‖w‖²", wrt="w")
    rng = np.random.default_rng(0)
    inputs = {"X": rng.standard_normal((5, 3)), "y": rng.standard_normal(5), "w": rng.standard_normal(3)}
    expected = 2 * inputs["X"].T @ (inputs["X"] @ inputs["w"] - inputs["y"]) + 2 * 0.5 * inputs["w"]
    return result, inputs, expected


@pytest.mark.parametrize("spelling", ["λ", "lam", "lambda"])
def test_a_greek_input_is_given_by_any_of_its_spellings(ridge, spelling):
    result, inputs, expected = ridge
    assert np.allclose(result.numpy()(**inputs, **{spelling: 0.5}), expected)
    value, gradient = result.numpy().value_and_grad(**inputs, **{spelling: 0.5})
    assert np.allclose(gradient, expected)


def test_an_expression_spelling_the_name_takes_the_letter_too():
    result = matcalc.grad("(x − mu)ᵀ S (x − mu) + lambda", wrt="x")
    x, mean, S = np.ones(3), np.arange(3.0), np.diag([1.0, 2.0, 3.0])
    for given in ({"mu": mean, "lambda": 1.0}, {"μ": mean, "λ": 1.0}, {"μ": mean, "lam": 1.0}):
        assert np.allclose(result.numpy()(x=x, S=S, **given), 2 * S @ (x - mean))
    assert "_aliased(inputs" in matcalc.code.module_source("(x − mu)ᵀ S (x − mu) + lambda", ["x"])


def test_a_missing_input_is_still_named(ridge):
    result, inputs, _ = ridge
    with pytest.raises(matcalc.MatcalcError, match="no value given for λ"):
        result.numpy()(**inputs)


def test_a_spelling_that_is_another_variable_is_not_taken_for_it():
    result = matcalc.grad("mu + sum(x) μ", wrt="x")
    with pytest.raises(matcalc.MatcalcError, match="no value given for μ"):
        result.numpy()(mu=1.0, x=np.ones(2))
    assert np.allclose(result.numpy()(mu=1.0, x=np.ones(2), μ=3.0), 3.0)


def test_without_options_the_function_is_the_generated_code():
    result = matcalc.grad("aᵀ inv(X) b", wrt="X")
    assert result.numpy().__module__ == result.numpy(check_finite=False).__module__ == "matcalc_generated"


@pytest.fixture(scope="module")
def inverse_form():
    result = matcalc.grad("aᵀ inv(X) b", wrt="X")
    rng = np.random.default_rng(1)
    inputs = {"a": rng.standard_normal(3), "b": rng.standard_normal(3), "X": rng.standard_normal((3, 3)) + 3 * np.eye(3)}
    return result, inputs


def test_checked_code_agrees_where_all_is_finite(inverse_form):
    result, inputs = inverse_form
    plain, checked = result.numpy(), result.numpy(check_finite=True, real_inputs=True)
    assert np.allclose(checked(**inputs), plain(**inputs))
    assert np.allclose(checked.value_and_grad(**inputs)[1], plain(**inputs))
    assert np.isclose(checked.value(**inputs), plain.value(**inputs))


def test_a_singular_matrix_is_refused_when_finiteness_is_checked(inverse_form):
    result, inputs = inverse_form
    singular = {**inputs, "X": np.ones((3, 3))}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert not np.all(np.isfinite(result.numpy()(**singular)))  # by default: NaN, at no cost
    for function in (result.numpy(check_finite=True), result.numpy(check_finite=True).value_and_grad):
        with pytest.raises(matcalc.MatcalcError, match="not finite: a matrix the expression inverts may be singular"):
            function(**singular)


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_a_non_finite_input_is_refused_when_finiteness_is_checked(inverse_form, bad):
    result, inputs = inverse_form
    with pytest.raises(matcalc.MatcalcError, match="a has entries that are not finite"):
        result.numpy(check_finite=True)(**{**inputs, "a": np.array([1.0, bad, 2.0])})


def test_complex_data_for_a_real_variable_is_refused_when_asked(inverse_form):
    result, inputs = inverse_form
    given = {**inputs, "X": inputs["X"] + 1e-3j}
    result.numpy()(**given)  # accepted by default
    with pytest.raises(matcalc.MatcalcError, match="X is declared real, but complex values were given"):
        result.numpy(real_inputs=True)(**given)


def test_complex_data_for_a_complex_variable_is_accepted():
    result = matcalc.grad("Re(aᴴ X b)", wrt="X", where="X: complex n×n, a: complex n, b: complex n")
    rng = np.random.default_rng(2)
    a, b = rng.standard_normal(3) + 1j * rng.standard_normal(3), rng.standard_normal(3) + 1j * rng.standard_normal(3)
    X = rng.standard_normal((3, 3)) + 1j * rng.standard_normal((3, 3))
    assert np.allclose(result.numpy(real_inputs=True)(a=a, b=b, X=X), np.outer(a, b.conj()))


def test_the_input_check_benchmark_runs():
    completed = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_input_checks.py"), "--quick"],
                               capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": ""})
    assert completed.returncode == 0, completed.stderr
    assert "check_finite=True" in completed.stdout
