"""What every printer shares: the precedence ladder of the language, and dispatch.

A printer is a class whose `_print_<NodeType>` methods are found by walking the
node's class hierarchy (as in SymPy's printers), so `_print_Node` is the fallback.
`NotationPrinter` holds the layouts the text, ASCII and LaTeX notations have in
common: sums with their minus signs, products by juxtaposition with divisions and
brackets, infix and postfix operators, function calls. Each notation supplies
only its tokens and leaves.
"""
import re

from ..core import ir, registry
from ..core.kron_forms import block_inner_form, block_sum_form
from ..core.sum_forms import printed_operands
from ..core.alphabet import GREEK, SPELLED  # noqa: F401  (the printers' names for Greek letters)
from ..errors import MatcalcError
from ..core.primitive import fill, is_template
from ..core.shapes import SCALAR, show_dim

# The ladder of LANGUAGE.md, loosest first: a higher level binds tighter.
SUM, FROBENIUS, PRODUCT, KRON, PREFIX, POSTFIX, ATOM = range(1, 8)

#: The level each node type prints at; types not listed print as atoms.
PRECEDENCE = {
    "Add": SUM,
    "Frobenius": FROBENIUS,
    "Mul": PRODUCT, "Hadamard": PRODUCT, "Divide": PRODUCT, "KronBlockSum": PRODUCT, "KronBlockInner": PRODUCT,
    "Kron": KRON,
    "Transpose": POSTFIX, "Adjoint": POSTFIX, "Inverse": POSTFIX, "Power": POSTFIX,
    "ElementPower": POSTFIX, "BlockPart": POSTFIX,
}


class NotationError(MatcalcError):
    """An expression has no form in the notation asked for."""


def precedence(node):
    """The level `node` prints at in the text notations (signs and fractions refine the table)."""
    if isinstance(node, ir.Number):
        return _number_precedence(node.value)
    if isinstance(node, ir.Mul):
        negative, positive = split_sign(node)
        if negative and not isinstance(positive, ir.Mul):
            return PREFIX
    return PRECEDENCE.get(type(node).__name__, ATOM)


def _number_precedence(value):
    real, imaginary = value.as_real_imag()
    if real != 0 and imaginary != 0:
        return SUM  # a + bj
    part = real if imaginary == 0 else imaginary
    level = ATOM if part.is_Integer or part.is_Symbol else PRODUCT  # 1/2 and 1j/2 are divisions; n a size
    return min(level, PREFIX) if part < 0 else level


def shape_or_none(node):
    """The shape of a typed node; None for a tree not typed yet, which prints all the same."""
    try:
        return node.shape
    except (TypeError, KeyError):
        return None


def is_scalar(node):
    return shape_or_none(node) == SCALAR


def split_sign(node):
    """(True, |node|) when node prints with a leading minus (−2X, −AB, −3), else (False, node).

    Negating |node| as the parser does gives node back: −1·3X and −1(−X) keep their
    −1, since −3X and −(−X) would read as other trees.
    """
    if isinstance(node, ir.Number) and node.value.is_real and node.value < 0:
        return True, ir.Number(-node.value)
    if isinstance(node, ir.Mul) and len(node.factors) > 1 and isinstance(node.factors[0], ir.Number):
        negative, coefficient = split_sign(node.factors[0])
        rest = node.factors[1:]
        if negative and coefficient.value != 1:
            return True, ir.Mul((coefficient,) + rest)
        if negative and not (isinstance(rest[0], ir.Number) or (len(rest) == 1 and isinstance(rest[0], ir.Mul))):
            return True, rest[0] if len(rest) == 1 else ir.Mul(rest)
    return False, node


def split_divisors(factors):
    """Trailing scalar inverses read as divisions, X α⁻¹ β⁻¹ → X/α/β; returns (factors, divisors).

    Not 2⁻¹: X/2 reads as the number 1/2 times X.
    """
    end = len(factors)
    while end > 1 and _divisor(factors[end - 1]):
        end -= 1
    return factors[:end], [f.arg for f in factors[end:]]


def _divisor(node):
    return isinstance(node, ir.Inverse) and is_scalar(node.arg) and not isinstance(node.arg, ir.Number)


