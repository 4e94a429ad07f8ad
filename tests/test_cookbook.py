"""The Matrix Cookbook (Petersen & Pedersen, 15 November 2012), §2 "Derivatives": every
identity with a scalar function, derived and checked.

Each case is derived by matcalc.grad, checked by `result.check()`, checked again by an
independent central difference of the function along a random direction honoring the
variable's structure, and compared with the Cookbook's own closed form at random points.
Identities about entries of a matrix function, ∂(F(X))ₖₗ/∂Xᵢⱼ (73)–(75), (79), (90),
are checked on the scalar uᵀF(X)v at unit vectors u = eₖ, v = eₗ.

Left out, because their function is not a scalar or not in the language: the matrix-valued
(59), (60), (80), (130), the general chain and structure rules (133)–(138), eigenvector
perturbation (67)–(68), the Toeplitz (143), and the matrix function of (128) (the language's
sin and exp are elementwise). (48) and (97) are second derivatives, checked as Hessians.
"""
import zlib
from dataclasses import dataclass

import numpy as np
import pytest

import matcalc
from matcalc.checking import differences, numeric, sampling


@dataclass(frozen=True)
class Case:
    """One Cookbook identity: ∂f/∂wrt = expected (the Cookbook's form, in the language,
    or a function of the inputs when it needs sizes the text does not carry)."""
    eq: str
    text: str
    wrt: str
    expected: object
    where: str = None
    unit_vectors: bool = False  # u = e₁, v = e₂: entries of a matrix function
    older_symmetric: bool = False  # §2.8.2 states 2G − I ⊙ G, not Sym(G)
    relation: object = None  # a property of the gradient G, as (lhs, rhs) of the inputs

    @property
    def id(self):
        return f"MC({self.eq}) {self.text} wrt {self.wrt}"


def eye_like(name):
    return lambda v: np.eye(len(v[name]))


