"""Matrix functions and their Fréchet derivatives: closed forms, printing, domains, and the
generated code of every backend against central differences of SciPy's functions, in float64.
"""
import numpy as np
import pytest
import scipy.linalg
import sympy

from matcalc import grad, parse
from matcalc.checking import domain
from matcalc.checking.sampling import variables
from matcalc.language.parse import parse_raw
from matcalc.printing.latex import to_latex
from matcalc.printing.sympy import from_sympy, to_sympy
from matcalc.printing.text import to_ascii, to_text
from frameworks import FUNCTION_FRAMEWORKS, as_numpy, framework

#: The Fréchet derivatives are checked to this relative error.
TOLERANCE = 1e-7
#: The backends whose logm and sqrtm diagonalize: a second derivative diagonalizes the block
#: [X, E; 0, X], which is not diagonalizable, and loses a digit.
DIAGONALIZING = ("jax", "torch")
N = 4


def _real_logm(a):
    return scipy.linalg.logm(a).real


FUNCTIONS = {"expm": scipy.linalg.expm, "logm": _real_logm, "sqrtm": scipy.linalg.sqrtm}


def _point(seed):
    """X near 4 I, whose eigenvalues lie in the right half plane (where logm and sqrtm are smooth), and A."""
    rng = np.random.default_rng(seed)
    return {"X": N * np.eye(N) + rng.standard_normal((N, N)), "A": rng.standard_normal((N, N))}


def _central_gradient(function, x, step=1e-5):
    """∂f/∂X by central differences: f(X + hEᵢⱼ) − f(X − hEᵢⱼ) over 2h."""
    gradient = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        unit = np.zeros_like(x)
        unit[index] = step
        gradient[index] = (function(x + unit) - function(x - unit)) / (2 * step)
    return gradient


def _relative_error(value, reference):
    return np.linalg.norm(value - reference) / np.linalg.norm(reference)


# ------------------------------------------------------------ closed forms

def test_the_gradient_of_the_trace_of_expm_is_expm_transposed():
    result = grad("tr(expm(X))", "X")
    assert str(result) == "expm(X)ᵀ"
    assert result.check(seed=0)


def test_the_gradient_of_the_trace_of_logm_is_the_inverse_transpose():
    result = grad("tr(logm(X))", "X")
    assert str(result) == "X⁻ᵀ"
    assert result.check(seed=0)


def test_the_gradient_through_sqrtm_of_an_spd_matrix_is_a_sylvester_solve():
    result = grad("tr(A sqrtm(S))", "S", where="S: spd")
    assert str(result) == "Sym(L_sqrt(S, Aᵀ))"
    assert "scipy.linalg.solve_sylvester(" in result.code().source
    rng = np.random.default_rng(3)
    m, a = rng.standard_normal((2, N, N))
    s = m @ m.T + N * np.eye(N)
    root = scipy.linalg.sqrtm(s)
    y = scipy.linalg.solve_sylvester(root, root, a.T)  # √S Y + Y √S = Aᵀ
    np.testing.assert_allclose(result.numpy()(S=s, A=a), (y + y.T) / 2, rtol=1e-10)
    assert result.check(seed=0)


# ---------------------------------------- Fréchet derivatives against differences

@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize("backend", ["numpy"] + FUNCTION_FRAMEWORKS)
def test_the_generated_frechet_derivative_matches_central_differences(name, backend):
    if backend != "numpy":
        framework(backend)
    result = grad(f"tr(A {name}(X))", "X")
    for seed in range(2):
        point = _point(seed)
        reference = _central_gradient(lambda x: np.trace(point["A"] @ FUNCTIONS[name](x)), point["X"])
        generated = as_numpy(getattr(result, backend)()(**point))
        assert _relative_error(generated, reference) < TOLERANCE


