"""MathML, which browsers typeset natively: the page of `matcalc serve` shows results with it,
offline, with no typesetting library.

The same layouts and precedence ladder as the text and LaTeX notations; every token is a
MathML element, postfix operators are superscripts (<msup>), divisions fractions (<mfrac>).
A node this printer has no layout for is shown in the text notation (<mtext>), never refused.
"""
from html import escape

from ..core import ir, registry
from ..core.primitive import is_template
from ..core.sum_forms import printed_operands
from ..core.shapes import show_dim
from ..errors import guarded
from .base import GREEK, POSTFIX, FractionNotation, NotationError, shape_or_none, split_name
from .text import to_text

INVISIBLE_TIMES, APPLY_FUNCTION = "&#x2062;", "&#x2061;"


def operator(symbol):
    return f"<mo>{escape(symbol)}</mo>"


def identifier(name, normal=False):
    variant = ' mathvariant="normal"' if normal or len(name) > 1 else ""
    return f"<mi{variant}>{escape(name)}</mi>"


def row(*parts):
    return f"<mrow>{''.join(parts)}</mrow>"


class MathMLPrinter(FractionNotation):
    """Presentation MathML: <msup>, <mfrac>, <mtable> blocks, ‖X‖<sub>F</sub>."""

    PLUS, MINUS, NEG, SLASH = operator("+"), operator("−"), operator("−"), operator("/")
    HADAMARD, DIVIDE, KRON, FROBENIUS = operator("⊙"), operator("⊘"), operator("⊗"), operator(":")
    TRANSPOSE, ADJOINT = identifier("T", normal=True), identifier("H", normal=True)
    INVERSE = row(operator("−"), "<mn>1</mn>")
    INVERSE_TRANSPOSE = row(operator("−"), identifier("T", normal=True))
    NOTATION = "text"
    NUMBER_TIMES, TIMES = operator("·"), f"<mo>{INVISIBLE_TIMES}</mo>"

    def _print(self, node):
        try:
            return super()._print(node)
        except NotationError:
            return f"<mtext>{escape(to_text(node))}</mtext>"

    def paren(self, text):
        return row(operator("("), text, operator(")"))

    # -- leaves
    def _print_Symbol(self, node):
        stem, subscript = split_name(node.name)
        base = identifier(GREEK.get(stem, stem))
        if not subscript:
            return base
        index = f"<mn>{subscript}</mn>" if subscript.isdigit() else identifier(subscript)
        return f"<msub>{base}{index}</msub>"

    def _print_Number(self, node):
        value = node.value
        if value.is_Rational and value.q != 1:
            fraction = f"<mfrac><mn>{abs(value.p)}</mn><mn>{value.q}</mn></mfrac>"
            return row(self.NEG, fraction) if value < 0 else fraction
        if value.is_real:
            text = str(value)
            return row(self.NEG, f"<mn>{text[1:]}</mn>") if text.startswith("-") else f"<mn>{text}</mn>"
        return f"<mn>{escape(to_text(node))}</mn>"

    def _print_Identity(self, node):
        return identifier("I", normal=True)

    def _print_Zero(self, node):
        return "<mn>0</mn>"

    def _print_Ones(self, node):
        return "<mn>𝟙</mn>"

    def _print_Diff(self, node):
        operand = self._print(node.arg)
        return row(identifier("d", normal=True), operand if isinstance(node.arg, ir.Symbol) else self.paren(operand))

    def _print_Block(self, node):
        rows = "".join("<mtr>" + "".join(f"<mtd>{self._print(entry)}</mtd>" for entry in block_row) + "</mtr>"
                       for block_row in node.rows)
        return row(operator("["), f"<mtable>{rows}</mtable>", operator("]"))

    def _print_Norm(self, node):
        bars = row(operator("‖"), self._print(node.arg), operator("‖"))
        if 1 in (shape_or_none(node.arg) or ()):
            return bars
        return f"<msub>{bars}{identifier(str(node.kind))}</msub>"

    def _print_BlockPart(self, node):
        rows, cols = (f"{show_dim(start)}:{show_dim(stop)}" for start, stop in (node.rows, node.cols))
        return f"<msub>{self.parenthesize(node.arg, POSTFIX)}<mtext>{escape(rows)}, {escape(cols)}</mtext></msub>"

    def _print_KronBlockSum(self, node):
        return f"<mtext>{escape(to_text(node))}</mtext>"

    _print_KronBlockInner = _print_KronBlockSum

    # -- calls: a registry entry's text spelling, its template's literal parts as operators
    def call(self, name, *args):
        return row(identifier(name), f"<mo>{APPLY_FUNCTION}</mo>",
                   self.paren(operator(",").join(self._print(a) for a in args)))

    def _print_Node(self, node):
        entry = registry.entry_of(node)
        if entry is None:
            raise NotationError(f"no MathML form for {type(node).__name__}")
        spelling = entry.spelling("text")
        if not is_template(spelling):
            return self.call(spelling, *node.children())
        return row(*self._filled(spelling, [self._print(child) for child in printed_operands(node)]))

    def _filled(self, template, arguments):
        """A template's pieces: {k} becomes the k-th argument, the text between becomes operators."""
        pieces, rest = [], template
        while rest:
            start = rest.find("{")
            end = rest.find("}", start)
            if start < 0 or end < 0 or not rest[start + 1:end].isdigit():
                pieces.append(operator(rest))
                break
            if start:
                pieces.append(operator(rest[:start]))
            pieces.append(arguments[int(rest[start + 1:end])])
            rest = rest[end + 1:]
        return pieces

    # -- postfix operators and powers
    def postfix(self, arg, suffix):
        return f"<msup>{row(self.parenthesize(arg, POSTFIX))}{row(suffix)}</msup>"

    def _print_Power(self, node):
        return self.postfix(node.arg, self._print(node.exponent))

    def _print_ElementPower(self, node):
        return self.postfix(node.arg, row(operator("∘"), self._print(node.exponent)))

    # -- products
    def product(self, text):
        return row(text)

    def fraction(self, numerator, denominator):
        return f"<mfrac>{row(numerator)}{denominator}</mfrac>"


@guarded
def to_mathml(node):
    """The expression as the content of a <math> element."""
    return MathMLPrinter().doprint(node)


def math_element(content, display=False):
    """A complete <math> element around MathML content."""
    mode = ' display="block"' if display else ""
    return f'<math xmlns="http://www.w3.org/1998/Math/MathML"{mode}>{content}</math>'
