r"""Golden LaTeX: every node type, and the forms TeX needs (braced double superscripts, \frac)."""
import pytest
from printing_cases import CASES

from matcalc import parse
from matcalc.printing.latex import latex_name, to_latex

LATEX = {
    'seed 002 answer': r'2 \left(A W B - B W^\top A W B W E\right)',
    'symbol': 'X',
    'trailing digits subscript': 'u_{1}',
    'written subscript': 'u_{2}',
    'braced subscript': 'u_{12}',
    'letter subscript': 'H_{R}',
    'spelled greek': r'\lambda',
    'spelled greek name': r'\lambda',
    'capital greek': r'\Sigma',
    'integer': '3',
    'negative integer': '-3',
    'fraction': r'\frac{1}{2}',
    'imaginary': '2 i',
    'imaginary fraction': r'\frac{i}{2}',
    'complex': '2 - 3 i',
    'imaginary unit times a vector': 'i a',
    'minus the imaginary unit times a matrix': '- i A^{H}',
    'imaginary unit beside a variable named j': 'i j',
    'identity': 'I',
    'zero': '0',
    'ones matrix': r'\mathbf{1}',
    'ones vector': r'\mathbf{1}',
    'sum': 'A + B + C',
    'difference': 'A - 2 B',
    'leading minus': '-A + B',
    'minus a product': 'A - B C',
    'minus a sum': r'A - \left(B + C\right)',
    'product': 'A W B',
    'scalar times identity': r'\lambda I',
    'numbers and greek': r'2 \rho X',
    'outer product': r'u_{1} u_{2}^\top',
    'longer name': 'H_{R} A',
    'function call in product': r'2 \operatorname{tr}\left(X\right) A',
    'number after a factor': r'X \cdot 2',
    'grouped on the right': r'A \left(B C\right)',
    'scalar product factor': r'\left(a^\top x\right) B',
    'fraction factor': r'\frac{1}{2} X',
    'negative fraction factor': r'-\frac{1}{2} X',
    'minus one kept before a number': r'-1 \cdot 3 X',
    'division by a scalar': r'\frac{X}{\lambda}',
    'division by a product': r'\frac{X}{\lambda \alpha}',
    'inverse of a number stays': 'X 2^{-1}',
    'negated quotient': r'-\frac{X}{\lambda}',
    'transpose': r'X^\top',
    'adjoint': 'X^{H}',
    'inverse': 'X^{-1}',
    'inverse transpose': r'X^{-\top}',
    'transpose inverse': r'{X^\top}^{-1}',
    'transpose of a product': r'\left(A B\right)^\top',
    'inverse of a sum': r'\left(W E W^\top + \lambda I\right)^{-1}',
    'square': 'X^2',
    'inverse square': 'X^{-2}',
    'symbolic power': r'X^{\alpha}',
    'power named like T': 'X^{T_{1}}',
    'fractional power': r'\lambda^{\frac{1}{2}}',
    'power of a negation': r'\left(-X\right)^2',
    'negated power': '-X^2',
    'elementwise power': r'X^{\circ 2}',
    'negative elementwise power': r'X^{\circ -1}',
    'hadamard': r'A \odot B',
    'hadamard left nested': r'A \odot B \odot C',
    'hadamard right nested': r'A \odot \left(B \odot C\right)',
    'hadamard of products': r'A B \odot C',
    'hadamard in a product': r'\left(A \odot B\right) C',
    'elementwise division': r'A \oslash B',
    'kronecker': r'A \otimes B',
    'kronecker in a product': r'\left(x \otimes y^\top\right) C',
    'negated kronecker': r'-\left(A \otimes B\right)',
    'kronecker of a negation': r'-A \otimes B',
    'kronecker under hadamard': r'x \otimes y^\top \odot C',
    'frobenius': r'A W B : \mathrm{d}W',
    'frobenius in a product': r'\left(A : B\right) C',
    'frobenius terms': r'2 A : \mathrm{d}X + 2 B : \mathrm{d}Y',
    'trace': r'\operatorname{tr}\left(X\right)',
    'det': r'\det\left(X\right)',
    'logdet': r'\log\det\left(X\right)',
    'sym': r'\operatorname{Sym}\left(u_{1} u_{2}^\top\right)',
    'diag of a vector': r'\operatorname{diag}\left(x\right)',
    'diag of a matrix': r'\operatorname{diag}\left(X\right)',
    'diag untyped': r'\operatorname{diag}\left(x\right)',
    'vec': r'\operatorname{vec}\left(X\right)',
    'sum of entries': r'\operatorname{sum}\left(X\right)',
    'conj': r'\overline{X}',
    'real part': r'\operatorname{Re}\left(X\right)',
    'imaginary part': r'\operatorname{Im}\left(X\right)',
    'elementwise function': r'\operatorname{sigmoid}\left(X\right)',
    'frobenius norm': r'\|X\|_F',
    'squared norm': r'\|X\|_F^2',
    'vector norm': r'\|x\|',
    'norm in a norm': r'\|\|x\| X\|_F',
    'norm times norm': r'\lambda \|x\| \|y\|',
    'block': r'\begin{bmatrix} A & -B \\ B & A \end{bmatrix}',
    'differential of a name': r'\mathrm{d}X',
    'differential of an expression': r'\mathrm{d}\left(X^\top\right)',
    'differential in a product': r'A \mathrm{d}X B',
    'block part': r'{M}_{0:n,\, n:2n}',
    'unvec': r'\operatorname{unvec}\left(v, n, m\right)',
    'kron block sum over I': r'\left(\operatorname{vec}\left(I_{p}\right)^\top \otimes I_{n}\right) \left(I_{p} \otimes M\right) '
                             r'\left(\operatorname{vec}\left(I_{p}\right) \otimes I_{n}\right)',
    'kron block sum': r'\left(\operatorname{vec}\left(I_{2}\right)^\top \otimes I_{n}\right) \left(I_{2} \otimes M\right) '
                      r'\left(\operatorname{vec}\left(K^\top\right) \otimes I_{n}\right)',
    'complex kron block sum': r'\left(\operatorname{vec}\left(I_{2}\right)^\top \otimes I_{n}\right) '
                              r'\left(I_{2} \otimes M\right) \left(\operatorname{vec}\left(K^{H}\right) \otimes I_{n}\right)',
    'kron block inner': r'\left(I_{2} \otimes \operatorname{vec}\left(I_{n}\right)^\top\right) \left(M \otimes I_{n}\right) '
                        r'\left(I_{2} \otimes \operatorname{vec}\left(B\right)\right)',
}


