"""The code-generation backend interface: planning is shared, a backend only spells it.

The NumPy backend is the default and the one `Gradient.source` uses; a Backend object
is taken as given, and its spellings (here the dtype policy) reach the module; an
unknown backend is refused with the known ones listed. Code generation never imports
the derivation, and the lowering's identities are the entries of rules/lowering.toml.
"""
import ast
import pathlib

import numpy as np
import pytest

import matcalc
from matcalc.code import module_source
from matcalc.codegen import generate
from matcalc.codegen.backend import Backend
from matcalc.codegen.backends import BACKENDS
from matcalc.codegen.backends.numpy import NumPyBackend
from matcalc.checking import numeric, sampling
from matcalc.derivation.lowering_identities import lowering_identity

CODEGEN = pathlib.Path(matcalc.__file__).parent / "codegen"
EXPRESSION = "aᵀ (XᵀX + I)⁻¹ b + tr(X)"


class SinglePrecisionConstants(NumPyBackend):
    """The NumPy backend with another dtype policy: I, 0 and 𝟙 in float32."""

    def dtype_line(self, arrays):
        return "    dtype = np.dtype(np.float32)"


def _sample(result):
    inputs, _ = sampling.sample_inputs(result.function, np.random.default_rng(1))
    return inputs


def test_numpy_is_the_default_backend_and_the_one_results_use():
    result = matcalc.grad(EXPRESSION, wrt="X")
    by_name = generate([result], lowering_identity, backend="numpy").source
    assert by_name == generate([result], lowering_identity).source == result.source
    assert by_name == generate([result], lowering_identity, backend=NumPyBackend()).source
    assert module_source(EXPRESSION, "X", backend="numpy") == module_source(EXPRESSION, ["X"])


def test_a_backend_object_spells_the_module():
    result = matcalc.grad("tr(X) + ‖x‖²", wrt="X")  # ∇ = I: its dtype comes from the policy
    generated = generate([result], lowering_identity, backend=SinglePrecisionConstants())
    assert "dtype = np.dtype(np.float32)" in generated.source
    assert "np.result_type(" not in generated.source
    inputs = _sample(result)
    gradient = generated.namespace()[generated.gradients["X"]](**inputs)
    assert gradient.dtype == np.float32
    np.testing.assert_array_equal(gradient, result.evaluator()(**inputs))


@pytest.mark.parametrize("backend", ["mxnet", "NumPy", "", None, ["numpy"]])
def test_an_unknown_backend_is_refused_with_the_known_ones(backend):
    result = matcalc.grad(EXPRESSION, wrt="X")
    for make in (lambda: generate([result], lowering_identity, backend=backend),
                 lambda: module_source(EXPRESSION, "X", backend=backend)):
        with pytest.raises(matcalc.MatcalcError, match="the known ones are: jax, numpy, tensorflow, torch") as error:
            make()
        assert repr(backend) in str(error.value)


def test_every_backend_defines_what_the_interface_asks():
    for name, backend_class in BACKENDS.items():
        backend = backend_class()
        assert isinstance(backend, Backend) and backend.name == name
        for helper in ("_array", "_scalar", "_shape_error", "_missing"):
            assert f"def {helper}(" in backend.prelude, f"{name}: the prelude lacks {helper}"
        for helper, source in backend.helpers.items():
            assert f"def {helper}(" in source
        assert set(backend.reserved_names()) >= set(backend.helpers) | {"_array", "_missing"}


def _imports(path):
    """(module, level, inside a function) for every import statement of a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nested = {id(n) for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
              for n in ast.walk(f) if isinstance(n, (ast.Import, ast.ImportFrom))}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            yield node.module or "", node.level, id(node) in nested
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, 0, id(node) in nested


@pytest.mark.parametrize("path", sorted(CODEGEN.rglob("*.py")), ids=lambda p: str(p.relative_to(CODEGEN)))
def test_code_generation_never_imports_the_derivation_nor_imports_late(path):
    for module, level, late in _imports(path):
        assert "derivation" not in module.split("."), f"{path.name} imports {module}"
        assert not late, f"{path.name} imports {module} inside a function"


@pytest.mark.parametrize("text, where", [("det(X^3)", None), ("logdet(S^3) + det(X^-2)", "S: n×n spd")])
def test_powers_in_determinants_factor_the_base_once(text, where):
    """rules/lowering.toml: det Mᵏ = (det M)ᵏ and log det Mᵏ = k log det M."""
    result = matcalc.grad(text, wrt="X", where=where)
    source = result.source
    assert "matrix_power" not in source and "@" not in source.split("def value(")[1].split("def ")[0]
    inputs = _sample(result)
    value = result.numpy().value(**inputs)
    expected = numeric.evaluate(result.function, inputs, sampling.default_sizes(result.function, {}))
    np.testing.assert_allclose(value, expected, rtol=1e-9)
