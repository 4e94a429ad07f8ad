"""Round trips on random well-typed expressions over the whole language.

The generator writes input text, typed by construction: each form is asked for
a result of a given shape over the dimensions n, m and 1, and each name always
has the one shape listed in NAMES (declared in a where clause, or left to its
spelling). Then parse(to_ascii(e)) == e, and to_sympy / from_sympy agree.
"""
import sympy
from hypothesis import given, settings, strategies as st

from matcalc.core import ir
from matcalc import parse
from matcalc.printing.latex import to_latex
from matcalc.printing.sympy import from_sympy, to_sympy
from matcalc.printing.text import TextPrinter, to_ascii, to_text
from matcalc.core.shapes import SCALAR

N, M, ONE = "n", "m", "1"
NAMES = {
    (N, N): ["X", "S", "T", "D", "H_R", "A1", "Σ"],
    (N, M): ["Y", "Z", "W_2"],
    (M, N): ["V"],
    (M, M): ["P"],
    (N, ONE): ["x", "u1", "u_2", "z"],
    (M, ONE): ["y"],
    (ONE, ONE): ["λ", "α", "lambda", "rho", "θ1", "β"],
}
#: How the where clause may declare a name, when not by its shape alone.
DECLARATIONS = {
    "X": ["X: n×n", "X: n x n", "X: (n, n)"], "S": ["S: n×n spd"], "T": ["T: n*n symmetric"],
    "D": ["D: n×n diagonal"], "H_R": ["H_R: complex n×n hermitian"], "A1": ["A1: n×n invertible"],
    "Y": ["Y: n×m"], "Z": ["Z: complex n×m"], "P": ["P: m×m"], "z": ["z: complex n"], "y": ["y: m"],
    "λ": ["λ > 0", "λ: positive"], "β": ["β: scalar"],
}
NUMBERS = ["2", "3", "0.5", "(1/2)", "2j"]
#: Names whose spelling alone does not give the shape NAMES lists (Σ is square only by declaration).
PLAIN_EXCLUDED = {"Σ", "β"}
FUNCTIONS = ["exp", "log", "sqrt", "sin", "cos", "tanh", "sigmoid", "softplus", "abs", "conj", "Re", "Im"]