CASES = [
    # §2.1.1 general form
    Case("46", "det(A + ξ B)", "ξ", "det(A + ξB) tr((A + ξB)⁻¹ B)"),
    Case("47", "det(X)", "X", None,
         relation=lambda g, v: (g @ v["X"].T, np.linalg.det(v["X"]) * np.eye(len(v["X"])))),
    # §2.1.2 linear forms
    Case("49", "det(X)", "X", "det(X) X⁻ᵀ"),
    Case("50", "det(X)", "X", None,
         relation=lambda g, v: (v["X"] @ g.T, np.linalg.det(v["X"]) * np.eye(len(v["X"])))),
    Case("51", "det(A X B)", "X", "det(A X B) X⁻ᵀ", where="A: n×n, B: n×n, X: n×n"),
    # §2.1.3 square forms
    Case("52", "det(Xᵀ A X)", "X", "2 det(Xᵀ A X) X⁻ᵀ", where="X: n×n"),
    Case("53", "det(Xᵀ A X)", "X", "2 det(Xᵀ A X) A X (Xᵀ A X)⁻¹", where="A: n×n symmetric, X: n×m"),
    Case("54", "det(Xᵀ A X)", "X", "det(Xᵀ A X) (A X (Xᵀ A X)⁻¹ + Aᵀ X (Xᵀ Aᵀ X)⁻¹)",
         where="X: n×m"),
    # §2.1.4 other nonlinear forms; (56) with P = X⁺, so ln det(XᵀX) = −ln det(PPᵀ), Xᵀ = (PPᵀ)⁻¹P
    Case("55", "logdet(Xᵀ X)", "X", "2 X (Xᵀ X)⁻¹", where="X: n×m"),
    Case("56", "-logdet(P Pᵀ)", "P", "-2 (P Pᵀ)⁻¹ P", where="P: m×n"),
    Case("57", "log(abs(det(X)))", "X", "X⁻ᵀ"),
    Case("58", "det(X^3)", "X", "3 det(X^3) X⁻ᵀ"),
    Case("58", "det(X^-2)", "X", "-2 det(X^-2) X⁻ᵀ"),
    # §2.2 inverses
    Case("61", "aᵀ X⁻¹ b", "X", "-X⁻ᵀ a bᵀ X⁻ᵀ"),
    Case("62", "det(X⁻¹)", "X", "-det(X⁻¹) X⁻ᵀ"),
    Case("63", "tr(A X⁻¹ B)", "X", "-(X⁻¹ B A X⁻¹)ᵀ"),
    Case("64", "tr((X + A)⁻¹)", "X", "-((X + A)⁻¹ (X + A)⁻¹)ᵀ"),
    # §2.3 eigenvalues: Σ eig(X) = tr(X), Π eig(X) = det(X)
    Case("65", "tr(X)", "X", eye_like("X")),
    Case("66", "det(X)", "X", "det(X) X⁻ᵀ"),
    # §2.4.1 first order
    Case("69", "xᵀ a", "x", "a"),
    Case("69", "aᵀ x", "x", "a"),
    Case("70", "aᵀ X b", "X", "a bᵀ"),
    Case("71", "aᵀ Xᵀ b", "X", "b aᵀ"),
    Case("72", "aᵀ X a", "X", "a aᵀ"),
    Case("72", "aᵀ Xᵀ a", "X", "a aᵀ"),
    Case("73", "uᵀ X v", "X", "u vᵀ", unit_vectors=True),
    Case("74", "uᵀ X A v", "X", "u vᵀ Aᵀ", unit_vectors=True),
    Case("75", "uᵀ Xᵀ A v", "X", "A v uᵀ", unit_vectors=True),
    # §2.4.2 second order
    Case("76", "sum(X)^2", "X", lambda v: 2 * v["X"].sum() * np.ones_like(v["X"])),
    Case("77", "bᵀ Xᵀ X c", "X", "X (b cᵀ + c bᵀ)"),
    Case("78", "(B x + b)ᵀ C (D x + d)", "x", "Bᵀ C (D x + d) + Dᵀ Cᵀ (B x + b)"),
    Case("79", "uᵀ Xᵀ B X v", "X", "Bᵀ X u vᵀ + B X v uᵀ", unit_vectors=True),
    Case("81", "xᵀ B x", "x", "(B + Bᵀ) x"),
    Case("82", "bᵀ Xᵀ D X c", "X", "Dᵀ X b cᵀ + D X c bᵀ"),
    Case("83", "(X b + c)ᵀ D (X b + c)", "X", "(D + Dᵀ)(X b + c) bᵀ"),
    Case("84", "(x − A s)ᵀ W (x − A s)", "s", "-2 Aᵀ W (x − A s)", where="W: n×n symmetric"),
    Case("85", "(x − s)ᵀ W (x − s)", "x", "2 W (x − s)", where="W: n×n symmetric"),
    Case("86", "(x − s)ᵀ W (x − s)", "s", "-2 W (x − s)", where="W: n×n symmetric"),
    Case("87", "(x − A s)ᵀ W (x − A s)", "x", "2 W (x − A s)", where="W: n×n symmetric"),
    Case("88", "(x − A s)ᵀ W (x − A s)", "A", "-2 W (x − A s) sᵀ", where="W: n×n symmetric"),
    Case("89", "‖α − xᴴ b‖^2", "x", "-2 b conj(α − xᴴ b)", where="x: complex n, b: complex n, α: complex"),
    # §2.4.3 higher order and nonlinear; (90) entrywise, (93)–(94) with s = tanh(x), r = exp(x)
    Case("90", "uᵀ X^3 v", "X", "u vᵀ (X^2)ᵀ + Xᵀ u vᵀ Xᵀ + (X^2)ᵀ u vᵀ", unit_vectors=True),
    Case("91", "aᵀ X^3 b", "X", "a bᵀ (X^2)ᵀ + Xᵀ a bᵀ Xᵀ + (X^2)ᵀ a bᵀ"),
    # (92) as printed has its first term transposed: Σᵣ (Xʳ)ᵀXⁿbaᵀ(Xⁿ⁻¹⁻ʳ)ᵀ is the derivative
    Case("92", "aᵀ (X^2)ᵀ X^2 b", "X",
         "X² b aᵀ Xᵀ + Xᵀ X² b aᵀ + X² a bᵀ Xᵀ + Xᵀ X² a bᵀ"),
    Case("93", "tanh(x)ᵀ A tanh(x)", "x", "diag(𝟙 − tanh(x) ⊙ tanh(x)) (A + Aᵀ) tanh(x)"),
    Case("94", "tanh(x)ᵀ A exp(x)", "x",
         "diag(𝟙 − tanh(x) ⊙ tanh(x)) A exp(x) + diag(exp(x)) Aᵀ tanh(x)"),
    Case("95", "(xᵀ Aᵀ A x) / (xᵀ Bᵀ B x)", "x",
         "2 Aᵀ A x / (xᵀ Bᵀ B x) − 2 (xᵀ Aᵀ A x) Bᵀ B x / (xᵀ Bᵀ B x)^2"),
    # §2.4.4 gradient (the Hessian (97) is in test_cookbook_second_derivatives)
    Case("96", "xᵀ A x + bᵀ x", "x", "(A + Aᵀ) x + b"),
    # §2.5 traces; (98) with the polynomial F(X) = X³ + 2X², f(X) = 3X² + 4X
    Case("98", "tr(X^3 + 2 X^2)", "X", "(3 X^2 + 4 X)ᵀ"),
    Case("99", "tr(X)", "X", eye_like("X")),
    Case("100", "tr(X A)", "X", "Aᵀ"),
    Case("101", "tr(A X B)", "X", "Aᵀ Bᵀ"),
    Case("102", "tr(A Xᵀ B)", "X", "B A"),
    Case("103", "tr(Xᵀ A)", "X", "A"),
    Case("104", "tr(A Xᵀ)", "X", "A"),
    Case("105", "tr(A ⊗ X)", "X", lambda v: np.trace(v["A"]) * np.eye(len(v["X"])),
         where="A: m×m, X: n×n"),
    Case("106", "tr(X^2)", "X", "2 Xᵀ"),
    Case("107", "tr(X^2 B)", "X", "(X B + B X)ᵀ"),
    Case("108", "tr(Xᵀ B X)", "X", "B X + Bᵀ X"),
    Case("109", "tr(B X Xᵀ)", "X", "B X + Bᵀ X"),
    Case("110", "tr(X Xᵀ B)", "X", "B X + Bᵀ X"),
    Case("111", "tr(X B Xᵀ)", "X", "X Bᵀ + X B"),
    Case("112", "tr(B Xᵀ X)", "X", "X Bᵀ + X B"),
    Case("113", "tr(Xᵀ X B)", "X", "X Bᵀ + X B"),
    Case("114", "tr(A X B X)", "X", "Aᵀ Xᵀ Bᵀ + Bᵀ Xᵀ Aᵀ"),
    Case("115", "tr(Xᵀ X)", "X", "2 X"),
    Case("115", "tr(X Xᵀ)", "X", "2 X"),
    Case("116", "tr(Bᵀ Xᵀ C X B)", "X", "Cᵀ X B Bᵀ + C X B Bᵀ"),
    Case("117", "tr(Xᵀ B X C)", "X", "B X C + Bᵀ X Cᵀ"),
    Case("118", "tr(A X B Xᵀ C)", "X", "Aᵀ Cᵀ X Bᵀ + C A X B"),
    Case("119", "tr((A X B + C)(A X B + C)ᵀ)", "X", "2 Aᵀ (A X B + C) Bᵀ"),
    Case("120", "tr(X ⊗ X)", "X", lambda v: 2 * np.trace(v["X"]) * np.eye(len(v["X"])),
         where="X: n×n"),
    Case("121", "tr(X^4)", "X", "4 (X^3)ᵀ"),
    Case("122", "tr(A X^3)", "X", "(A X^2)ᵀ + (X A X)ᵀ + (X^2 A)ᵀ"),
    Case("123", "tr(Bᵀ Xᵀ C X Xᵀ C X B)", "X",
         "C X Xᵀ C X B Bᵀ + Cᵀ X B Bᵀ Xᵀ Cᵀ X + C X B Bᵀ Xᵀ C X + Cᵀ X Xᵀ Cᵀ X B Bᵀ"),
    Case("124", "tr(A X⁻¹ B)", "X", "-X⁻ᵀ Aᵀ Bᵀ X⁻ᵀ"),
    Case("125", "tr((Xᵀ C X)⁻¹ A)", "X", "-(C X (Xᵀ C X)⁻¹)(A + Aᵀ)(Xᵀ C X)⁻¹",
         where="C: n×n symmetric, X: n×m"),
    Case("126", "tr((Xᵀ C X)⁻¹ (Xᵀ B X))", "X",
         "-2 C X (Xᵀ C X)⁻¹ Xᵀ B X (Xᵀ C X)⁻¹ + 2 B X (Xᵀ C X)⁻¹",
         where="B: n×n symmetric, C: n×n symmetric, X: n×m"),
    # (127) needs A symmetric as well, for (A + XᵀCX)⁻¹ to be
    Case("127", "tr((A + Xᵀ C X)⁻¹ (Xᵀ B X))", "X",
         "-2 C X (A + Xᵀ C X)⁻¹ Xᵀ B X (A + Xᵀ C X)⁻¹ + 2 B X (A + Xᵀ C X)⁻¹",
         where="A: m×m symmetric, B: n×n symmetric, C: n×n symmetric, X: n×m"),
    # §2.6 vector norms, §2.7 the Frobenius norm
    Case("129", "‖x − a‖", "x", "(x − a) / ‖x − a‖"),
    Case("131", "‖x‖^2", "x", "2 x"),
    Case("131", "‖xᵀ x‖", "x", "2 x"),
    Case("132", "‖X‖_F^2", "X", "2 X"),
    Case("132", "tr(X Xᴴ)", "X", "2 X", where="X: complex n×m"),
    # §2.8.2 symmetric X, §2.8.3 diagonal X
    Case("139", "tr(A X)", "X", "A + Aᵀ − A ⊙ I", where="X: symmetric", older_symmetric=True),
    Case("140", "det(X)", "X", "det(X) (2 X⁻¹ − X⁻¹ ⊙ I)", where="X: symmetric", older_symmetric=True),
    Case("141", "logdet(X)", "X", "2 X⁻¹ − X⁻¹ ⊙ I", where="X: spd", older_symmetric=True),
    Case("142", "tr(A X)", "X", "A ⊙ I", where="X: diagonal"),
    # Kronecker and Hadamard forms with scalar results, by (38), (39) and the trace rules
    Case("38", "aᵀ (X ⊙ Y) b", "X", "(a bᵀ) ⊙ Y"),
    Case("38", "tr(Aᵀ (X ⊙ X))", "X", "2 A ⊙ X"),
    Case("38", "sum(X ⊙ Y ⊙ X)", "X", "2 X ⊙ Y"),
    Case("39", "tr(A ⊗ (B X))", "X", lambda v: np.trace(v["A"]) * v["B"].T, where="A: m×m, B: n×n, X: n×n"),
]


