"""Jacobians and Hessians as results: textbook closed forms checked numerically, the same
surface as gradients (check, LaTeX, SymPy, steps, code), and the command line."""
import contextlib
import importlib.util
import io
import json
import os
import subprocess
import sys

import numpy as np
import pytest

import matcalc
from matcalc import cli
from matcalc.checking import domain, numeric
from matcalc.presentation.jacobian_forms import commutation_matrix
from matcalc.results.jacobians import evaluate_form

from frameworks import FRAMEWORKS, as_numpy, framework
from test_jacobians import central_jacobian, value_of

CORPUS = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpus")


def closed_form_against_differences(result, seed=0):
    """The closed form ∂vec(F)/∂vec(X)ᵀ evaluated node by node, against central differences."""
    rng = np.random.default_rng(seed)
    inputs, sizes = domain.defined_point(result.function, rng)
    derived = result.matrix()(**inputs)
    reference = central_jacobian(value_of(result.function, sizes), inputs, result.variable.name)
    return np.allclose(derived, np.reshape(reference, (derived.shape[0], -1), order="F"), rtol=1e-6,
                       atol=1e-7)


@pytest.mark.parametrize("text, wrt, textbook", [
    ("(A X B)ᵀ", "X", "(A ⊗ Bᵀ)K"),              # MML (5.99): the commutation matrix
    ("Xᵀ", "X", "K"),
    ("tr(A X B)", "X", "vec(AᵀBᵀ)ᵀ"),           # MML (5.100): ∂f/∂X as a row, the gradient's vec
    ("det(X)", "X", "vec(det(X)X⁻ᵀ)ᵀ"),         # MML (5.101)
    ("X⁻¹", "X", "−(X⁻ᵀ ⊗ X⁻¹)"),              # MML (5.102)
    ("A*x", "A", "xᵀ ⊗ I"),                     # seed 004: df/dA
    ("Rᵀ R", "R", "(Rᵀ ⊗ I)K + I ⊗ Rᵀ"),         # seed 004: dK/dR
    ("A x", "x", "A"),                          # numerator layout: df/dx = A
    ("exp(x)", "x", "diag(exp(x))"),
    ("X ⊙ X", "X", "2 diag(vec(X))"),
    ("vec(X)", "X", "I"),
    ("sigmoid(W x)", "x", "diag(sigmoid(W x) ⊙ sigmoid(−W x))W"),  # σ′ = σ(t)σ(−t)
])
def test_textbook_jacobians_are_pinned_and_checked(text, wrt, textbook):
    result = matcalc.jacobian(text, wrt=wrt)
    assert result.text().split("  where  ")[0] == textbook
    assert ("K_" in str(result)) == ("K" in textbook.replace("⊗", ""))
    assert closed_form_against_differences(result)
    assert result.check(points=2, seed=1)


def test_hessian_through_vec_inverse():
    """The gradient holds vec⁻¹(·): H[U] is read through it, vec(vec⁻¹(w)) = w."""
    result = matcalc.hessian("vec(Y)ᵀ kron(Vᵀ, S) vec(Y)", wrt="Y", where="Y: n×m, V: m×m, S: n×n")
    assert str(result) == "H[U] = SᵀUVᵀ + SUV;  H = 2 Sym(V ⊗ Sᵀ)"
    assert result.check(points=2, seed=13)


def test_jacobian_differential_without_a_matrix_form_stays_the_answer():
    result = matcalc.jacobian("diag(diag(X)) A", wrt="X")
    assert str(result) == "d(diag(diag(X))A) = diag(diag(dX))A"
    assert result.matrix() is None and result.check(points=2, seed=2)