class Writer:
    """Writes the text of one random expression; `sympy` leaves out vec of a matrix.

    A `plain` expression is typed by the spelling of its names alone: no where
    clause, no sized 0, 𝟙 or I_n, and none of the forms whose sizes need declaring.
    """

    def __init__(self, draw, sympy_only=False, plain=False):
        self.draw, self.sympy_only, self.plain = draw, sympy_only, plain
        self.used, self.in_bars, self.sized, self.declare_all = set(), False, False, False

    def pick(self, options):
        return self.draw(st.sampled_from(options))

    def expression(self, shape, depth):
        forms = [self.leaf] + (self.forms(shape) if depth > 0 else [])
        return self.pick(forms)(shape, depth - 1)

    def sized_expression(self, shape, depth):
        """An expression for where sizes add or multiply, or decide (diag): without 0, 𝟙 or I
        of unknown size and with every name declared, as inference cannot solve m + n = k + p."""
        outer, self.sized, self.declare_all = self.sized, True, True
        text = self.expression(shape, depth)
        self.sized = outer
        return text

    def forms(self, shape):
        rows, cols = shape
        forms = [self.sum, self.negation, self.product, self.scaling, self.hadamard, self.transpose,
                 self.function, self.element_power]
        forms += [] if self.plain else [self.kron, self.block]
        forms += [] if self.plain or self.sympy_only or ONE in shape else [self.unvec]
        if rows == cols != ONE:
            forms += [self.inverse, self.power, self.sym, self.shift] + ([] if self.plain else [self.diag_matrix])
        if cols == ONE != rows and not self.plain:
            forms += [self.diag_vector, self.vec]
        if shape == (ONE, ONE):
            forms += [self.trace, self.total, self.norm, self.frobenius, self.scalar_power]
            forms += [] if self.sympy_only or self.plain else [self.vec_inner]
        return forms

    # -- leaves
    def leaf(self, shape, depth):
        rows, cols = shape
        options = [name for name in NAMES.get(shape, []) if not (self.plain and name in PLAIN_EXCLUDED)]
        options += [] if self.plain else [f"ones({rows})" if cols == ONE else f"ones({rows}, {cols})"]
        if shape == (ONE, ONE):
            options += NUMBERS
        if rows == cols != ONE:
            options += ["I"] if self.plain else [f"I_{rows}", f"eye({rows})"] + ([] if self.sized else ["I"])
        if not options:  # a plain row: a column's transpose
            return self.name(shape[::-1]) + "ᵀ"
        text = self.pick(options)
        if any(text in names for names in NAMES.values()):
            self.used.add(text)
        return text

    def name(self, shape):
        text = self.pick(NAMES[shape])
        self.used.add(text)
        return text

    # -- every shape
    def sum(self, shape, depth):
        """A + B, where A or B may be 0 or 𝟙: only a sum tells their size (0 x could be 0·x)."""
        a, b = self.expression(shape, depth), self.expression(shape, depth)
        if shape != (ONE, ONE) and not (self.sized or self.plain):
            a = self.pick([a, "0", "𝟙"])
        return self.pick([f"({a} + {b})", f"({a} - {b})", f"({a} − {b})", f"(-{a} + {b})"])

    def negation(self, shape, depth):
        return f"(-{self.expression(shape, depth)})"

    def product(self, shape, depth):
        inner = self.pick([N, M, ONE])
        left, right = self.expression((shape[0], inner), depth), self.expression((inner, shape[1]), depth)
        return f"({left}{self.pick([' ', ' * ', ' @ '])}{right})"

    def scaling(self, shape, depth):
        scalar, matrix = self.expression((ONE, ONE), depth), self.expression(shape, depth)
        return self.pick([f"({scalar} {matrix})", f"({matrix} / {scalar})"])

    def hadamard(self, shape, depth):
        a, b = self.expression(shape, depth), self.expression(shape, depth)
        return f"({a} {self.pick(['.*', '⊙', '∘', './', '⊘'])} {b})"

    def transpose(self, shape, depth):
        return self.expression(shape[::-1], depth) + self.pick(["ᵀ", "^T", "ᴴ", "^H", "'"])

    def function(self, shape, depth):
        return f"{self.pick(FUNCTIONS)}({self.expression(shape, depth)})"

    def element_power(self, shape, depth):
        return f"{self.expression(shape, depth)}.^{self.pick(['2', '3', '-1', 'α'])}"

    def kron(self, shape, depth):
        rows, cols = shape
        if self.draw(st.booleans()):
            a, b = self.sized_expression((rows, ONE), depth), self.sized_expression((ONE, cols), depth)
        else:
            a, b = self.pick([((ONE, ONE), shape), (shape, (ONE, ONE))])
            a, b = self.sized_expression(a, depth), self.sized_expression(b, depth)
        return self.pick([f"kron({a}, {b})", f"({a} ⊗ {b})"])

    def block(self, shape, depth):
        """[A, B] [C; D], or with a 2×2 block between: inner sizes n + m, outer ones as asked."""
        rows, cols = shape
        left = f"[{self.sized_expression((rows, N), depth)}, {self.sized_expression((rows, M), depth)}]"
        right = f"[{self.sized_expression((N, cols), depth)}; {self.sized_expression((M, cols), depth)}]"
        middle = (f"[{self.name((N, N))}, {self.name((N, M))}; "
                  f"{self.sized_expression((M, N), depth)}, {self.sized_expression((M, M), depth)}] ")
        return f"({left} {self.pick(['', middle])}{right})"

    # -- square matrices
    def inverse(self, shape, depth):
        a = self.expression(shape, depth)
        return self.pick([f"inv({a})", f"{a}^-1", f"{a}⁻¹", f"{a}^-T", f"{a}⁻ᵀ"])

    def power(self, shape, depth):
        return self.expression(shape, depth) + self.pick(["^2", "²", "^-2", "⁻²", "^3", "^α"])

    def sym(self, shape, depth):
        return f"Sym({self.expression(shape, depth)})"

    def diag_matrix(self, shape, depth):
        return f"diag({self.sized_expression(self.pick([(shape[0], ONE), (ONE, shape[0])]), depth)})"

    def shift(self, shape, depth):
        return f"({self.expression(shape, depth)} + {self.expression((ONE, ONE), depth)} I)"

    # -- vectors
    def diag_vector(self, shape, depth):
        return f"diag({self.sized_expression((shape[0], shape[0]), depth)})"

    def unvec(self, shape, depth):
        """unvec(vec(B), n, m), B shaped the other way round: the entries rearranged."""
        return f"unvec(vec({self.sized_expression(shape[::-1], depth)}), {shape[0]}, {shape[1]})"

    def vec(self, shape, depth):
        return f"vec({self.sized_expression(self.pick([shape, shape[::-1]]), depth)})"

    # -- scalars
    def square(self, depth):
        size = self.pick([N, M])
        return self.expression((size, size), depth)

    def any_shape(self):
        return self.pick([(N, N), (N, M), (M, N), (N, ONE), (ONE, M)])

    def trace(self, shape, depth):
        return f"{self.pick(['tr', 'trace', 'Tr', 'det', 'logdet'])}({self.square(depth)})"

    def total(self, shape, depth):
        return f"sum({self.expression(self.any_shape(), depth)})"

    def norm(self, shape, depth):
        if self.in_bars:
            return f"norm({self.expression(self.any_shape(), depth)})"
        self.in_bars = True
        matrix, vector = self.expression(self.any_shape(), depth), self.expression((N, ONE), depth)
        self.in_bars = False
        return self.pick([f"||{matrix}||_F", f"‖{matrix}‖_F²", f"||{vector}||", f"||{vector}||^2",
                          f"||{vector}||_2^2", f"‖{vector}‖"])

    def frobenius(self, shape, depth):
        operands = self.any_shape()
        return f"({self.expression(operands, depth)} : {self.expression(operands, depth)})"

    def scalar_power(self, shape, depth):
        a = self.expression(shape, depth)
        return self.pick([f"{a}^2", f"{a}²", f"{a}^-1", f"(1 / {a})"])

    def vec_inner(self, shape, depth):
        operands = self.any_shape()
        return f"(vec({self.sized_expression(operands, depth)})ᵀ vec({self.sized_expression(operands, depth)}))"

    # -- the whole text
    def text(self):
        shape = self.pick([(N, N), (N, M), (N, ONE), (ONE, ONE)])
        body = self.expression(shape, self.draw(st.integers(1, 4)))
        declared = [self.declaration(name) for name in sorted(self.used)
                    if not self.plain and (self.declare_all or self.draw(st.booleans()))]
        return body + (f" where {', '.join(declared)}" if declared else "")

    def declaration(self, name):
        """A declaration of the name: by its shape, or with the properties of DECLARATIONS."""
        shape = next(shape for shape, names in NAMES.items() if name in names)
        plain = f"{name}: {'scalar' if shape == (ONE, ONE) else shape[0] if shape[1] == ONE else '×'.join(shape)}"
        return self.pick(DECLARATIONS.get(name, [plain]))


