"""Golden text: every node type in Unicode (to_text) and ASCII (to_ascii), and the rules
that decide spaces, brackets and signs."""
import pytest
from printing_cases import CASES, SEED_ANSWER

from matcalc.core import ir
from matcalc import parse
from matcalc.language.parse import parse_raw
from matcalc.printing.base import NotationError
from matcalc.printing.text import to_ascii, to_text

TEXT = {  # id: (Unicode, ASCII)
    'seed 002 answer': ('2(AWB − BWᵀAWBWE)', '2 (A W B - B W^T A W B W E)'),
    'symbol': ('X', 'X'),
    'trailing digits subscript': ('u₁', 'u1'),
    'written subscript': ('u₂', 'u_2'),
    'braced subscript': ('u₁₂', 'u_{12}'),
    'letter subscript': ('H_R', 'H_R'),
    'spelled greek': ('λ', 'λ'),
    'spelled greek name': ('λ', 'lambda'),
    'capital greek': ('Σ', 'Sigma'),
    'integer': ('3', '3'),
    'negative integer': ('−3', '-3'),
    'fraction': ('1/2', '1/2'),
    'imaginary': ('2j', '2j'),
    'imaginary fraction': ('1j/2', '1j/2'),
    'complex': ('2 − 3j', '2 - 3j'),
    'imaginary unit times a vector': ('j a', '1j a'),
    'minus the imaginary unit times a matrix': ('−jAᴴ', '-1j A^H'),
    'imaginary unit beside a variable named j': ('1j j', '1j j'),
    'identity': ('I', 'I'),
    'zero': ('0', '0'),
    'ones matrix': ('𝟙', 'ones(n, m)'),
    'ones vector': ('𝟙', 'ones(n)'),
    'sum': ('A + B + C', 'A + B + C'),
    'difference': ('A − 2B', 'A - 2 B'),
    'leading minus': ('−A + B', '-A + B'),
    'minus a product': ('A − BC', 'A - B C'),
    'minus a sum': ('A − (B + C)', 'A - (B + C)'),
    'product': ('AWB', 'A W B'),
    'scalar times identity': ('λI', 'λ I'),
    'numbers and greek': ('2ρX', '2 rho X'),
    'outer product': ('u₁u₂ᵀ', 'u1 u2^T'),
    'longer name': ('H_R A', 'H_R A'),
    'function call in product': ('2 tr(X)A', '2 tr(X) A'),
    'number after a factor': ('X·2', 'X 2'),
    'grouped on the right': ('A(BC)', 'A (B C)'),
    'scalar product factor': ('(aᵀx)B', '(a^T x) B'),
    'fraction factor': ('(1/2)X', '(1/2) X'),
    'negative fraction factor': ('−(1/2)X', '-(1/2) X'),
    'minus one kept before a number': ('−1·3X', '-1 3 X'),
    'division by a scalar': ('X/λ', 'X / λ'),
    'division by a product': ('X/(λα)', 'X / (λ alpha)'),
    'inverse of a number stays': ('X·2⁻¹', 'X 2^-1'),
    'negated quotient': ('−X/λ', '-X / λ'),
    'transpose': ('Xᵀ', 'X^T'),
    'adjoint': ('Xᴴ', 'X^H'),
    'inverse': ('X⁻¹', 'X^-1'),
    'inverse transpose': ('X⁻ᵀ', 'X^-T'),
    'transpose inverse': ('Xᵀ⁻¹', 'X^T^-1'),
    'transpose of a product': ('(AB)ᵀ', '(A B)^T'),
    'inverse of a sum': ('(WEWᵀ + λI)⁻¹', '(W E W^T + λ I)^-1'),
    'square': ('X²', 'X^2'),
    'inverse square': ('X⁻²', 'X^-2'),
    'symbolic power': ('X^α', 'X^alpha'),
    'power named like T': ('X^(T₁)', 'X^(T1)'),
    'fractional power': ('λ^(1/2)', 'λ^(1/2)'),
    'power of a negation': ('(−X)²', '(-X)^2'),
    'negated power': ('−X²', '-X^2'),
    'elementwise power': ('X.^2', 'X.^2'),
    'negative elementwise power': ('X.^−1', 'X.^-1'),
    'hadamard': ('A ⊙ B', 'A .* B'),
    'hadamard left nested': ('A ⊙ B ⊙ C', 'A .* B .* C'),
    'hadamard right nested': ('A ⊙ (B ⊙ C)', 'A .* (B .* C)'),
    'hadamard of products': ('AB ⊙ C', 'A B .* C'),
    'hadamard in a product': ('(A ⊙ B)C', '(A .* B) C'),
    'elementwise division': ('A ⊘ B', 'A ./ B'),
    'kronecker': ('A ⊗ B', 'kron(A, B)'),
    'kronecker in a product': ('(x ⊗ yᵀ)C', 'kron(x, y^T) C'),
    'negated kronecker': ('−(A ⊗ B)', '-kron(A, B)'),
    'kronecker of a negation': ('−A ⊗ B', 'kron(-A, B)'),
    'kronecker under hadamard': ('x ⊗ yᵀ ⊙ C', 'kron(x, y^T) .* C'),
    'frobenius': ('AWB : dW', 'A W B : d(W)'),
    'frobenius in a product': ('(A : B)C', '(A : B) C'),
    'frobenius terms': ('2A : dX + 2B : dY', '2 A : d(X) + 2 B : d(Y)'),
    'trace': ('tr(X)', 'tr(X)'),
    'det': ('det(X)', 'det(X)'),
    'logdet': ('logdet(X)', 'logdet(X)'),
    'sym': ('Sym(u₁u₂ᵀ)', 'Sym(u1 u2^T)'),
    'diag of a vector': ('diag(x)', 'diag(x)'),
    'diag of a matrix': ('diag(X)', 'diag(X)'),
    'diag untyped': ('diag(x)', 'diag(x)'),
    'vec': ('vec(X)', 'vec(X)'),
    'sum of entries': ('sum(X)', 'sum(X)'),
    'conj': ('conj(X)', 'conj(X)'),
    'real part': ('Re(X)', 'Re(X)'),
    'imaginary part': ('Im(X)', 'Im(X)'),
    'elementwise function': ('sigmoid(X)', 'sigmoid(X)'),
    'frobenius norm': ('‖X‖_F', '||X||_F'),
    'squared norm': ('‖X‖_F²', '||X||_F^2'),
    'vector norm': ('‖x‖', '||x||'),
    'norm in a norm': ('‖(‖x‖)X‖_F', '||norm(x) X||_F'),
    'norm times norm': ('λ‖x‖‖y‖', 'λ ||x|| ||y||'),
    'block': ('[A, −B; B, A]', '[A, -B; B, A]'),
    'differential of a name': ('dX', 'd(X)'),
    'differential of an expression': ('d(Xᵀ)', 'd(X^T)'),
    'differential in a product': ('A dX B', 'A d(X) B'),
    'block part': ('M[0:n, n:2n]', 'M[0:n, n:2n]'),
    'unvec': ('unvec(v, n, m)', 'unvec(v, n, m)'),
    'kron block sum over I': ('(vec(I_p)ᵀ ⊗ I_n)(I_p ⊗ M)(vec(I_p) ⊗ I_n)',
                              'kron(vec(I_p)^T, I_n) kron(I_p, M) kron(vec(I_p), I_n)'),
    'kron block sum': ('(vec(I_2)ᵀ ⊗ I_n)(I_2 ⊗ M)(vec(Kᵀ) ⊗ I_n)',
                       'kron(vec(I_2)^T, I_n) kron(I_2, M) kron(vec(K^T), I_n)'),
    'complex kron block sum': ('(vec(I_2)ᵀ ⊗ I_n)(I_2 ⊗ M)(vec(Kᴴ) ⊗ I_n)',
                               'kron(vec(I_2)^T, I_n) kron(I_2, M) kron(vec(K^H), I_n)'),
    'kron block inner': ('(I_2 ⊗ vec(I_n)ᵀ)(M ⊗ I_n)(I_2 ⊗ vec(B))', 'kron(I_2, vec(I_n)^T) kron(M, I_n) kron(I_2, vec(B))'),
}