def _seed(case):
    return zlib.crc32(case.id.encode())


def _inputs(result, case, rng):
    inputs, sizes = sampling.sample_inputs(result.function, rng)
    if case.unit_vectors:
        n = len(inputs["u"])
        inputs["u"], inputs["v"] = np.eye(n)[0], np.eye(len(inputs["v"]))[min(1, n - 1)]
    return inputs, sizes


def _direction(variable, sizes, rng):
    """A random direction within the variable's space (symmetric, diagonal, complex …)."""
    structure = variable.properties & {"symmetric", "hermitian", "diagonal"}
    if "spd" in variable.properties:
        structure |= {"symmetric"}
    return sampling.sample(type(variable)(variable.name, variable.shape_, variable.complex,
                                         frozenset(structure)), sizes, rng)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_cookbook(case):
    result = matcalc.grad(case.text, wrt=case.wrt, where=case.where)
    report = result.check(seed=_seed(case))
    assert report.passed, str(report)
    rng = np.random.default_rng(_seed(case))
    inputs, sizes = _inputs(result, case, rng)
    gradient = numeric.as_matrix(result.numpy()(**inputs))

    # an independent central difference of f along a random direction V: df = Re(G : V)
    direction = _direction(result.variable, sizes, rng)
    x = inputs[case.wrt]

    def f(h):
        return numeric.evaluate(result.function, {**inputs, case.wrt: x + h * direction}, sizes)[0, 0]
    along = np.real(differences.derivative(f))
    assert np.isclose(np.real(np.vdot(gradient, numeric.as_matrix(direction))), along, rtol=1e-6, atol=1e-9)

    if case.relation is not None:
        left, right = case.relation(gradient, inputs)
        np.testing.assert_allclose(left, right, rtol=1e-8, atol=1e-10)
    if case.expected is None:
        return
    if callable(case.expected):
        expected = case.expected(inputs)
    else:
        expected = numeric.evaluate(matcalc.parse(case.expected, where=case.where), inputs)
    if case.older_symmetric:
        gradient = 2 * gradient - np.diag(np.diag(gradient))
    np.testing.assert_allclose(gradient, numeric.as_matrix(expected), rtol=1e-8, atol=1e-10)