# ------------------------------------------------------------------ names



def split_name(name):
    """A name's stem and subscript: H_R → (H, R), u1 → (u, 1), u_{12} → (u, 12), λ → (λ, '')."""
    stem, _, subscript = name.partition("_")
    if not subscript:
        trailing_digits = re.fullmatch(r"(.+?)(\d+)", name)
        if trailing_digits:
            stem, subscript = trailing_digits.groups()
    return stem, subscript.strip("{}")


# --------------------------------------------------------------- printers

class Printer:
    """Dispatch: `_print_<NodeType>` for the first class in the node's hierarchy that has one."""

    def doprint(self, node):
        return self._print(node)

    def _print(self, node):
        for cls in type(node).__mro__:
            method = getattr(self, f"_print_{cls.__name__}", None)
            if method is not None:
                return method(node)
        raise NotationError(f"{type(self).__name__} cannot print {type(node).__name__}")


class NotationPrinter(Printer):
    """The layouts the written notations share, driven by the precedence ladder.

    Subclasses set the tokens below and print the leaves; parentheses appear only
    where the ladder needs them, and around the few factors of a product that a
    reader would otherwise misgroup: (A ⊙ B)C, (1/2)X, (aᵀx)B.
    """

    PLUS = MINUS = NEG = SLASH = HADAMARD = DIVIDE = KRON = FROBENIUS = None
    #: Whether I and 𝟙 are written with their sizes (I_p, ones(m)), where nothing else fixes them:
    #: in the forms of block sums and inside diag(·).
    sized_constants = False
    TRANSPOSE = ADJOINT = INVERSE = INVERSE_TRANSPOSE = None
    #: Which spelling of a registry entry this notation writes: "text", "ascii" or "latex".
    NOTATION = None
    BLOCK_PART = ""
    UNVEC = "unvec({}, {})"

    def precedence(self, node):
        return precedence(node)

    def paren(self, text):
        return f"({text})"

    def parenthesize(self, node, level):
        """node printed, in brackets when it binds looser than `level`."""
        text = self._print(node)
        return self.paren(text) if self.precedence(node) < level else text

    # -- sums and products
    def _print_Add(self, node):
        parts = [self._print(node.terms[0])]
        for term in node.terms[1:]:
            negative, positive = split_sign(term)
            parts.append((self.MINUS if negative else self.PLUS) + self.parenthesize(positive, FROBENIUS))
        return "".join(parts)

    def _print_Mul(self, node):
        negative, positive = split_sign(node)
        if negative:
            return self.NEG + self.parenthesize(positive, PRODUCT if isinstance(positive, ir.Mul) else POSTFIX)
        factors, divisors = split_divisors(node.factors)
        texts = [self._factor(f, i == 0, len(factors) == 1) for i, f in enumerate(factors)]
        text = self.join_factors(factors, texts)
        return self.divide(text, divisors) if divisors else text

    def _factor(self, node, first, alone):
        """One factor of a product: a later one must be postfix-tight, since `A -B` is a difference."""
        if not first:
            return self.parenthesize(node, POSTFIX)
        level = self.precedence(node)
        reads_on = isinstance(node, ir.Mul) and not split_divisors(node.factors)[1] and (
            alone or not is_scalar(node))
        if level < PRODUCT or (level in (PRODUCT, KRON) and not reads_on):
            return self.paren(self._print(node))
        return self._print(node)

    def join_factors(self, factors, texts):
        raise NotImplementedError

    def divide(self, numerator, divisors):
        return numerator + "".join(self.SLASH + self.parenthesize(d, POSTFIX) for d in divisors)

    # -- infix operators: left-associative, so the right operand binds one level tighter
    def _infix(self, node, operator, level):
        return (self.parenthesize(node.left, level) + operator
                + self.parenthesize(node.right, level + 1))

    def _print_Hadamard(self, node):
        return self._infix(node, self.HADAMARD, PRODUCT)

    def _print_Divide(self, node):
        return self._infix(node, self.DIVIDE, PRODUCT)

    def _print_Kron(self, node):
        return self._infix(node, self.KRON, KRON)

    def _print_Frobenius(self, node):
        return self._infix(node, self.FROBENIUS, FROBENIUS)

    # -- postfix operators
    def postfix(self, arg, suffix):
        return self.parenthesize(arg, POSTFIX) + suffix

    def _print_Transpose(self, node):
        if isinstance(node.arg, ir.Inverse):
            return self.postfix(node.arg.arg, self.INVERSE_TRANSPOSE)
        return self.postfix(node.arg, self.TRANSPOSE)

    def ones(self, node, text):
        """A row of ones is the transpose of a column: 𝟙ᵀ, so that 𝟙𝟙ᵀ does not read as 𝟙𝟙."""
        shape = shape_or_none(node)
        return text + self.TRANSPOSE if shape and shape[0] == 1 and shape[1] != 1 else text

    def _print_Adjoint(self, node):
        return self.postfix(node.arg, self.ADJOINT)

    def _print_Inverse(self, node):
        return self.postfix(node.arg, self.INVERSE)

    # -- calls and the forms derivations produce
    def call(self, name, *args):
        return f"{name}({', '.join(self._print(a) for a in args)})"

    def _print_Node(self, node):
        """A function of the registry, as its entry spells it in this notation."""
        entry = registry.entry_of(node)
        if entry is None:
            raise NotationError(f"{type(self).__name__} has no form for {type(node).__name__}")
        spelling = entry.spelling(self.NOTATION)
        if is_template(spelling):
            return fill(spelling, [self._print(argument) for argument in printed_operands(node)])
        return self.call(spelling, *node.children())

    def _print_Unvec(self, node):
        """unvec(v, m, n): the shape is part of it, so that it reads back."""
        sizes = ", ".join(self.size(d) for d in node.shape_)
        return self.UNVEC.format(self._print(node.arg), sizes)

    def size(self, dim):
        """A size as the language reads it: 2n, m*k, n^2, m + k."""
        return re.sub(r"(\d)\*(?=[A-Za-z])", r"\1", str(dim).replace("**", "^"))

    def _print_BlockPart(self, node):
        rows, cols = (f"{show_dim(start)}:{show_dim(stop)}" for start, stop in (node.rows, node.cols))
        return self.BLOCK_PART.format(m=self.parenthesize(node.arg, POSTFIX), rows=rows, cols=cols)

    def _print_KronBlockSum(self, node):
        return self._with_sizes(self._print, block_sum_form(node))

    def _print_KronBlockInner(self, node):
        return self._with_sizes(self._print, block_inner_form(node))

    def _print_DiagMatrix(self, node):
        """diag(ones(m)): a bare diag(𝟙) would read as the diagonal of a square matrix."""
        return self._with_sizes(self._print_Node, node)

    def _with_sizes(self, printing, node):
        """printing(node) with I and 𝟙 sized, as nothing else in the node fixes their sizes."""
        outer, self.sized_constants = self.sized_constants, True
        try:
            return printing(node)
        finally:
            self.sized_constants = outer


class FractionNotation(NotationPrinter):
    """A notation with real fractions (LaTeX's \\frac, MathML's <mfrac>): a fraction needs no
    brackets, so a rational number is an atom, and divisions are written one over the other."""

    #: What stands between a number and the next factor (2 · X), and between other factors.
    NUMBER_TIMES = TIMES = None

    def precedence(self, node):
        level = super().precedence(node)
        if isinstance(node, ir.Number) and level == PRODUCT:  # 1/2 is a fraction: an atom
            return PREFIX if split_sign(node)[0] else ATOM
        return level

    def join_factors(self, factors, texts):
        out = texts[0]
        for factor, text in zip(factors[1:], texts[1:]):
            out += (self.NUMBER_TIMES if isinstance(factor, ir.Number) else self.TIMES) + text
        return self.product(out)

    def product(self, text):
        """A product's factors, joined, as one piece of the notation."""
        return text

    def divide(self, numerator, divisors):
        denominator = self.join_factors(divisors, [self._factor(d, i == 0, len(divisors) == 1)
                                                   for i, d in enumerate(divisors)])
        return self.fraction(numerator, denominator)

    def fraction(self, numerator, denominator):
        raise NotImplementedError
