"""SymPy both ways: every node type to SymPy (as printed by SymPy), back with from_sympy,
and the cases SymPy needs care with: 1×1 matrices as scalars, fields, properties."""
import pytest
import sympy
from sympy.matrices.expressions.matexpr import MatrixElement

from printing_cases import CASES, m, n

from matcalc.core import ir
from matcalc import parse
from matcalc.printing.base import NotationError
from matcalc.printing.sympy import from_sympy, to_sympy

EXACT, NEAREST = "exact", "nearest"
#: id: (str of the SymPy form, whether from_sympy gives the node back EXACT or a NEAREST
#: equal form), or None where SymPy has no form.
SYMPY = {
    'seed 002 answer': ('2*(A*W*B - B*W.T*A*W*B*W*E)', EXACT),
    'symbol': ('X', EXACT),
    'trailing digits subscript': ('u1', EXACT),
    'written subscript': ('u_2', EXACT),
    'braced subscript': ('u_{12}', EXACT),
    'letter subscript': ('H_R', EXACT),
    'spelled greek': ('λ', EXACT),
    'spelled greek name': ('lambda', EXACT),
    'capital greek': ('Sigma', EXACT),
    'integer': ('3', EXACT),
    'negative integer': ('-3', EXACT),
    'fraction': ('1/2', EXACT),
    'imaginary': ('2*I', EXACT),
    'imaginary fraction': ('I/2', EXACT),
    'complex': ('2 - 3*I', EXACT),
    'imaginary unit times a vector': ('I*a', EXACT),
    'minus the imaginary unit times a matrix': ('-I*Adjoint(A)', EXACT),
    'imaginary unit beside a variable named j': ('I*j', EXACT),
    'identity': ('I', EXACT),
    'zero': ('0', EXACT),
    'ones matrix': ('1', EXACT),
    'ones vector': ('1', EXACT),
    'sum': ('A + B + C', EXACT),
    'difference': ('A - 2*B', EXACT),
    'leading minus': ('-A + B', EXACT),
    'minus a product': ('A - B*C', EXACT),
    'minus a sum': ('-(B + C) + A', EXACT),
    'product': ('A*W*B', EXACT),
    'scalar times identity': ('λ*I', EXACT),
    'numbers and greek': ('2*rho*X', EXACT),
    'outer product': ('u1*u2.T', EXACT),
    'longer name': ('H_R*A', EXACT),
    'function call in product': ('2*Trace(X)*A', EXACT),
    'number after a factor': ('X*2', EXACT),
    'grouped on the right': ('A*(B*C)', EXACT),
    'scalar product factor': ('(a.T*x)[0, 0]*B', EXACT),
    'fraction factor': ('(1/2)*X', EXACT),
    'negative fraction factor': ('-(1/2)*X', EXACT),
    'minus one kept before a number': ('-3*X', EXACT),
    'division by a scalar': ('X*1/λ', EXACT),
    'division by a product': ('X*1/(alpha*λ)', EXACT),
    'inverse of a number stays': ('X*1/2', NEAREST),
    'negated quotient': ('(-1)*X*1/λ', EXACT),
    'transpose': ('X.T', EXACT),
    'adjoint': ('Adjoint(X)', EXACT),
    'inverse': ('X**(-1)', EXACT),
    'inverse transpose': ('(X**(-1)).T', EXACT),
    'transpose inverse': ('X.T**(-1)', EXACT),
    'transpose of a product': ('(A*B).T', EXACT),
    'inverse of a sum': ('(λ*I + W*E*W.T)**(-1)', EXACT),
    'square': ('X**2', EXACT),
    'inverse square': ('X**(-2)', EXACT),
    'symbolic power': ('X**alpha', EXACT),
    'power named like T': ('X**T1', EXACT),
    'fractional power': ('sqrt(λ)', EXACT),
    'power of a negation': ('(-X)**2', EXACT),
    'negated power': ('-X**2', EXACT),
    'elementwise power': ('HadamardPower(X, 2)', EXACT),
    'negative elementwise power': ('HadamardPower(X, -1)', EXACT),
    'hadamard': ('HadamardProduct(A, B)', EXACT),
    'hadamard left nested': ('HadamardProduct(HadamardProduct(A, B), C)', EXACT),
    'hadamard right nested': ('HadamardProduct(A, HadamardProduct(B, C))', EXACT),
    'hadamard of products': ('HadamardProduct(A*B, C)', EXACT),
    'hadamard in a product': ('(HadamardProduct(A, B))*C', EXACT),
    'elementwise division': ('HadamardProduct(A, HadamardPower(B, -1))', NEAREST),
    'kronecker': ('KroneckerProduct(A, B)', EXACT),
    'kronecker in a product': ('(KroneckerProduct(x, y.T))*C', EXACT),
    'negated kronecker': ('-(KroneckerProduct(A, B))', EXACT),
    'kronecker of a negation': ('KroneckerProduct(-A, B)', EXACT),
    'kronecker under hadamard': ('HadamardProduct(KroneckerProduct(x, y.T), C)', EXACT),
    'frobenius': None,
    'frobenius in a product': ('Trace(A.T*B)*C', NEAREST),
    'frobenius terms': None,
    'trace': ('Trace(X)', EXACT),
    'det': ('Determinant(X)', EXACT),
    'logdet': ('log(Determinant(X))', EXACT),
    'sym': ('(1/2)*(u1*u2.T + (u1*u2.T).T)', NEAREST),
    'diag of a vector': ('DiagMatrix(x)', EXACT),
    'diag of a matrix': ('DiagonalOf(X)', EXACT),
    'diag untyped': None,
    'vec': None,
    'sum of entries': ('(1*X*1)[0, 0]', NEAREST),
    'conj': ('Lambda(_z, conjugate(_z)).(X)', EXACT),
    'real part': ('Lambda(_z, re(_z)).(X)', EXACT),
    'imaginary part': ('Lambda(_z, im(_z)).(X)', EXACT),
    'elementwise function': ('Lambda(_z, 1/(1 + exp(-_z))).(X)', EXACT),
    'frobenius norm': ('sqrt(Trace(X.T*X))', NEAREST),
    'squared norm': ('(sqrt(Trace(X.T*X)))**2', NEAREST),
    'vector norm': ('sqrt(Trace(x.T*x))', NEAREST),
    'norm in a norm': ('sqrt(Trace((sqrt(Trace(x.T*x))*X).T*(sqrt(Trace(x.T*x))*X)))', NEAREST),
    'norm times norm': ('λ*sqrt(Trace(x.T*x))*sqrt(Trace(y.T*y))', NEAREST),
    'block': ('Matrix([\n[A, -B],\n[B,  A]])', EXACT),
    'differential of a name': None,
    'differential of an expression': None,
    'differential in a product': None,
    'block part': ('M[:n, n:]', EXACT),
    'unvec': None,
    'kron block sum over I': None,
    'kron block sum': None,
    'complex kron block sum': None,
    'kron block inner': None,}


