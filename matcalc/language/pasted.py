r"""A formula as pasted: what it defines, what it asks and what answer it gives.

`f(\mathbf{x}) = A x` defines f, so its right side is the expression; `\nabla_X f = G`
and `\frac{\partial f}{\partial X} = G` ask for f's derivative and give G as the answer;
an equation's number (\quad (5.103)), a remark after it and `\in \mathbb{R}^{…}` are not
part of the formula. A `\text{ where }` with `x \in \mathbb{R}^n` declares as a where
clause does.
"""
import re
from dataclasses import dataclass

from ..errors import ParseError, pointing
from .latex_input import Reader, looks_like_latex
from .latex_questions import UNSAID
from .marks import unmark

#: The language's own where clause; `\text{ where }` is LaTeX's and is read with the formula.
_WHERE = re.compile(r"(?<![{\s])\s*\bwhere\b")

#: An equation's number or a remark after it: \quad (5.103), \tag{1}, \quad \text{for symmetric } W.
_TAIL = re.compile(r"(\\q?quad\s*(\(\s*[0-9.]+\s*\)|\\text\{.*)|\\tag\{[^}]*\})\s*$", re.DOTALL)


@dataclass(frozen=True)
class Reading:
    """What a LaTeX text says: the expression (in the language), the names written whole,
    and, when it asks for a derivative, the variable and the order (1: gradient, 2: Hessian)
    and any answer given after `=`."""
    text: str
    whole: frozenset = frozenset()
    wrt: str = None
    order: int = 1
    answer: str = None
    #: For each character of the expression's text, the (start, end) of the LaTeX it was read from, or None.
    positions: tuple = ()


def read_latex(text):
    r"""The Reading of a LaTeX text. `f(x) = …` defines f: the right side is the expression;
    `\nabla_X f = G` asks for f's gradient and gives G as the answer. A trailing `where`
    clause is the language's own and is kept as it stands."""
    defined = with_definitions(text)
    where = _WHERE.search(defined)
    formula, clause = (defined[:where.start()], defined[where.start():]) if where else (defined, "")
    while _TAIL.search(formula):
        formula = _TAIL.sub("", formula)
    reader = Reader(formula, marking=defined == text)  # marks point into the text as given
    written, spans = unmark(reader.read())
    written, _, declared = written.partition("where")
    clause = " where " + declared.replace("∈", ":").strip(" .") if declared else clause and " " + clause
    sides = list(_sides(written))
    whole = frozenset(reader.whole)
    if reader.question is None:
        side, start = sides[min(1, len(sides) - 1)]
        return Reading(_said(side, reader, formula) + clause, whole, positions=tuple(spans[start:start + len(side)]))
    order, wrt = reader.question
    (side, start), answer = sides[0], sides[1][0] + clause if len(sides) > 1 else None
    return Reading(_said(side, reader, formula) + clause, whole, wrt, order, answer,
                   tuple(spans[start:start + len(side)]))


def _sides(written):
    """The sides of an equation, each without what follows ∈ and the punctuation around it,
    with where each starts in `written`."""
    start = 0
    for part in written.split(" = "):
        side = part.split("∈")[0]
        yield side.strip(" ,."), start + len(side) - len(side.lstrip(" ,."))
        start += len(part) + len(" = ")


def _said(expression, reader, formula):
    """The expression, which must not apply a function the formula leaves unsaid (f(X))."""
    unsaid = UNSAID.search(expression)
    if unsaid is None:
        return expression
    offset, written = reader.unsaid[int(unsaid.group(1))]
    name = written.partition("(")[0]
    raise pointing(ParseError, formula, offset,
                   f"{written} is a function of {written[len(name) + 1:-1]} that the formula does not say; "
                   f"say what it is in a definition before it, as in: {written} = A {written[len(name) + 1:-1]}; …")


def to_language(text):
    """The language's text for a LaTeX text, and the names in it written whole (\\mathrm{AB})."""
    reading = read_latex(text)
    return reading.text, reading.whole


