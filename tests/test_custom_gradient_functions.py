"""Custom gradients through the functions of the language in JAX, PyTorch and TensorFlow.

Each framework backpropagates a loss |y|² + Re(w : y) through the custom gradient of y = F
(softmax, logsumexp, relu and max, log_sigmoid, the matrix and the spectral functions); the
gradient it finds must be the generated NumPy vjp of F with the upstream G = 2y + Re w, which
test_codegen holds against the reference evaluator.
"""
import numpy as np
import pytest

import matcalc
from frameworks import FUNCTION_FRAMEWORKS, as_numpy, framework
from matcalc.checking import domain, numeric
from test_custom_gradient import gradients, weight_like

#: (F, the variable to differentiate by, declarations).
CASES = [
    ("softmax(x)", "x", None),
    ("softmax_rows(X) A", "X", None),
    ("logsumexp(X A)", "X", None),
    ("relu(X) + max(X, B) − min(X, B)", "X", None),
    ("log_sigmoid(X w) + log1p(expm1(X w) ⊙ (X w))", "w", None),
    ("sinh(X) ⊙ cosh(X)", "X", None),
    ("expm(X) A", "X", None),
    ("logm(X) + sqrtm(X)", "X", None),
    ("tr(A S^0.5)", "S", "S: spd"),
    ("λ_max(S) + λ_min(S)", "S", "S: symmetric"),
    ("u_max(S)", "S", "S: symmetric"),
    ("‖X‖₂ + ‖X‖_*", "X", "X: 5×3"),
    ("tr(A X^k)", "X", "k: integer"),
]


def _reference_value(text, where, inputs, shape):
    """F by the reference evaluator, in the shape the framework gives y."""
    columns = {key: np.reshape(value, (len(value), -1)) if np.ndim(value) else np.reshape(value, (1, 1))
               for key, value in inputs.items()}
    return np.reshape(numeric.evaluate(matcalc.parse(text, where), columns), shape)


@pytest.mark.parametrize("name", FUNCTION_FRAMEWORKS)
@pytest.mark.parametrize("text, wrt, where", CASES, ids=[case[0] for case in CASES])
def test_the_custom_gradient_is_the_derived_vjp(text, wrt, where, name):
    framework(name)
    result = matcalc.vjp(text, wrt=wrt, where=where, upstream="G")
    point, _ = domain.defined_point(result.function, np.random.default_rng(len(text)))
    inputs = {key: 3 if key == "k" else value for key, value in point.items() if key != "G"}
    custom = matcalc.custom_gradient(text, wrt=wrt, where=where, target=name)
    value = _reference_value(text, where, inputs, np.shape(as_numpy(custom(**inputs))))
    weight = weight_like(value)
    found, = gradients(name, lambda values: custom(**values), inputs, [wrt], weight)
    expected = result.numpy()(**inputs, G=2 * value + weight.real)
    np.testing.assert_allclose(found, np.reshape(expected, np.shape(found)), rtol=1e-8, atol=1e-10)