def _symbols(node):
    return [s for s in ir.walk(node) if isinstance(s, ir.Symbol)]


def test_every_case_has_a_snapshot():
    assert set(SYMPY) == set(CASES)


@pytest.mark.parametrize("case", list(CASES))
def test_sympy_snapshots_and_back(case):
    node, expected = CASES[case], SYMPY[case]
    if expected is None:
        with pytest.raises(NotationError):
            to_sympy(node)
        return
    text, fidelity = expected
    converted = to_sympy(node)
    assert str(converted) == text
    back = from_sympy(converted, _symbols(node))
    assert to_sympy(back) == converted
    assert (back == node) == (fidelity == EXACT)


def test_names_become_matrix_symbols_with_symbolic_sizes():
    converted = to_sympy(parse("X y where X: n×m"))
    assert converted == sympy.MatMul(sympy.MatrixSymbol("X", n, m), sympy.MatrixSymbol("y", m, 1))
    assert converted.shape == (n, 1)


def test_scalar_names_carry_their_assumptions():
    converted = to_sympy(parse("λ α β where λ > 0, β: complex scalar"))
    λ, α, β = converted.args
    assert (λ.is_positive, α.is_real, β.is_real) == (True, True, None)
    assert from_sympy(converted) == parse("λ α β where λ > 0, β: complex scalar")


def test_a_1x1_product_scaling_a_matrix_is_a_scalar_entry():
    x, y, B = sympy.MatrixSymbol("x", n, 1), sympy.MatrixSymbol("y", n, 1), sympy.MatrixSymbol("B", m, m)
    converted = to_sympy(parse("x^T y B where x: n, B: m×m"))
    assert converted == sympy.MatMul(MatrixElement(x.T * y, 0, 0), B)
    assert to_sympy(parse("x^T y where x: n")) == MatrixElement(x.T * y, 0, 0)


def test_frobenius_is_a_trace_with_the_adjoint_when_complex():
    real, complex_ = to_sympy(parse("A : B")), to_sympy(parse("A : B where A: complex n×m"))
    assert real == sympy.Trace(sympy.Transpose(sympy.MatrixSymbol("A", n, m)) * sympy.MatrixSymbol("B", n, m))
    assert isinstance(complex_.arg.args[0], sympy.Adjoint)


def test_from_sympy_restores_fields_and_properties_from_symbols():
    expression = parse("S⁻¹ Z where S: n×n spd, Z: complex n×m")
    back = from_sympy(to_sympy(expression), _symbols(expression))
    assert back == expression
    assert from_sympy(to_sympy(expression)) != expression  # SymPy keeps no matrix properties


def test_from_sympy_reads_forms_sympy_writes_itself():
    X = sympy.MatrixSymbol("X", n, n)
    from sympy.matrices.expressions.diagonal import DiagonalMatrix
    assert from_sympy(X.inv()) == parse("X^-1 where X: n×n")
    assert from_sympy(X.applyfunc(sympy.exp)) == parse("exp(X) where X: n×n")
    assert from_sympy(DiagonalMatrix(X)) == ir.Hadamard(ir.Identity(n), from_sympy(X))
    assert from_sympy(sympy.Matrix([[1, 2]])) == ir.Block(((ir.Number(1), ir.Number(2)),))
    assert from_sympy(sympy.Symbol("a") * 2).shape == (1, 1)


def test_from_sympy_refuses_what_matcalc_cannot_say():
    X = sympy.MatrixSymbol("X", n, n)
    with pytest.raises(NotationError):
        from_sympy(X[0, 1])
    with pytest.raises(NotationError):
        from_sympy(sympy.Function("f")(sympy.Symbol("a")))
