r"""A formula as pasted: what it defines, what it asks and what answer it gives.

`f(\mathbf{x}) = A x` defines f, so its right side is the expression; `\nabla_X f = G`
and `\frac{\partial f}{\partial X} = G` ask for f's derivative and give G as the answer;
an equation's number (\quad (5.103)), a remark after it and `\in \mathbb{R}^{…}` are not
part of the formula. A `\text{ where }` with `x \in \mathbb{R}^n` declares as a where
clause does.
"""
import re
from dataclasses import dataclass

from .latex_input import Reader, looks_like_latex

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


def read_latex(text):
    r"""The Reading of a LaTeX text. `f(x) = …` defines f: the right side is the expression;
    `\nabla_X f = G` asks for f's gradient and gives G as the answer. A trailing `where`
    clause is the language's own and is kept as it stands."""
    where = _WHERE.search(text)
    formula, clause = (text[:where.start()], text[where.start():]) if where else (text, "")
    while _TAIL.search(formula):
        formula = _TAIL.sub("", formula)
    reader = Reader(formula)
    written, _, declared = reader.read().partition("where")
    clause = " where " + declared.replace("∈", ":").strip(" .") if declared else clause and " " + clause
    sides = [side.split("∈")[0].strip(" ,.") for side in written.split(" = ")]
    whole = frozenset(reader.whole)
    if reader.question is None:
        return Reading(sides[min(1, len(sides) - 1)] + clause, whole)
    order, wrt = reader.question
    return Reading(sides[0] + clause, whole, wrt, order, sides[1] + clause if len(sides) > 1 else None)


def to_language(text):
    """The language's text for a LaTeX text, and the names in it written whole (\\mathrm{AB})."""
    reading = read_latex(text)
    return reading.text, reading.whole


#: The question in plain text, before the expression: d/dX …, grad_X …, ∇_X ….
_PLAIN_QUESTION = re.compile(r"\s*(?:d\s*/\s*d|grad_|∇_?)([A-Za-z\u0391-\u03C9][A-Za-z0-9]*(?:_[A-Za-z0-9]+)?)\s+")


def plain_question(text):
    """The expression of a question in plain text and the variable it names (None if it asks none)."""
    asked = _PLAIN_QUESTION.match(text)
    return (text[asked.end():], asked.group(1)) if asked else (text, None)


def asked_variable(text):
    r"""The variable a derivative question names (\nabla_W f, \frac{\partial f}{\partial x},
    d/dX f, grad_X f), or None."""
    if not isinstance(text, str):
        return None
    return read_latex(text).wrt if looks_like_latex(text) else plain_question(text)[1]