def test_every_case_has_a_snapshot():
    assert set(LATEX) == set(CASES)


@pytest.mark.parametrize("case", list(CASES))
def test_latex_snapshots(case):
    assert to_latex(CASES[case]) == LATEX[case]


@pytest.mark.parametrize("name, latex", [
    ("u1", "u_{1}"), ("u_2", "u_{2}"), ("H_R", "H_{R}"), ("lambda", r"\lambda"), ("λ", r"\lambda"),
    ("Sigma", r"\Sigma"), ("Σ", r"\Sigma"), ("λ2", r"\lambda_{2}"), ("alpha_1", r"\alpha_{1}"),
    ("Α", "A"), ("omicron", "o"), ("AB", r"\mathit{AB}"), ("x_{ij}", "x_{ij}"),
])
def test_names(name, latex):
    assert latex_name(name) == latex


def test_double_superscripts_are_braced():
    assert to_latex(parse("(X^T)^2 + (X^-1)^T^T")) == r"{X^\top}^2 + {X^{-\top}}^\top"


def test_the_parsed_seed():
    assert to_latex(parse("u1ᵀ W (W E Wᵀ + λI)⁻¹ Wᵀ u2")) == (
        r"u_{1}^\top W \left(W E W^\top + \lambda I\right)^{-1} W^\top u_{2}")