@pytest.mark.parametrize("backend", ["numpy"] + FUNCTION_FRAMEWORKS)
@pytest.mark.parametrize("name", FUNCTIONS)
def test_the_second_derivative_through_the_block_identity_matches_differences(name, backend):
    if backend != "numpy":
        framework(backend)
    short = name[:-1]
    result = grad(f"tr(A L_{short}(X, B))", "X")
    point = _point(5) | {"B": np.random.default_rng(6).standard_normal((N, N))}
    frechet = {"expm": lambda x, e: scipy.linalg.expm_frechet(x, e, compute_expm=False),
               "logm": lambda x, e: _real_logm(np.block([[x, e], [0 * x, x]]))[:N, N:],
               "sqrtm": lambda x, e: scipy.linalg.solve_sylvester(*2 * [scipy.linalg.sqrtm(x)], e)}[name]
    reference = _central_gradient(lambda x: np.trace(point["A"] @ frechet(x, point["B"])), point["X"])
    tolerance = 10 * TOLERANCE if backend in DIAGONALIZING else TOLERANCE
    assert _relative_error(as_numpy(getattr(result, backend)()(**point)), reference) < tolerance


@pytest.mark.parametrize("backend", ["numpy"] + FUNCTION_FRAMEWORKS)
@pytest.mark.parametrize("power", ["0.5", "(-1/3)", "1.5"])
def test_a_real_power_of_an_spd_matrix_matches_central_differences(power, backend):
    if backend != "numpy":
        framework(backend)
    result = grad(f"tr(A S^{power})", "S", where="S: spd")
    rng = np.random.default_rng(4)
    m, a = rng.standard_normal((2, N, N))
    point = {"S": m @ m.T + np.eye(N), "A": a}
    p = float(sympy.sympify(power))

    def along_symmetric(s):  # S stays symmetric: the gradient is the one within symmetric matrices
        return np.trace(a @ scipy.linalg.fractional_matrix_power((s + s.T) / 2, p)).real

    reference = _central_gradient(along_symmetric, point["S"])
    reference = (reference + reference.T) / 2
    generated = as_numpy(getattr(result, backend)()(**point))
    assert _relative_error(generated, reference) < TOLERANCE


def test_a_real_power_of_a_matrix_reads_as_powm_and_an_integer_one_stays_a_power():
    assert str(parse("S^0.5", "S: spd")) == "powm(S, 1/2)"
    assert str(parse("S^2", "S: spd")) == "S²"


# ------------------------------------------------------------------ printing

@pytest.mark.parametrize("text", ["expm(X)", "logm(X) + sqrtm(X)", "L_exp(X, E)", "L_log(X, E) L_sqrt(X, E)"])
def test_matrix_functions_read_back_from_every_printer(text):
    expression = parse(text, "X, E: n×n")
    assert parse(to_text(expression), "X, E: n×n") == expression
    assert parse(to_ascii(expression), "X, E: n×n") == expression
    assert from_sympy(to_sympy(expression), variables(expression)) == expression


def test_the_frechet_derivative_prints_as_the_literature_writes_it():
    differential = parse_raw("L_exp(X, d(X))")[0]
    assert to_text(differential) == "L_exp(X, dX)"
    assert to_latex(parse("L_exp(X, E)", "X, E: n×n")) == r"L_{\exp}\left(X, E\right)"
    assert to_latex(parse("logm(X)")) == r"\operatorname{logm}\left(X\right)"


# ------------------------------------------------------------------- domains

def test_logm_is_checked_away_from_the_closed_negative_real_axis():
    expression = parse("tr(logm(X))", "X: 2×2")
    assert "negative real axis" in domain.undefined_reason(expression, {"X": np.diag([-1.0, 2.0])}, {})
    assert domain.undefined_reason(expression, {"X": np.array([[1.0, -3.0], [3.0, 1.0]])}, {}) is None


def test_sqrtm_of_a_matrix_with_a_negative_eigenvalue_is_outside_its_domain():
    expression = parse("tr(sqrtm(X))", "X: 2×2")
    assert domain.undefined_reason(expression, {"X": np.diag([-1.0, 1.0])}, {}) is not None