@pytest.mark.parametrize("text, wrt, action, kron", [
    ("‖A X B − C‖²", "X", "H[V] = 2AᵀAVBBᵀ", "H = 2((BBᵀ) ⊗ (AᵀA))"),
    ("logdet(X)", "X", "H[V] = −X⁻ᵀVᵀX⁻ᵀ", "H = −(X⁻¹ ⊗ X⁻ᵀ)K"),
    ("tr(X Xᵀ A)", "X", "H[V] = 2 Sym(A)V", "H = 2(I ⊗ Sym(A))"),
])
def test_hessians_print_their_action_and_kronecker_form(text, wrt, action, kron):
    result = matcalc.hessian(text, wrt=wrt)
    shown_action, shown_kron = str(result).split(";  ")
    assert shown_action == action and shown_kron.startswith(kron)
    assert result.check(points=2, seed=3)
    assert "H[V]" in result.latex() and "\\otimes" in result.latex()


def test_hessian_of_a_vector_variable_is_the_matrix():
    result = matcalc.hessian("sum(softplus(X w)) - y' X w", wrt="w", where="X: 2n×n")
    assert str(result) == "Xᵀ diag(sigmoid(X w) ⊙ sigmoid(−X w))X"
    assert result.check(points=2, seed=4)


@pytest.mark.parametrize("make", [lambda: matcalc.jacobian("Rᵀ R", wrt="R"),
                                  lambda: matcalc.hessian("‖A X B − C‖²", wrt="X"),
                                  lambda: matcalc.vjp("X^-1", wrt="X")])
def test_same_surface_as_gradients(make):
    result = make()
    assert result.check(points=2, seed=5).passed
    assert result.latex() and result._repr_latex_().startswith("$")
    assert str(result.steps).count("\n") >= 2
    assert result.sympy is not None
    assert "def " in result.source
    assert callable(result.numpy())


def test_one_by_one_jacobian_and_hessian():
    inverse = matcalc.jacobian("inv(X)", wrt="X", where="X: 1×1")
    assert inverse.check(points=2, seed=6)
    assert np.isclose(inverse.numpy()(X=np.array([[2.0]])), -0.25)
    square = matcalc.hessian("tr(X X A)", wrt="X", where="X: 1×1, A: 1×1")
    assert square.check(points=2, seed=6)


# ------------------------------------------------------------------ command line

def call(*args):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = cli.main(list(args))
    return status, out.getvalue()


@pytest.mark.parametrize("command, text, wrt, expected", [
    ("jacobian", "Rᵀ R", "R", "(Rᵀ ⊗ I)K + I ⊗ Rᵀ"),
    ("hessian", "‖A X B − C‖²", "X", "H[V] = 2AᵀAVBBᵀ"),
    ("vjp", "X^-1", "X", "−X⁻ᵀGX⁻ᵀ"),
])
def test_commands_print_check_and_describe(command, text, wrt, expected):
    status, out = call(command, text, "--wrt", wrt, "--check", "--seed", "0", "--steps")
    assert status == 0 and expected in out and "numerical check passed" in out
    status, out = call(command, text, "--wrt", wrt, "--format", "json")
    description = json.loads(out)
    assert status == 0 and expected in description[{"vjp": "gradient"}.get(command, command)]
    assert call(command, text, "--wrt", "nothing")[0] == 2