@st.composite
def texts(draw, sympy_only=False, plain=False):
    return Writer(draw, sympy_only, plain).text()


@settings(max_examples=300, deadline=None)
@given(texts())
def test_ascii_reads_back_as_the_same_tree(text):
    expression = parse(text)
    assert parse(to_ascii(expression)) == expression
    assert to_text(expression) and to_latex(expression)


def _as_printed(expression):
    """The tree with each name as the Unicode printer spells it (lambda → λ, u_2 → u₂ → u2)."""
    def rename(node, children):
        if isinstance(node, ir.Symbol):
            return ir.Symbol(parse(TextPrinter().doprint(node)).name, node.shape_, node.complex, node.properties)
        return node.rebuild(children) if children else node
    return ir.fold(expression, rename)


@settings(max_examples=300, deadline=None)
@given(texts(plain=True))
def test_unicode_text_reads_back_as_the_same_tree(text):
    """What the Unicode printer writes, 2(AWB − BWᵀAWBWE), is input too: for an expression
    its names type, it reads back as the same tree up to how names are spelled."""
    expression = parse(text)
    assert parse(to_text(expression)) == _as_printed(expression)


# --------------------------------------------------------------- SymPy

def _sympy_shape(value):
    shape = value.shape if isinstance(value, sympy.MatrixExpr) else SCALAR
    return tuple(sympy.expand(d) for d in shape)


def _symbols(expression):
    return [n for n in ir.walk(expression) if isinstance(n, ir.Symbol)]


@settings(max_examples=200, deadline=None)
@given(texts(sympy_only=True))
def test_sympy_conversion_reads_back(text):
    expression = parse(text)
    converted = to_sympy(expression)
    assert _sympy_shape(converted) == expression.shape
    back = from_sympy(converted, _symbols(expression))
    assert back.shape == expression.shape
    assert to_sympy(back) == converted
