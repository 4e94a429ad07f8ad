"""The expressions every printer is tested on, built by hand from IR nodes (by id)."""
import sympy

from matcalc.core import ir
from matcalc.core.shapes import dimension

n, m, p = (dimension(c) for c in "nmp")


def matrix(name, rows=n, cols=n, **kwargs):
    return ir.Symbol(name, (rows, cols), **kwargs)


def vector(name, rows=n):
    return ir.Symbol(name, (rows, sympy.Integer(1)))


def scalar(name, **kwargs):
    return ir.Symbol(name, (sympy.Integer(1), sympy.Integer(1)), **kwargs)


def number(value):
    return ir.Number(sympy.sympify(value))


A, B, C, E, W, X, Y = (matrix(c) for c in "ABCEWXY")
a, x, y = vector("a"), vector("x"), vector("y")
λ, α = scalar("λ"), scalar("alpha")

#: Seed 002's answer, 2(AWB − BWᵀAWBWE), built by hand.
SEED_ANSWER = ir.Mul((number(2), ir.Add((ir.Mul((A, W, B)),
                                          ir.Mul((number(-1), B, ir.Transpose(W), A, W, B, W, E))))))


CASES = {
    'seed 002 answer': SEED_ANSWER,
    'symbol': X,
    'trailing digits subscript': vector("u1"),
    'written subscript': vector("u_2"),
    'braced subscript': vector("u_{12}"),
    'letter subscript': matrix("H_R"),
    'spelled greek': λ,
    'spelled greek name': scalar("lambda"),
    'capital greek': matrix("Sigma"),
    'integer': number(3),
    'negative integer': number(-3),
    'fraction': number("1/2"),
    'imaginary': number(2 * sympy.I),
    'imaginary fraction': number(sympy.I / 2),
    'complex': number(2 - 3 * sympy.I),
    'imaginary unit times a vector': ir.Mul((number(sympy.I), a)),
    'minus the imaginary unit times a matrix': ir.Mul((number(-sympy.I), ir.Adjoint(A))),
    'imaginary unit beside a variable named j': ir.Mul((number(sympy.I), vector("j"))),
    'identity': ir.Identity(n),
    'zero': ir.Zero((n, m)),
    'ones matrix': ir.Ones((n, m)),
    'ones vector': ir.Ones((n, sympy.Integer(1))),
    'sum': ir.Add((A, B, C)),
    'difference': ir.Add((A, ir.Mul((number(-2), B)))),
    'leading minus': ir.Add((ir.Mul((number(-1), A)), B)),
    'minus a product': ir.Add((A, ir.Mul((number(-1), B, C)))),
    'minus a sum': ir.Add((A, ir.Mul((number(-1), ir.Add((B, C)))))),
    'product': ir.Mul((A, W, B)),
    'scalar times identity': ir.Mul((λ, ir.Identity(n))),
    'numbers and greek': ir.Mul((number(2), scalar("rho"), X)),
    'outer product': ir.Mul((vector("u1"), ir.Transpose(vector("u2")))),
    'longer name': ir.Mul((matrix("H_R"), A)),
    'function call in product': ir.Mul((number(2), ir.Trace(X), A)),
    'number after a factor': ir.Mul((X, number(2))),
    'grouped on the right': ir.Mul((A, ir.Mul((B, C)))),
    'scalar product factor': ir.Mul((ir.Mul((ir.Transpose(a), x)), B)),
    'fraction factor': ir.Mul((number("1/2"), X)),
    'negative fraction factor': ir.Mul((number("-1/2"), X)),
    'minus one kept before a number': ir.Mul((number(-1), number(3), X)),
    'division by a scalar': ir.Mul((X, ir.Inverse(λ))),
    'division by a product': ir.Mul((X, ir.Inverse(ir.Mul((λ, α))))),
    'inverse of a number stays': ir.Mul((X, ir.Inverse(number(2)))),
    'negated quotient': ir.Mul((number(-1), X, ir.Inverse(λ))),
    'transpose': ir.Transpose(X),
    'adjoint': ir.Adjoint(X),
    'inverse': ir.Inverse(X),
    'inverse transpose': ir.Transpose(ir.Inverse(X)),
    'transpose inverse': ir.Inverse(ir.Transpose(X)),
    'transpose of a product': ir.Transpose(ir.Mul((A, B))),
    'inverse of a sum': ir.Inverse(ir.Add((ir.Mul((W, E, ir.Transpose(W))), ir.Mul((λ, ir.Identity(n)))))),
    'square': ir.Power(X, number(2)),
    'inverse square': ir.Power(X, number(-2)),
    'symbolic power': ir.Power(X, α),
    'power named like T': ir.Power(X, scalar("T1")),
    'fractional power': ir.Power(λ, number("1/2")),
    'power of a negation': ir.Power(ir.Mul((number(-1), X)), number(2)),
    'negated power': ir.Mul((number(-1), ir.Power(X, number(2)))),
    'elementwise power': ir.ElementPower(X, number(2)),
    'negative elementwise power': ir.ElementPower(X, number(-1)),
    'hadamard': ir.Hadamard(A, B),
    'hadamard left nested': ir.Hadamard(ir.Hadamard(A, B), C),
    'hadamard right nested': ir.Hadamard(A, ir.Hadamard(B, C)),
    'hadamard of products': ir.Hadamard(ir.Mul((A, B)), C),
    'hadamard in a product': ir.Mul((ir.Hadamard(A, B), C)),
    'elementwise division': ir.Divide(A, B),
    'kronecker': ir.Kron(A, B),
    'kronecker in a product': ir.Mul((ir.Kron(x, ir.Transpose(y)), C)),
    'negated kronecker': ir.Mul((number(-1), ir.Kron(A, B))),
    'kronecker of a negation': ir.Kron(ir.Mul((number(-1), A)), B),
    'kronecker under hadamard': ir.Hadamard(ir.Kron(x, ir.Transpose(y)), C),
    'frobenius': ir.Frobenius(ir.Mul((A, W, B)), ir.Diff(W)),
    'frobenius in a product': ir.Mul((ir.Frobenius(A, B), C)),
    'frobenius terms': ir.Add((ir.Frobenius(ir.Mul((number(2), A)), ir.Diff(X)),
                                ir.Frobenius(ir.Mul((number(2), B)), ir.Diff(Y)))),
    'trace': ir.Trace(X),
    'det': ir.Det(X),
    'logdet': ir.LogDet(X),
    'sym': ir.Sym(ir.Mul((vector("u1"), ir.Transpose(vector("u2"))))),
    'diag of a vector': ir.DiagMatrix(x),
    'diag of a matrix': ir.DiagVector(X),
    'diag untyped': ir.Diag(x),
    'vec': ir.Vec(X),
    'sum of entries': ir.Sum(X),
    'conj': ir.Conj(X),
    'real part': ir.Real(X),
    'imaginary part': ir.Imag(X),
    'elementwise function': ir.Func("sigmoid", X),
    'frobenius norm': ir.Norm(X),
    'squared norm': ir.Power(ir.Norm(X), number(2)),
    'vector norm': ir.Norm(x),
    'norm in a norm': ir.Norm(ir.Mul((ir.Norm(x), X))),
    'norm times norm': ir.Mul((λ, ir.Norm(x), ir.Norm(y))),
    'block': ir.Block(((A, ir.Mul((number(-1), B))), (B, A))),
    'differential of a name': ir.Diff(X),
    'differential of an expression': ir.Diff(ir.Transpose(X)),
    'differential in a product': ir.Mul((A, ir.Diff(X), B)),
    'block part': ir.BlockPart(matrix("M", 2 * n, 2 * n), (0, n), (n, 2 * n)),
    'unvec': ir.Unvec(vector("v", n * m), (n, m)),
    'kron block sum over I': ir.KronBlockSum(ir.Identity(p), matrix("M", p * n, p * n)),
    'kron block sum': ir.KronBlockSum(matrix("K", 2, 2), matrix("M", 2 * n, 2 * n)),
    'complex kron block sum': ir.KronBlockSum(matrix("K", 2, 2, complex=True), matrix("M", 2 * n, 2 * n)),
    'kron block inner': ir.KronBlockInner(B, matrix("M", 2 * n, 2 * n)),
}
