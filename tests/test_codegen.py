"""Generated NumPy code: what it computes and how.

Structure: no explicit inverse where a solve serves, one factorization shared by
every use, no Kronecker product or identity-masked matrix formed, products in a
cheap order. Values: the public corpus, the backpropagation through (ρI + DᴴD)⁻¹x, the
block-Hadamard and symmetric-gradient problems and textbook gradients, against finite
differences of the corpus's own NumPy functions and against the reference
evaluator; dtypes kept; inputs checked.
"""
import importlib.util
import os
import re
import sys

import numpy as np
import pytest

import sympy

import matcalc
from matcalc.core import ir
from matcalc.core.properties import is_nonnegative
from matcalc.checking import numeric, sampling
from matcalc.code import module_source
from matcalc.codegen import generate
from matcalc.derivation.lowering_identities import lowering_identity

SEED_002 = "u1ᵀ W (W E Wᵀ + λI)⁻¹ Wᵀ u2"
SEED_002_WHERE = "E: n×n symmetric, λ > 0"
SEED_001 = "‖Z − I ⊙ (H_Rᵀ A + H_Iᵀ B)‖_F² + ‖W − [H_R, −H_I; H_I, H_R] P Sᵀ‖_F²"
CORPUS = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpus")


def code(source, function=None):
    """The code of a generated module, or of one of its functions, without comments."""
    if function is not None:
        start = source.index(f"\ndef {function}(")
        end = source.find("\ndef ", start + 1)
        source = source[start:end if end > 0 else None]
    return "\n".join(line.split("  # ")[0] for line in source.splitlines())


def functions(result):
    return ("value", result.code().gradients[result.variable.name], "value_and_grad")


def random_inputs(result, seed=0):
    inputs, _ = sampling.sample_inputs(result.function, np.random.default_rng(seed))
    return inputs


def assert_matches_reference(result, seed=0):
    """The generated gradient and value equal the node-by-node evaluator's."""
    inputs = random_inputs(result, seed)
    generated = result.numpy()
    expected = np.reshape(result.evaluator()(**inputs), np.shape(generated(**inputs)))
    np.testing.assert_allclose(generated(**inputs), expected, rtol=1e-9, atol=1e-12)
    value = numeric.evaluate(result.function, inputs)[0, 0]
    np.testing.assert_allclose(generated.value(**inputs), value, rtol=1e-10)


# ---------------------------------------------------------------- structure

def test_bilinear_form_of_an_inverse_solves_with_one_lu():
    result = matcalc.grad("a' inv(X) b", wrt="X")
    for function in functions(result):
        body = code(result.source, function)
        assert "inv(" not in body
        assert body.count("lu_factor(") == 1
    assert "trans=1" in code(result.source, "grad_X")  # X⁻ᵀa is a transposed solve
    assert_matches_reference(result)


def test_seed_002_has_no_inverse_and_one_shared_factorization():
    result = matcalc.grad(SEED_002, wrt="W", where=SEED_002_WHERE)
    source = result.source
    assert "inv(" not in code(source)
    both = code(source, "value_and_grad")
    assert both.count("_ldl_factor(") == 1 and "lu_factor(" not in both and "cho_factor(" not in both
    assert "0.5 * (" not in code(source, "grad_W")  # Sym(u₁u₂ᵀ) is never formed
    assert_matches_reference(result)


def test_seed_002_solves_are_stacked():
    result = matcalc.grad(SEED_002, wrt="W", where=SEED_002_WHERE)
    assert code(result.source, "grad_W").count("_ldl_solve(") == 1
    assert "np.hstack" in code(result.source, "grad_W")


@pytest.mark.parametrize("text", ["logdet(S) + det(S)", "aᵀ S⁻¹ b + tr(S⁻¹)", "aᵀ Sᵀ⁻¹ b"])
def test_symmetric_indefinite_matrices_are_factored_ldl(text):
    """A real symmetric S not known to be definite: L D Lᵀ (LAPACK sytrf), not LU, and its
    determinants read off D's 1×1 and 2×2 blocks (a zero-diagonal S forces 2×2 pivots)."""
    result = matcalc.grad(text, wrt="S", where="S: n×n symmetric")
    body = code(result.source, "value_and_grad")
    assert body.count("_ldl_factor(") == 1 and "lu_factor(" not in body
    rng = np.random.default_rng(8)
    for n in (1, 2, 5):
        S = rng.standard_normal((n, n))
        S = S + S.T
        if n > 1:
            S[:2, :2] = [[0.0, 1.0], [1.0, 0.0]]
        inputs = {"S": S, "a": rng.standard_normal(n), "b": rng.standard_normal(n)}
        value, gradient = result.numpy().value_and_grad(**inputs)
        expected = numeric.evaluate(result.function, inputs)[0, 0]
        if np.isfinite(expected):
            np.testing.assert_allclose(value, expected, rtol=1e-10)
            np.testing.assert_allclose(gradient, numeric.evaluate(result.result, inputs), rtol=1e-8, atol=1e-12)


