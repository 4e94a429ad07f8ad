"""Generated JAX, PyTorch and TensorFlow code: the NumPy backend's numbers through each framework.

Every gradient and vjp case of the public corpus, every kind of node and the
seed problems are computed by the generated JAX, PyTorch and TensorFlow modules and compared
with finite differences (the corpus) or with the generated NumPy module, which
test_codegen checks against the reference evaluator. The JAX module is jitted;
float32 and complex64 inputs keep their dtype; the framework's own factorizations
are used and no inverse is formed. A framework that is not installed skips its tests.
"""
import re

import numpy as np
import pytest

import matcalc
from matcalc.core import ir
from matcalc.cli import main
from frameworks import FRAMEWORKS, as_numpy, framework
from test_codegen import (CORPUS_CASES, CORPUS_MODULES, EXPRESSIONS, SEEDS, _built_nodes, code,
                          random_inputs)

#: What each framework's module factors with and solves with.
LINEAR_ALGEBRA = {"jax": ("cho_factor(", "cho_solve("),
                  "torch": ("torch.linalg.cholesky(", "torch.cholesky_solve("),
                  "tensorflow": ("tf.linalg.cholesky(", "tf.linalg.cholesky_solve(")}
SEED_000 = ("(ρ I + Dᴴ D)⁻¹ x", "D: complex m×n, x: complex n, ρ > 0")
SEED_000_PAIRED = "Re(G : (ρ I + Dᴴ D)⁻¹ x)"  # its vjp as a gradient, for the command line


def compiled(result, name):
    framework(name)
    return getattr(result, name)()


def assert_same_as_numpy(result, name, inputs, rtol=1e-9):
    generated, reference = compiled(result, name), result.numpy()
    value, gradient = generated.value_and_grad(**inputs)
    expected_value, expected_gradient = reference.value_and_grad(**inputs)
    np.testing.assert_allclose(as_numpy(gradient), expected_gradient, rtol=rtol, atol=1e-12)
    np.testing.assert_allclose(as_numpy(value), expected_value, rtol=rtol, atol=1e-12)
    np.testing.assert_allclose(as_numpy(generated(**inputs)), expected_gradient, rtol=rtol, atol=1e-12)
    np.testing.assert_allclose(as_numpy(generated.value(**inputs)), expected_value, rtol=rtol, atol=1e-12)


@pytest.mark.skipif(CORPUS_MODULES is None, reason="the shared corpus is not beside this checkout")
@pytest.mark.parametrize("name", FRAMEWORKS)
@pytest.mark.parametrize("case", CORPUS_CASES, ids=[c.id for c in CORPUS_CASES])
def test_corpus_gradients_through_each_framework(case, name):
    _, numerics = CORPUS_MODULES
    options = {"wrt": case.wrt, **({"where": case.where} if case.where else {})}
    result = matcalc.grad(case.expr, **options) if case.kind == "gradient" else \
        matcalc.vjp(case.expr, upstream="G", **options)
    inputs = numerics.sample_inputs(case, 0)
    answer = as_numpy(compiled(result, name)(**{k: np.copy(v) for k, v in inputs.items()}))
    expected = numerics.reference(case, inputs)
    assert numerics.relative_error(np.reshape(answer, np.shape(expected)), expected) < 1e-6
    if case.kind == "gradient":
        value = compiled(result, name).value(**inputs)
        np.testing.assert_allclose(as_numpy(value), case.f(**inputs), rtol=1e-9)


@pytest.mark.parametrize("name", FRAMEWORKS)
@pytest.mark.parametrize("text, wrt, where", EXPRESSIONS)
def test_every_kind_of_node_through_each_framework(text, wrt, where, name):
    result = matcalc.grad(text, wrt=wrt, where=where)
    assert_same_as_numpy(result, name, random_inputs(result, seed=2))


@pytest.mark.parametrize("name", FRAMEWORKS)
@pytest.mark.parametrize("node", _built_nodes(), ids=lambda node: type(node).__name__)
def test_column_major_vec_and_kronecker_blocks_through_each_framework(node, name):
    """grad(C : N, C) = N for the reshaping nodes: vec, unvec and Kronecker blocks, column-major."""
    result = matcalc.grad(ir.Frobenius(ir.Symbol("C", node.shape), node), wrt="C")
    assert_same_as_numpy(result, name, random_inputs(result))


@pytest.mark.parametrize("name", FRAMEWORKS)
@pytest.mark.parametrize("text, wrt, where, kind", SEEDS)
def test_seed_problems_through_each_framework(text, wrt, where, kind, name):
    result = matcalc.grad(text, wrt=wrt, where=where) if kind == "grad" else \
        matcalc.vjp(text, wrt=wrt, where=where, upstream="G")
    assert_same_as_numpy(result, name, random_inputs(result, seed=3))


@pytest.mark.parametrize("text, where", [SEED_000, ("a' inv(X) b + logdet(X)", None),
                                         ("‖[A, X; X, A]‖_F² + Y : (A ⊗ X)", None)])
