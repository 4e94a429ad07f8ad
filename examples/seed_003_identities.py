"""The identity table of the Matrix Cookbook, each derived and checked.

The slides state vector identities as row vectors (numerator layout: ∂xᵀa/∂x = aᵀ) and
matrix ones in X's shape (∂aᵀXb/∂X = abᵀ); each is asked for in the slide's layout and
compared with the slide's formula at random points. The derivation of one gradient
through an inverse shows why d(F⁻¹) = −F⁻¹ dF F⁻¹: differentiate F F⁻¹ = I.
"""
import sys

import numpy as np

import matcalc
from _timing import report
from matcalc.checking.sampling import sample_inputs

# (expression, wrt, declarations, layout, the slide's answer as text and as NumPy)
TABLE = [
    ("tr(A X B)", "X", None, "denominator", "AᵀBᵀ", lambda A, X, B: A.T @ B.T),
    ("det(X)", "X", None, "denominator", "det(X) X⁻ᵀ", lambda X: np.linalg.det(X) * np.linalg.inv(X).T),
    ("a' inv(X) b", "X", None, "denominator", "−X⁻ᵀ a bᵀ X⁻ᵀ",
     lambda a, X, b: -np.linalg.inv(X).T @ np.outer(a, b) @ np.linalg.inv(X).T),
    ("x' a", "x", None, "numerator", "aᵀ", lambda x, a: a),
    ("a' x", "x", None, "numerator", "aᵀ", lambda a, x: a),
    ("a' X b", "X", "X: n×m", "denominator", "a bᵀ", lambda a, X, b: np.outer(a, b)),
    ("x' B x", "x", None, "numerator", "xᵀ(B + Bᵀ)", lambda x, B: x @ (B + B.T)),
    ("(x - A s)' W (x - A s)", "s", "W: n×n symmetric", "numerator", "−2(x − As)ᵀWA",
     lambda x, A, s, W: -2 * (x - A @ s) @ W @ A),
]


rng = np.random.default_rng(3)
print(f"{'expression':<26}{'wrt':<5}{'layout':<13}{'the slide':<18}{'agrees':<8}{'check':<8}matcalc")
failures = 0
for expression, wrt, where, layout, slide_text, slide in TABLE:
    result = matcalc.grad(expression, wrt=wrt, where=where, layout=layout)
    inputs, _ = sample_inputs(result.function, rng)  # honoring the declarations, as the check does
    derived = np.asarray(result.numpy()(**inputs)).reshape(np.shape(slide(**inputs)))
    agree = np.allclose(derived, slide(**inputs))
    check = result.check(points=2, seed=0)
    failures += not (agree and check.passed)
    print(f"{expression:<26}{wrt:<5}{layout:<13}{slide_text:<18}{'yes' if agree else 'NO':<8}"
          f"{check.max_relative_error:<8.0e}{result}")
if failures:
    sys.exit(f"{failures} identities disagree with the slides")
print()

# Why d(F⁻¹) = −F⁻¹ dF F⁻¹: the step [d.inverse] below, for F = XXᵀ + I.
result = matcalc.grad("a' (X Xᵀ + I)⁻¹ b", wrt="X", where="X: n×m")


def naive(a, X, b):
    inverse = np.linalg.inv(X @ X.T + np.eye(len(X)))
    return -(inverse @ np.outer(a, b) @ inverse + inverse @ np.outer(b, a) @ inverse) @ X


n, m = 400, 300
inputs = {"a": rng.standard_normal(n), "X": rng.standard_normal((n, m)) / np.sqrt(m), "b": rng.standard_normal(n)}
report("aᵀ(XXᵀ + I)⁻¹b: the differential of an inverse", result, result.numpy(), naive, inputs)