def test_logdet_of_spd_uses_exactly_one_cholesky():
    result = matcalc.grad("logdet(S)", wrt="S", where="S: n×n spd")
    for function in functions(result):
        body = code(result.source, function)
        assert body.count("cho_factor(") == 1
        assert "lu_factor" not in body and "slogdet" not in body and "inv(" not in body
    assert_matches_reference(result)


def test_provably_definite_matrices_use_cholesky():
    result = matcalc.grad("aᵀ (ρ I + Dᵀ D)⁻¹ b", wrt="D", where="ρ > 0")
    body = code(result.source, "value_and_grad")
    assert body.count("cho_factor(") == 1 and "lu_factor(" not in body
    assert_matches_reference(result)


def test_kronecker_product_with_identity_is_never_formed():
    result = matcalc.grad("Y : (I_3 ⊗ X)", wrt="X")
    assert "kron(" not in code(result.source)
    assert_matches_reference(result)


def test_kronecker_product_acts_by_reshapes():
    for wrt in ("x", "y", "A"):
        result = matcalc.grad("yᵀ (A ⊗ B) x", wrt=wrt)
        assert "kron(" not in code(result.source)
        assert_matches_reference(result)


def test_identity_hadamard_keeps_only_the_diagonal():
    result = matcalc.grad(SEED_001, wrt="H_R")
    body = code(result.source, "grad_H_R")
    assert "np.eye(" not in body and "np.diagflat" not in body
    assert_matches_reference(result)


def test_blocks_of_a_product_multiply_blocks_and_shared_products_are_computed_once():
    """D[0:m, 0:n] = R[0:m, :] (SPᵀ)[:, 0:n], with SPᵀ = (PSᵀ)ᵀ also serving the residual R:
    four matrix products in all (SPᵀ, the residual, two diagonal blocks), as by hand."""
    result = matcalc.grad(SEED_001, wrt="H_R")
    body = code(result.source, "grad_H_R")
    assert body.count(" @ ") == 4 and body.count("[0:") >= 2
    assert_matches_reference(result)


def test_chain_is_ordered_by_flops():
    result = matcalc.grad("aᵀ X Y Z b", wrt="a")
    body = code(result.source, "grad_a")
    assert "X @ Y" not in body and "Y @ Z" not in body  # matrix times vector only
    assert_matches_reference(result)


def test_outer_products_come_last():
    result = matcalc.grad("uᵀ X v", wrt="X")
    assert result.source.count(" * ") >= 1 and "X @" not in code(result.source, "grad_X")
    assert_matches_reference(result)


@pytest.mark.parametrize("text, wrt, gram", [
    ("‖A x − b‖²", "x", "A.T @ A"),                                   # 2AᵀA
    ("‖A X B − C‖²", "X", "B @ B.T"),                                 # 2(BBᵀ ⊗ AᵀA)
    ("sum(softplus(X w)) - y' X w", "w", "{0}.T @ {0}"),             # Xᵀdiag(σ(Xw) ⊙ σ(−Xw))X
    ("sum(exp(X w))", "w", "{0}.T @ {0}"),                           # Xᵀdiag(exp(Xw))X
])
def test_gram_matrices_are_one_array_times_its_own_transpose(text, wrt, gram):
    """MᵀM is written M.T @ M, which NumPy computes as a symmetric rank-k update; Mᵀdiag(w)M
    with w ≥ 0 as the Gram matrix of √w ⊙ M."""
    result = matcalc.hessian(text, wrt=wrt, where="X: 2n×n" if wrt == "w" else None)
    body = code(result.source, "value")
    scaled = re.search(r"(t\d+) = np\.sqrt\(t\d+\)\n +(t\d+) = \1 \* X\n", body)
    assert gram.format(scaled.group(2) if scaled else None) in body
    assert result.check(points=2, seed=3)