#: A name as written in a question or definition: a letter, a Greek letter, or a LaTeX Greek command.
_NAME = r"(?:[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)?|[\u0391-\u03A9\u03B1-\u03C9\u03D1\u03D5\u03F5])"

#: The question in plain text, before the expression: d/dX …, ∂/∂X …, grad_X …, ∇_X ….
_PLAIN_QUESTION = re.compile(rf"\s*(?:d\s*/\s*d|∂\s*/\s*∂|grad_|∇_?)({_NAME})\s+")

#: The question as a quotient: df/dX, d(xᵀAx)/dx, ∂f/∂X, the where clause after it.
_PLAIN_QUOTIENT = re.compile(rf"\s*(?:d(?!/)|∂)\s*(?P<function>\S.*?)\s*/\s*[d∂]\s*(?P<variable>{_NAME})\s*"
                             rf"(?P<rest>(?:where\b.*)?)$", re.DOTALL)

#: The head of a definition: f(x) = …, L(θ) := …, φ = … (LaTeX's \phi, f(\mathbf{x}) too).
_DEFINITION = re.compile(rf"\s*(?P<name>{_NAME}|\\[A-Za-z]+)\s*(?P<arguments>\((?:[^()]|\([^()]*\))*\))?\s*:?=(?!=)\s*")


def plain_question(text):
    """The expression of a question in plain text and the variable it names (None if it asks none);
    of a definition, its right side."""
    text = with_definitions(text)
    defined = _DEFINITION.match(text)
    if defined:
        text = text[defined.end():]
    asked = _PLAIN_QUESTION.match(text)
    if asked:
        return text[asked.end():], asked.group(1)
    quotient = _PLAIN_QUOTIENT.match(text)
    if quotient:
        return f"({quotient['function']}) {quotient['rest']}", quotient["variable"]
    return text, None


def with_definitions(text):
    r"""`f(x) = xᵀAx; df/dx`: statements separated by `;`, the definitions' names replaced by
    what they stand for in the one statement that is not a definition (or in the last one)."""
    statements = _statements(text)
    if len(statements) < 2:
        return text
    definitions = [(_DEFINITION.match(s), s) for s in statements]
    asked = [s for match, s in definitions if match is None]
    if len(asked) > 1:
        raise ParseError(f"of the statements separated by ';' only one may be other than a definition "
                         f"such as f(x) = …, but {asked[0].strip()!r} and {asked[1].strip()!r} are not")
    result = asked[0] if asked else statements[-1]
    for match, statement in reversed([d for d in definitions if d[0] is not None and d[1] is not result]):
        body = statement[match.end():].strip()
        result = _used(match["name"], match["arguments"] is not None).sub(lambda _: f"({body})", result)
    return result


def _statements(text):
    r"""The parts of text between `;` outside brackets (LaTeX's spacing `\;` aside)."""
    parts, depth, start = [], 0, 0
    for position, char in enumerate(text):
        depth += (char in "([{") - (char in ")]}")
        if char == ";" and depth == 0 and text[position - 1:position] != "\\":
            parts.append(text[start:position])
            start = position + 1
    return [part for part in parts + [text[start:]] if part.strip()]


def _used(name, called):
    r"""Where a defined name stands in a statement: alone, after d or ∂ (df/dx, \partial f), and
    with its arguments when it was defined with some (f(x))."""
    before = r"(?:(?<![A-Za-z\\])|(?<=\bd)|(?<=∂)|(?<=\\partial))"
    arguments = r"(?:\s*\((?:[^()]|\([^()]*\))*\))?" if called else ""
    return re.compile(before + re.escape(name) + r"(?![A-Za-z0-9_])" + arguments)


def asked_variable(text):
    r"""The variable a derivative question names (\nabla_W f, \frac{\partial f}{\partial x},
    d/dX f, grad_X f), or None."""
    if not isinstance(text, str):
        return None
    return read_latex(text).wrt if looks_like_latex(text) else plain_question(text)[1]