SECOND_DERIVATIVES = [
    # (48): d²det(Y)/dξ² = det(Y)[tr(Y⁻¹Y″) + tr(Y⁻¹Y′)² − tr(Y⁻¹Y′Y⁻¹Y′)] with Y = A + ξB, Y″ = 0
    Case("48", "det(A + ξ B)", "ξ",
         "det(A + ξB) (tr((A + ξB)⁻¹ B)^2 − tr((A + ξB)⁻¹ B (A + ξB)⁻¹ B))"),
    Case("97", "xᵀ A x + bᵀ x", "x", "A + Aᵀ"),
]


@pytest.mark.parametrize("case", SECOND_DERIVATIVES, ids=[case.id for case in SECOND_DERIVATIVES])
def test_cookbook_second_derivatives(case):
    """The Hessian against the Cookbook's form and against central differences of the gradient."""
    hessian = matcalc.hessian(case.text, wrt=case.wrt)
    gradient = matcalc.grad(case.text, wrt=case.wrt).numpy()
    rng = np.random.default_rng(_seed(case))
    function = matcalc.parse(case.text)
    inputs, sizes = sampling.sample_inputs(function, rng)
    value = numeric.as_matrix(hessian.numpy()(**inputs))
    expected = numeric.evaluate(matcalc.parse(case.expected), inputs)
    np.testing.assert_allclose(value, expected, rtol=1e-8, atol=1e-10)
    x = np.asarray(inputs[case.wrt], dtype=float)
    columns = []
    for index in np.ndindex(x.shape):
        step = np.zeros(x.shape)
        step[index] = 1.0
        columns.append(np.ravel(differences.derivative(
            lambda h: np.asarray(gradient(**{**inputs, case.wrt: x + h * step})))))
    np.testing.assert_allclose(value, np.array(columns).T.reshape(value.shape), rtol=1e-6, atol=1e-8)