def test_weights_not_provably_nonnegative_are_not_rooted():
    result = matcalc.hessian("sum(sin(X w))", wrt="w")
    body = code(result.source, "value")
    assert "np.sqrt" not in body
    assert result.check(points=2, seed=4)


@pytest.mark.parametrize("text, nonnegative", [
    ("sigmoid(x) ⊙ sigmoid(−x)", True), ("exp(A) + 2 softplus(A)", True), ("x ⊙ x", True),
    ("x.^2", True), ("abs(x) ⊘ cosh(x)", True), ("ρ relu(x)", True), ("sin(x)", False),
    ("x", False), ("−exp(x)", False), ("exp(z)", False),
])
def test_nonnegativity_is_proven_from_the_entrywise_functions(text, nonnegative):
    node = matcalc.parse(text, where="ρ > 0, z: complex n")
    assert is_nonnegative(node) is nonnegative
    if nonnegative:
        inputs, _ = sampling.sample_inputs(node, np.random.default_rng(5))
        assert (numeric.evaluate(node, inputs) >= 0).all()


def test_inverse_only_where_the_result_is_one():
    result = matcalc.grad("det(X)", wrt="X")
    assert "np.linalg" not in code(result.source) and "inv(" not in code(result.source)
    assert_matches_reference(result)


# ------------------------------------------------------------ every node kind

EXPRESSIONS = [
    ("sum(exp(X))", "X", None), ("sum(log(X .* X + ones(n, n)))", "X", None),
    ("sum(sqrt(X .* X + ones(n, n)))", "X", None),
    ("sum(sin(X) + cos(X))", "X", None), ("sum(tanh(X))", "X", None), ("sum(sigmoid(X))", "X", None),
    ("sum(softplus(X))", "X", None), ("tr(X ./ (X .* X + ones(n, n)))", "X", None), ("sum(X .^ 3)", "X", None),
    ("tr(X^3)", "X", None), ("tr(X^-2)", "X", None), ("‖X‖_F", "X", None), ("vec(X)ᵀ vec(X)", "X", None),
    ("diag(X)ᵀ diag(X)", "X", None), ("xᵀ diag(x) x", "x", None), ("Y : (A ⊗ X)", "X", None), ("Y : (X ⊗ B)", "X", None),
    ("tr(Sym(A X))", "X", None), ("logdet(X)", "X", None), ("det(X) + tr(X⁻¹)", "X", None),
    ("‖[A, X; X, A]‖_F²", "X", None), ("Re(tr(C X))", "X", "C: complex n×n"),
    ("‖D x‖²", "D", "D: complex m×n, x: complex n"), ("Im(aᴴ X b)", "X", "a: complex n, b: complex n"),
    ("λ² + λ tr(X)", "λ", None), ("((-λ + -λ + λ) ⊙ (λ ⊘ λ)) ⊘ (1 + λ²)", "λ", None), ("tr(X) sum(X)", "X", None), ("sum(A ⊙ X) / 2", "X", None),
]


@pytest.mark.parametrize("text, wrt, where", EXPRESSIONS)
def test_every_kind_of_node_has_code(text, wrt, where):
    result = matcalc.grad(text, wrt=wrt, where=where)
    assert result.check(points=1, seed=1).passed
    assert_matches_reference(result, seed=2)


# ------------------------------------------------------- dtypes and shapes

def test_float32_stays_float32():
    result = matcalc.grad(SEED_002, wrt="W", where=SEED_002_WHERE)
    inputs = {name: np.asarray(value, np.float32) if np.ndim(value) else float(value)
              for name, value in random_inputs(result).items()}
    value, gradient = result.numpy().value_and_grad(**inputs)
    assert gradient.dtype == np.float32 and np.asarray(value).dtype == np.float32
    np.testing.assert_allclose(gradient, result.evaluator()(**inputs), rtol=1e-3)


def test_float32_logdet_stays_float32():
    result = matcalc.grad("logdet(S)", wrt="S", where="S: n×n spd")
    inputs = {"S": random_inputs(result)["S"].astype(np.float32)}
    assert result.numpy()(**inputs).dtype == np.float32


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
def test_complex_dtypes_are_kept(dtype):
    result = matcalc.grad("||D x - b||^2", wrt="D", where="D: complex m×n, x: complex n, b: complex m")
    inputs = {name: value.astype(dtype) for name, value in random_inputs(result).items()}
    gradient = result.numpy()(**inputs)
    assert gradient.dtype == dtype
    np.testing.assert_allclose(gradient, result.evaluator()(**inputs), rtol=1e-4)