def _corpus_cases():
    if not os.path.exists(os.path.join(CORPUS, "corpus.py")):
        return []
    sys.path.insert(0, CORPUS)
    spec = importlib.util.spec_from_file_location("corpus_for_cli", os.path.join(CORPUS, "corpus.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [c for c in module.CASES if c.kind in ("jacobian", "hessian", "vjp")]


CASES = _corpus_cases()


@pytest.mark.skipif(not CASES, reason="the shared corpus is not beside this checkout")
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_corpus_through_the_new_commands(case):
    import numerics
    where = ("--where", case.where) if case.where else ()
    status, out = call(case.kind, case.expr, "--wrt", case.wrt, *where, "--check", "--seed", "0")
    assert status == 0, out
    options = {"wrt": case.wrt, **({"where": case.where} if case.where else {})}
    result = getattr(matcalc, case.kind)(case.expr, **options)
    inputs = numerics.sample_inputs(case, 0)
    expected = numerics.reference(case, inputs)
    answer = result.numpy()(**{k: np.copy(v) for k, v in inputs.items()})
    answer, expected = numerics.align(case.kind, answer, expected, np.shape(inputs[case.wrt]))
    assert numerics.relative_error(answer, expected) < 1e-6


# ------------------------------------------------------------------ Hessian-vector products

SEED_001 = "‖Z − I ⊙ (H_RᵀA + H_IᵀB)‖_F² + ‖W − [H_R, −H_I; H_I, H_R] P Sᵀ‖_F²"


def test_hessian_of_seed_001_through_its_blocks_derives_and_checks():
    result = matcalc.hessian(SEED_001, wrt="H_R", where="H_R: n×n, H_I: n×n")
    assert str(result).startswith("H[V] = 2(")
    assert result.check(points=2, seed=7)


@pytest.mark.parametrize("backend", ["numpy"] + FRAMEWORKS)
@pytest.mark.parametrize("text, wrt", [("‖A X B − C‖²", "X"), ("logdet(X)", "X"),
                                       ("sum(softplus(X w)) - y' X w", "w")])
def test_hvp_code_is_the_hessian_times_the_direction(backend, text, wrt):
    if backend != "numpy":
        framework(backend)
    result = matcalc.hessian(text, wrt=wrt)
    hvp = getattr(result.hvp(), backend)()
    inputs, _ = domain.defined_point(result.function, np.random.default_rng(8))
    point = inputs[wrt]
    direction = np.random.default_rng(9).standard_normal(np.shape(point))
    along = as_numpy(hvp(**inputs, **{result.direction.name: direction}))
    expected = result.numpy()(**inputs) @ np.reshape(direction, -1, order="F")
    assert np.allclose(np.reshape(along, -1, order="F"), expected, rtol=1e-8, atol=1e-10)


def gradient_along(result, inputs, sizes, direction, step=1e-6):
    """d/dh ∇f(X + hV) at h = 0 by central differences of the gradient evaluated node by node."""
    name, gradient = result.variable.name, value_of(result.gradient.expr, sizes)
    ahead, behind = ({**inputs, name: inputs[name] + sign * step * direction} for sign in (1, -1))
    return (np.asarray(gradient(ahead)) - np.asarray(gradient(behind))) / (2 * step)


@pytest.mark.parametrize("text, wrt, prepared", [
    ("‖A X B − C‖²", "X", "H[V] = 2PVQ  where  P = AᵀA,  Q = BBᵀ"),
    ("sum(softplus(X w)) - y' X w", "w", "H[v] = Xᵀ(P ⊙ (X v))  where  P = sigmoid(X w) ⊙ sigmoid(−X w)"),
    ("logdet(X)", "X", "H[V] = −X⁻ᵀVᵀX⁻ᵀ"),  # inverses stay solves: nothing to prepare
])
def test_prepared_hvp_computes_its_parts_once_per_point(text, wrt, prepared):
    result = matcalc.hessian(text, wrt=wrt)
    product = result.hvp()
    assert str(product) == prepared
    assert all(f"# {symbol.name} = " in product.source for symbol, _ in product.parts)
    rng = np.random.default_rng(20)
    inputs, sizes = domain.defined_point(result.function, rng)
    apply = product.numpy().at(**inputs)
    for _ in range(3):  # one preparation, many directions
        direction = rng.standard_normal(np.shape(inputs[wrt]))
        along = np.asarray(apply(direction))
        reference = gradient_along(result, inputs, sizes, direction)
        assert np.allclose(along, np.reshape(reference, np.shape(along)), rtol=1e-6, atol=1e-7)
    assert product.check(points=2, seed=21)


SEED_002 = "u1ᵀ W (W E Wᵀ + λI)⁻¹ Wᵀ u2"
SEED_002_ACTION = ("H[V] = A(2V − 4WBC)B + (4B(D + F − G)BW − 2JV)E  where  A = Sym(u₁u₂ᵀ),  "
                   "B = (WEWᵀ + λI)⁻¹,  C = Sym(VEWᵀ),  D = Sym(CBWᵀu₁u₂ᵀW),  F = Sym(CBWᵀu₂u₁ᵀW),  "
                   "G = Sym(VᵀAW),  J = Sym(BWᵀu₁u₂ᵀWB)")


def test_seed_002_hessian_is_pinned_and_agrees_with_differences_of_the_gradient():
    result = matcalc.hessian(SEED_002, wrt="W", where="E: n×n symmetric, λ > 0")
    action, kron = str(result).split(";  H = ")
    assert action == SEED_002_ACTION and "K = K_n,n" in kron
    inputs, sizes = domain.defined_point(result.function, np.random.default_rng(22))
    hessian = result.numpy()(**inputs)
    reference = central_jacobian(value_of(result.gradient.expr, sizes), inputs, "W")
    assert np.allclose(hessian, np.reshape(reference, hessian.shape, order="F"), rtol=1e-6, atol=1e-7)
    assert np.allclose(evaluate_form(result.form, result.function, result.variable, inputs), hessian)
    direction = np.random.default_rng(23).standard_normal(np.shape(inputs["W"]))
    printed = numeric.evaluate(result.action, {**inputs, "V": direction}, sizes)
    assert np.allclose(np.reshape(printed, -1, order="F"), hessian @ np.reshape(direction, -1, order="F"))


@pytest.mark.parametrize("text, where, pinned", [
    ("‖A S B − C‖²", "S: n×n symmetric", "H[V] = 2 Sym(AᵀAVBBᵀ);  H = 2Π((BBᵀ) ⊗ (AᵀA))Π"),
    ("logdet(S)", "S: n×n spd", "H[V] = −Sym(S⁻¹VᵀS⁻¹);  H = −Π(S⁻¹ ⊗ S⁻¹)Π"),
    ("tr(A S B S)", "S: n×n symmetric", "H[V] = Sym(BᵀVᵀAᵀ + AᵀVᵀBᵀ);  H = Π(A ⊗ Bᵀ + B ⊗ Aᵀ)Π"),
])
def test_hessians_within_symmetric_matrices_print_their_projected_kronecker_form(text, where, pinned):
    """H = ΠMΠ with Π = (I + K)/2: the gradient's derivatives along symmetric directions."""
    result = matcalc.hessian(text, wrt="S", where=where)
    assert str(result).startswith(pinned + "  where  Π = (I + K)/2, the projection onto symmetric matrices")
    assert "\\Pi" in result.latex()
    inputs, sizes = domain.defined_point(result.function, np.random.default_rng(24))
    closed = evaluate_form(result.form, result.function, result.variable, inputs)
    size = np.shape(inputs["S"])[0]
    projection = (np.eye(size * size) + commutation_matrix(size, size)) / 2
    reference = central_jacobian(value_of(result.gradient.expr, sizes), inputs, "S")
    along_symmetric = np.reshape(reference, closed.shape, order="F") @ projection
    assert np.allclose(closed, along_symmetric, rtol=1e-6, atol=1e-7)
    assert np.allclose(closed, result.numpy()(**inputs))
    assert result.check(points=2, seed=25)


@pytest.mark.slow  # benchmarks/run.py --quick runs it in CI
def test_quick_hessian_benchmark_runs_and_agrees_with_jax():
    root = os.path.join(os.path.dirname(__file__), "..")
    completed = subprocess.run([sys.executable, os.path.join(root, "benchmarks", "bench_hessians.py"), "--quick"],
                               capture_output=True, text=True, encoding="utf-8", timeout=300,
                               env={**os.environ, "PYTHONPATH": os.path.abspath(root)})
    assert completed.returncode == 0, completed.stderr[-2000:]
    rows = completed.stdout.splitlines()[2:]
    assert not rows or [row[:32].strip() for row in rows] == [
        "Hessian of xᵀAx", "Hessian of the logistic loss", "HVP of ‖AXB − C‖²", "HVP per V, prepared",
        "vs jax.linearize"]


# ------------------------------------------------------------------ complex Jacobians

SEED_000 = "D: complex m×n, x: complex n, ρ > 0"


@pytest.mark.parametrize("text, first, second", [
    # seed 000 eqs. (5)-(6): ∂A/∂Re Dᵢⱼ = eⱼeᵢᵀD + Dᴴeᵢeⱼᵀ, ∂A/∂Im Dᵢⱼ = −j eⱼeᵢᵀD + j Dᴴeᵢeⱼᵀ
    ("ρI + Dᴴ D", "∂vec(F)/∂vec(Re D)ᵀ = A + BK", "∂vec(F)/∂vec(Im D)ᵀ = j(A − BK)  where  A = I ⊗ Dᴴ,  B = Dᵀ ⊗ I"),
    # seed 000 eqs. (7)-(8): −A⁻¹ (∂A/∂·) A⁻¹x
    ("(ρI + Dᴴ D)⁻¹ x", "∂vec(F)/∂vec(Re D)ᵀ = −A(B + C)", "∂vec(F)/∂vec(Im D)ᵀ = jA(C − B)"),
])
def test_seed_000_complex_jacobians_agree_with_differences_on_re_and_im(text, first, second):
    result = matcalc.jacobian(text, wrt="D", where=SEED_000)
    shown = str(result)
    assert shown.startswith(first) and second in shown and shown.endswith("(real-imaginary)")
    assert result.check(points=2, seed=10)
    inputs, _ = domain.defined_point(result.function, np.random.default_rng(11))
    closed = [evaluate_form(form, result.function, result.variable, inputs) for form in result.pair]
    for matrix, values in zip(closed, result.numpy()(**inputs)):
        assert np.allclose(matrix, np.reshape(values, (matrix.shape[0], -1), order="F"))


def test_wirtinger_pair_on_request():
    result = matcalc.jacobian("ρI + Dᴴ D", wrt="D", where=SEED_000, convention="wirtinger")
    assert str(result).startswith("∂vec(F)/∂vec(D)ᵀ = I ⊗ Dᴴ;  ∂vec(F)/∂vec(conj(D))ᵀ = (Dᵀ ⊗ I)K")
    assert result.check(points=2, seed=12)
    status, out = call("jacobian", "ρI + Dᴴ D", "--wrt", "D", "--where", SEED_000, "--convention", "wirtinger",
                       "--check", "--seed", "0")
    assert status == 0 and "(wirtinger)" in out


def test_hessian_in_a_complex_variable_acts_and_checks():
    result = matcalc.hessian("‖A x − b‖²", wrt="x", where="x: complex n, A: complex m×n, b: complex m")
    assert str(result) == "H[v] = 2AᴴA v"
    assert result.check(points=2, seed=14)
    with pytest.raises(matcalc.MatcalcError, match="hvp"):
        result.numpy()


def test_hessian_within_symmetric_matrices_acts_and_checks():
    result = matcalc.hessian("logdet(S) + tr(S⁻¹ A)", wrt="S", where="S: n×n spd")
    assert str(result).startswith("H[V] = Sym(")
    assert result.check(points=2, seed=15)


def test_ascii_of_a_form_with_the_commutation_matrix_reads_back():
    result = matcalc.hessian("logdet(X)", wrt="X")
    assert result.result.ascii() == "-kron(X^-1, X^-T) K where K: (n*n, n*n)"
    assert matcalc.parse(result.result.ascii()) == result.result