def test_generated_jax_code_is_jittable(text, where):
    jax = framework("jax")
    result = matcalc.vjp(text, wrt="D", where=where, upstream="G") if "D" in text else \
        matcalc.grad(text, wrt="X", where=where)
    inputs = random_inputs(result, seed=4)
    generated = result.jax()
    jitted = jax.jit(generated.value_and_grad)
    value, gradient = jitted(**inputs)
    expected_value, expected_gradient = result.numpy().value_and_grad(**inputs)
    np.testing.assert_allclose(np.asarray(gradient), expected_gradient, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(np.asarray(value), expected_value, rtol=1e-9)
    np.testing.assert_allclose(np.asarray(jax.jit(generated)(**inputs)), expected_gradient, rtol=1e-9,
                               atol=1e-12)


@pytest.mark.parametrize("name", FRAMEWORKS)
def test_seed_000_factors_once_with_the_frameworks_own_cholesky(name):
    result = matcalc.vjp(SEED_000[0], wrt="D", where=SEED_000[1], upstream="G")
    body = code(result.code(name).source, "value_and_grad")
    factor, solve = LINEAR_ALGEBRA[name]
    assert body.count(factor) == 1 and solve in body
    assert "inv(" not in body and not re.search(r"\bnp\.|scipy", body)


@pytest.mark.parametrize("name", FRAMEWORKS)
def test_lu_solves_with_the_transpose_and_the_adjoint(name):
    """aᵀX⁻¹b with complex X: the gradient solves with Xᵀ and Xᴴ through LU factors."""
    result = matcalc.grad("Re(aᴴ X⁻¹ b) + Re(tr(C Xᵀ⁻¹))", wrt="X",
                          where="X: complex n×n, a: complex n, b: complex n, C: complex n×n")
    assert "lu" in code(result.code(name).source).lower()
    assert_same_as_numpy(result, name, random_inputs(result, seed=5))


SINGLE = {"float32": (np.float32, 1e-3), "complex64": (np.complex64, 1e-3)}


@pytest.mark.parametrize("name", FRAMEWORKS)
@pytest.mark.parametrize("precision", SINGLE)
def test_single_precision_stays_single(precision, name):
    dtype, rtol = SINGLE[precision]
    text, where = SEED_000 if dtype is np.complex64 else ("u1ᵀ W (W E Wᵀ + λI)⁻¹ Wᵀ u2 + tr(W)",
                                                         "E: n×n symmetric, λ > 0")
    result = matcalc.vjp(text, wrt="D", where=where, upstream="G") if "D" in text else \
        matcalc.grad(text, wrt="W", where=where)
    inputs = random_inputs(result, seed=6)
    single = {k: np.asarray(v, dtype if np.iscomplexobj(v) or dtype is np.float32 else np.float32)
              if np.ndim(v) else float(v) for k, v in inputs.items()}
    value, gradient = compiled(result, name).value_and_grad(**single)
    assert as_numpy(gradient).dtype == dtype
    assert as_numpy(value).dtype == np.float32
    np.testing.assert_allclose(as_numpy(gradient), result.numpy()(**inputs), rtol=rtol, atol=1e-4)


@pytest.mark.parametrize("name", FRAMEWORKS)
def test_a_wrong_shape_is_refused_by_the_framework_module(name):
    generated = compiled(matcalc.grad("aᵀ X b", wrt="X"), name)
    with pytest.raises(ValueError, match="X has shape"):
        generated.value(X=np.eye(3), a=np.ones(2), b=np.ones(3))
    with pytest.raises(ValueError, match="no value given for b"):
        generated(X=np.eye(3), a=np.ones(3))


def test_a_function_without_a_spelling_in_the_backend_is_refused(monkeypatch):
    from matcalc.codegen.backends.jax import JaxPrinter
    monkeypatch.delitem(JaxPrinter.functions, "exp")
    with pytest.raises(matcalc.MatcalcError, match="exp has no spelling for the jax backend"):
        matcalc.grad("sum(exp(X))", wrt="X").code("jax")


@pytest.mark.parametrize("name", FRAMEWORKS)
def test_the_command_line_writes_each_target(name, tmp_path, capsys):
    target = tmp_path / "module.py"
    assert main(["codegen", SEED_000_PAIRED, "--wrt", "D", "--where", SEED_000[1] + ", G: complex n",
                 "--target", name, "-o", str(target)]) == 0
    source = target.read_text(encoding="utf-8")
    assert LINEAR_ALGEBRA[name][0] in source
    framework(name)
    namespace = {}
    exec(compile(source, str(target), "exec"), namespace)
    result = matcalc.grad(SEED_000_PAIRED, wrt="D", where=SEED_000[1] + ", G: complex n")
    inputs = random_inputs(result, seed=7)
    np.testing.assert_allclose(as_numpy(namespace["grad_D"](**inputs)), result.numpy()(**inputs),
                               rtol=1e-9)


def test_the_command_line_refuses_an_unknown_target(capsys):
    assert main(["codegen", "tr(X)", "--wrt", "X", "--target", "fortran"]) == 2
    assert "the known ones are: jax, numpy, tensorflow, torch" in capsys.readouterr().err