def test_vectors_come_back_1d_and_scalars_as_numpy_scalars():
    quadratic = matcalc.grad("xᵀ B x + λ xᵀ x", wrt="x").numpy()
    scalar = matcalc.grad("xᵀ B x + λ xᵀ x", wrt="λ").numpy()
    inputs = {"x": np.arange(3.0), "B": np.eye(3), "λ": 2.0}
    assert quadratic(**inputs).shape == (3,)
    assert np.ndim(scalar(**inputs)) == 0 and isinstance(scalar(**inputs), np.generic)
    assert np.isscalar(quadratic.value(**inputs))
    column = {**inputs, "x": np.arange(3.0).reshape(3, 1)}
    np.testing.assert_allclose(quadratic(**column), quadratic(**inputs))


def test_shape_errors_name_the_variable_and_both_shapes():
    gradient = matcalc.grad(SEED_002, wrt="W", where=SEED_002_WHERE).numpy()
    good = {"u1": np.ones(3), "W": np.eye(3), "E": np.eye(3), "λ": 1.0, "u2": np.ones(3)}
    with pytest.raises(matcalc.MatcalcError, match=r"W has shape \(3, 4\).*n×n = \(3, 3\)"):
        gradient(**{**good, "W": np.ones((3, 4))})
    with pytest.raises(matcalc.MatcalcError, match=r"u2 has shape \(4,\).*n = \(3,\)"):
        gradient(**{**good, "u2": np.ones(4)})
    with pytest.raises(matcalc.MatcalcError, match="u1 must be a vector"):
        gradient(**{**good, "u1": np.ones((3, 3))})
    with pytest.raises(matcalc.MatcalcError, match="λ must be a scalar"):
        gradient(**{**good, "λ": np.ones(2)})
    with pytest.raises(matcalc.MatcalcError, match="no value given for λ"):
        gradient(**{k: v for k, v in good.items() if k != "λ"})
    for error in ("W", "u2"):
        try:
            gradient(**{**good, error: np.ones((5, 5)) if error == "W" else np.ones(5)})
        except matcalc.MatcalcError as raised:
            assert len(str(raised)) <= 400


def test_derived_dimensions_are_read_and_checked():
    gradient = matcalc.grad("Y : (I_3 ⊗ X)", wrt="X").numpy()
    assert gradient(Y=np.ones((6, 9)), X=np.ones((2, 3))).shape == (2, 3)
    with pytest.raises(matcalc.MatcalcError, match="Y has shape"):
        gradient(Y=np.ones((6, 8)), X=np.ones((2, 3)))


# --------------------------------------------------------------- modules

def test_module_source_has_every_gradient_and_shares_work():
    source = module_source(SEED_001, ["H_R", "H_I"])
    namespace = {}
    exec(compile(source, "<module>", "exec"), namespace)
    each = {wrt: matcalc.grad(SEED_001, wrt=wrt) for wrt in ("H_R", "H_I")}
    inputs = random_inputs(each["H_R"])
    value, grad_r, grad_i = namespace["value_and_grad"](**inputs)
    np.testing.assert_allclose(grad_r, each["H_R"].evaluator()(**inputs), rtol=1e-10)
    np.testing.assert_allclose(grad_i, each["H_I"].evaluator()(**inputs), rtol=1e-10)
    np.testing.assert_allclose(value, numeric.evaluate(each["H_R"].function, inputs)[0, 0])
    both = code(source, "value_and_grad")
    assert both.count("np.block(") == 1  # the residual is computed once for all three


def test_module_source_rejects_an_empty_list():
    with pytest.raises(matcalc.MatcalcError):
        module_source("tr(X)", [])


def test_generated_check_reports_relative_error():
    report = matcalc.grad(SEED_002, wrt="W", where=SEED_002_WHERE).check(points=2, seed=3)
    assert report.passed and report.max_relative_error < 1e-7 and report.points == 2


# ----------------------------------------------- the corpus and the seeds