def test_every_case_has_a_snapshot():
    assert set(TEXT) == set(CASES)


@pytest.mark.parametrize("case", list(CASES))
def test_unicode_and_ascii_snapshots(case):
    unicode, ascii_ = TEXT[case]
    assert to_text(CASES[case]) == unicode
    assert to_ascii(CASES[case], where=False) == ascii_


def test_str_of_a_node_is_its_text():
    assert str(SEED_ANSWER) == "2(AWB − BWᵀAWBWE)"
    assert SEED_ANSWER.ascii().startswith("2 (A W B - B W^T A W B W E)")


def test_parsed_seed_prints_as_written_on_paper():
    expression = parse("u1ᵀ W (W E Wᵀ + λI)⁻¹ Wᵀ u2")
    assert to_text(expression) == "u₁ᵀW(WEWᵀ + λI)⁻¹Wᵀu₂"
    assert to_ascii(expression) == "u1^T W (W E W^T + λ I)^-1 W^T u2"


def test_untyped_trees_print_too():
    assert to_text(parse_raw("d(X) + diag(x)")[0]) == "dX + diag(x)"


# -------------------------------------------------------------- where clauses

@pytest.mark.parametrize("text, expected", [
    ("A W B", "A W B"),
    ("X + X' where X: n×n symmetric", "X + X^T where X: (n, n) symmetric"),
    ("S⁻¹ x where S: n×n spd", "S^-1 x where S: (n, n) spd"),
    ("λ X where λ > 0", "λ X where λ: scalar positive"),
    ("Z : Z where Z: complex n×m", "Z : Z where Z: complex (n, m)"),
    ("x + y where x: 3", "x + y where x: 3, y: 3"),
    ("A B where A: 2n×n", "A B where A: (2 n, n)"),
    ("tr(eye(p))", "tr(I_p)"),
    ("A + 0 where A: p×q", "A + zeros(p, q) where A: (p, q)"),
])
def test_ascii_declares_what_names_do_not_say(text, expected):
    expression = parse(text)
    assert to_ascii(expression) == expected
    assert parse(to_ascii(expression)) == expression


def test_ascii_without_where_is_the_expression_alone():
    assert to_ascii(parse("X + X' where X: n×n symmetric"), where=False) == "X + X^T"


def test_a_node_without_a_notation_is_a_notation_error():
    class Stray(ir.Node):
        pass

    with pytest.raises(NotationError):
        to_text(Stray())


@pytest.mark.parametrize("text, unicode", [
    ("(X^-2)^2", "(X⁻²)²"),          # not X⁻²², which reads as X to the −22
    ("(X^-1)^2", "(X⁻¹)²"),
    ("X^-1^-T", "X⁻¹⁻ᵀ"),
    ("x y'", "x yᵀ"),                 # not xyᵀ, the transpose of a vector named xy
    ("A x", "A x"),                   # Ax would be one name
    ("x' A", "xᵀA"),
    ("u1 u2'", "u₁u₂ᵀ"),
    ("A B' C where B: m×k", "ABᵀC"),
    ("λ x", "λx"),
])
def test_unicode_text_reads_back(text, unicode):
    source, _, where = text.partition(" where ")
    expression = parse(source, where=where or None)
    assert to_text(expression) == unicode
    assert parse(unicode, where=where or None) == expression