def _corpus():
    if not os.path.exists(os.path.join(CORPUS, "corpus.py")):
        return None
    sys.path.insert(0, CORPUS)
    spec = importlib.util.spec_from_file_location("corpus_for_codegen", os.path.join(CORPUS, "corpus.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    import numerics
    return module, numerics


CORPUS_MODULES = _corpus()
CORPUS_CASES = [c for c in (CORPUS_MODULES[0].CASES if CORPUS_MODULES else ())
                if c.kind in ("gradient", "vjp")]


@pytest.mark.skipif(CORPUS_MODULES is None, reason="the shared corpus is not beside this checkout")
@pytest.mark.parametrize("case", CORPUS_CASES, ids=[c.id for c in CORPUS_CASES])
def test_corpus_gradients_through_generated_code(case):
    _, numerics = CORPUS_MODULES
    options = {"wrt": case.wrt, **({"where": case.where} if case.where else {})}
    result = matcalc.grad(case.expr, **options) if case.kind == "gradient" else \
        matcalc.vjp(case.expr, upstream="G", **options)
    inputs = numerics.sample_inputs(case, 0)
    answer = result.numpy()(**{k: np.copy(v) for k, v in inputs.items()})
    expected = numerics.reference(case, inputs)
    assert numerics.relative_error(np.reshape(answer, np.shape(expected)), expected) < 1e-6
    if case.kind == "gradient":
        np.testing.assert_allclose(result.numpy().value(**inputs), case.f(**inputs), rtol=1e-9)


SEEDS = [
    ("(ρ I + Dᴴ D)⁻¹ x", "D", "D: complex m×n, x: complex n, ρ > 0", "vjp"),
    ("inv(rho*I + D*D^H)*x", "D", "D: complex m x n, x: complex m, rho > 0", "vjp"),
    (SEED_001, "H_R", None, "grad"), (SEED_001, "H_I", None, "grad"),
    (SEED_002, "W", SEED_002_WHERE, "grad"), ("u_1' W inv(W E W' + lambda I) W' u_2", "W", "E: n x n symmetric", "grad"),
    ("det(X)", "X", None, "grad"), ("a' inv(X) b", "X", None, "grad"), ("a' X b", "X", None, "grad"),
    ("xᵀ B x", "x", None, "grad"), ("(x - A s)ᵀ W (x - A s)", "s", "W: n×n symmetric", "grad"),
    ("||y - Φ θ||^2", "θ", "Φ: n×d, θ: d", "grad"),
]


@pytest.mark.parametrize("text, wrt, where, kind", SEEDS)
def test_seed_problems_through_generated_code(text, wrt, where, kind):
    result = matcalc.grad(text, wrt=wrt, where=where) if kind == "grad" else \
        matcalc.vjp(text, wrt=wrt, where=where, upstream="G")
    assert result.check(points=2, seed=4).passed
    assert_matches_reference(result)


def test_seed_000_factors_its_matrix_once_by_cholesky():
    result = matcalc.vjp("(ρ I + Dᴴ D)⁻¹ x", wrt="D", where="D: complex m×n, x: complex n, ρ > 0",
                         upstream="G")
    body = code(result.source, "value_and_grad")
    assert body.count("cho_factor(") == 1 and "inv(" not in body


def test_generate_takes_several_results_of_one_function():
    results = [matcalc.grad("aᵀ X b + bᵀ b", wrt=w) for w in ("X", "b")]
    generated = generate(results, lowering_identity)
    namespace = generated.namespace()
    inputs = random_inputs(results[0])
    value, by_x, by_b = namespace["value_and_grad"](**inputs)
    np.testing.assert_allclose(by_b, np.reshape(results[1].evaluator()(**inputs), -1))
    np.testing.assert_allclose(namespace[generated.gradients["X"]](**inputs), by_x)


# ------------------------------------------- every node type of the evaluator

def _built_nodes():
    """One expression per node type that derivations produce and parsing cannot write."""
    from matcalc.core.shapes import dimension
    n, m = dimension("n"), dimension("m")
    y = ir.Symbol("Y", (2 * n, 2 * m))
    x = ir.Symbol("x", (n * m, sympy.Integer(1)))
    a = ir.Symbol("A", (sympy.Integer(2), sympy.Integer(2)))
    b = ir.Symbol("B", (n, m))
    return [ir.Unvec(x, (n, m)), ir.KronBlockSum(a, y), ir.KronBlockSum(ir.Identity(sympy.Integer(2)), y),
            ir.KronBlockInner(b, y), ir.BlockPart(y, (n, 2 * n), (sympy.Integer(0), m)),
            ir.DiagMatrix(ir.Symbol("v", (n, sympy.Integer(1)))), ir.Vec(b)]


@pytest.mark.parametrize("node", _built_nodes(), ids=lambda node: type(node).__name__)
def test_nodes_that_only_derivations_make_have_code(node):
    """grad(C : N, C) = N: the generated gradient must compute N as the evaluator does."""
    upstream = ir.Symbol("C", node.shape)
    result = matcalc.grad(ir.Frobenius(upstream, node), wrt="C")
    inputs, sizes = sampling.sample_inputs(result.function, np.random.default_rng(0))
    expected = numeric.evaluate(node, inputs, sizes)
    np.testing.assert_allclose(np.reshape(result.numpy()(**inputs), expected.shape), expected)


def test_every_evaluated_node_type_is_printed_or_lowered():
    from matcalc.codegen.lower import Lowering
    from matcalc.codegen.backends.numpy_printer import NumPyPrinter
    missing = [kind.__name__ for kind in numeric._EVALUATE
               if not hasattr(NumPyPrinter, f"_print_{kind.__name__}")
               and not hasattr(Lowering, f"_lower_{kind.__name__}")]
    assert missing == []


def test_jacobians_and_hessians_offer_the_generated_code_they_run():
    jacobian = matcalc.jacobian("Rᵀ R", wrt="R")
    hessian = matcalc.hessian("x' A x", wrt="x")
    for result in (jacobian, hessian):
        compile(result.source, "<generated>", "exec")
        assert "def value_and_grad(" in result.source
    r = np.arange(6.0).reshape(3, 2)
    by_column = jacobian.numpy()(R=r)  # J[p, q, i, j] = ∂(RᵀR)_pq / ∂R_ij
    assert by_column.shape == (2, 2, 3, 2)
    np.testing.assert_allclose(by_column[0, 1], np.column_stack([r[:, 1], r[:, 0]]))
    a = np.array([[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_allclose(hessian.numpy()(x=np.ones(2), A=a), a + a.T)


@pytest.mark.parametrize("text, wrt, where, kind", [
    ("aᵀ (XᵀX + λI)⁻¹ b", "a", "λ > 0", "cho_factor("), ("aᵀ (XᵀX + λI)⁻¹ b", "a", None, "_ldl_factor("),
    (SEED_002, "W", "E: n×n spd, λ > 0", "cho_factor("), (SEED_002, "W", SEED_002_WHERE, "_ldl_factor("),
    ("logdet(Sᵀ) + aᵀ (S²)⁻¹ a", "a", "S: n×n spd", "cho_factor("),
    ("logdet(S³) + tr(S^-2)", "S", "S: n×n spd", "cho_factor("),
])
def test_cholesky_exactly_where_definiteness_is_proven(text, wrt, where, kind):
    """One factorization of S serves S², S⁻ᵀ and log det S³ too."""
    result = matcalc.grad(text, wrt=wrt, where=where)
    body = code(result.source, "value_and_grad")
    others = {"lu_factor(", "cho_factor(", "_ldl_factor("} - {kind}
    assert body.count(kind) == 1 and not any(other in body for other in others)
    assert_matches_reference(result)


def test_check_takes_a_complex_step_where_the_function_is_analytic():
    exact = matcalc.grad("a' inv(X) b + logdet(X)", wrt="X").check(points=2, seed=5)
    assert exact.passed and exact.max_relative_error < 1e-12  # no cancellation in Im f(x + ih)/h
    differenced = matcalc.grad("‖A x − b‖²", wrt="x").check(points=2, seed=5)  # |·|² is not analytic
    assert differenced.passed


def test_constants_stay_real_beside_complex_inputs():
    """𝟙 next to a complex variable is real: sigmoid and softplus of real values stay real."""
    result = matcalc.grad("sum(sigmoid(log(a ⊙ a + ones(n)) − Re(z)) + softplus(Re(z)))", wrt="a",
                          where="z: complex n")
    assert_matches_reference(result)
    constant = matcalc.grad("Re((1+2j) λ)", wrt="λ", where="λ: complex scalar").numpy()
    assert constant(**{"λ": 1 + 1j}) == 1 - 2j
