"""Is a gradient, Jacobian or backpropagation rule worked out by hand right? The claim against
the derived one, and where they differ.

The claim is read like any expression (LaTeX too), with the expression's variables
and `where A = …, B = …` for the names it abbreviates. It is compared with the
derived answer at random points in the domain, and their difference is simplified.
A difference is accepted only within the rounding error of evaluating the two, so
the threshold follows the values of the gradient and of the sums in it, never the
size of f: a zero or doubled gradient of 100000000 + 1e-3 tr(A X) is wrong.
"""
from dataclasses import dataclass, field

import numpy as np

from ..checking import domain, numeric
from ..checking.sampling import variables
from ..core import algebra, ir
from ..core.dimensions import SCALAR
from ..core.shapes import show_shape
from ..derivation.expansion import TooManyTerms, expand
from ..derivation.simplify import simplify
from ..errors import DerivationError, ShapeError, guarded
from ..language import declarations as decl
from ..language.latex_input import looks_like_latex
from ..language.parse import parse_raw, type_expression
from ..language.pasted import asked_variable, to_language
from ..printing.text import to_text
from .gradient import grad, vjp
from .jacobians import Hessian, Jacobian, jacobian
from .questions import derive

#: Rounding error of an evaluation, in units of eps times the largest sum met: generous for
#: the well-conditioned points sampled, tiny beside any real difference.
ROUNDING_UNITS = 1e4
EPS = np.finfo(float).eps
VERDICTS = ("correct", "transposed", "wrong")


@dataclass(frozen=True)
class ClaimReport:
    """The verdict on a claimed gradient, Jacobian or backpropagation rule: "correct", "transposed" or "wrong"."""
    verdict: str
    derived: object
    claim: ir.Node
    relative_error: float
    message: str
    points: int = 3
    fixes: tuple = field(default=())
    symbolic: bool = False  # whether the difference of claim and derived answer simplifies to 0

    @property
    def ok(self):
        return self.verdict == "correct"

    def __bool__(self):
        return self.ok

    def __str__(self):
        return f"{self.verdict}: {self.message}"


@guarded
def check(expression, wrt=None, claim=None, where=None, layout=None, points=3, seed=0, upstream=None):
    """The claim against what `expression` asks for with respect to `wrt`: its gradient, its
    Jacobian when it is a vector or matrix, the Hessian a question asks for, or, given the
    name of an `upstream` gradient G, the backpropagation rule G ↦ ∇_X Re(G : F)."""
    if claim is None:
        raise DerivationError("a check of a claim needs the claim: claim=\"…\"")
    derived, what, natural = _derived(expression, wrt or asked_variable(expression), where, upstream)
    layout = layout or natural
    target = derived.expr if layout == natural else algebra.transpose(derived.expr)
    function = _function(derived)
    written, expand = read_claim(claim, function)
    claimed = expand(written)
    if isinstance(claimed, ir.Zero) or claimed == ir.Number(0):
        claimed = algebra.zero(target.shape)
    transposed = algebra.transpose(claimed)
    if claimed.shape != target.shape and transposed.shape != target.shape:
        hint = ("; a claim shaped like F is a backpropagation rule: name its upstream gradient with upstream="
                if what == "Jacobian" else "")
        raise ShapeError(f"the claim is {show_shape(claimed.shape)}, but the {what} with respect to "
                         f"{_variable(derived).name} is {show_shape(target.shape)}{hint}")
    samples = _Samples(function, target, points, seed)
    error = samples.relative_error(claimed) if claimed.shape == target.shape else float("inf")
    what = what if layout == natural else f"{what} in {layout} layout"
    shown = f"the derived {what} {to_text(target)}"
    if claimed.shape == target.shape and samples.matches(claimed):
        symbolic = _simplifies_to_zero(claimed, target)
        return ClaimReport("correct", derived, claimed, error, f"the claim equals {shown}; {_how(symbolic, points)}",
                           points, symbolic=symbolic)
    if transposed.shape == target.shape and samples.matches(transposed):
        other = "numerator" if layout == "denominator" else "denominator"
        symbolic = _simplifies_to_zero(transposed, target)
        return ClaimReport("transposed", derived, claimed, samples.relative_error(transposed),
                           f"the claim is the transpose of {shown}: it is right in {other} layout; "
                           f"{_how(symbolic, points)}", points, symbolic=symbolic)
    fixes = tuple(_fixes(written, expand, samples)) if claimed.shape == target.shape else ()
    message = f"the derived {what} is {to_text(target)}; the claim's relative error is {error:.1e} at {points} " \
              f"random points" + "".join(f"; {fix}" for fix in fixes[:1])
    return ClaimReport("wrong", derived, written, error, message, points, fixes)


def _derived(expression, wrt, where, upstream):
    """What the claim is held against, its name, and the layout it is written in by convention."""
    if wrt is None:
        raise DerivationError("the claim needs the variable: pass wrt=, or ask the question, \\nabla_X f")
    if upstream is not None:
        return vjp(expression, wrt, where, upstream=upstream), "backpropagation rule", "denominator"
    if isinstance(expression, str):
        derived = derive(expression, where=where, wrt=wrt)
    else:
        derived = grad(expression, wrt) if expression.shape == SCALAR else jacobian(expression, wrt)
    if isinstance(derived, Jacobian):
        if derived.expr is None:
            raise DerivationError(f"the Jacobian of {to_text(derived.function)} has no closed form here; "
                                  f"check the backpropagation rule instead (upstream=\"G\", --upstream G)")
        return derived, "Jacobian", "numerator"
    return derived, ("Hessian" if isinstance(derived, Hessian) else "gradient"), "denominator"


def _function(derived):
    """The function whose variables the claim may name and whose domain the points are drawn from."""
    return derived.gradient.function if isinstance(derived, Hessian) else derived.function


def _variable(derived):
    return derived.gradient.variable if isinstance(derived, Hessian) else derived.variable


def _simplifies_to_zero(claimed, target):
    """Whether claimed − target, multiplied out and simplified (twice, as simplifying may leave sums
    inside products), is 0."""
    difference = algebra.add(claimed, algebra.neg(target))
    try:
        for _ in range(2):
            difference = simplify(expand(difference))
    except TooManyTerms:
        return False
    return algebra.is_zero(difference)


def _how(symbolic, points):
    if symbolic:
        return "their difference simplifies to 0"
    return f"they agree at {points} random points, though their difference does not simplify to 0 by the rules"


def read_claim(text, function):
    """The claim as written, typed with the function's variables, and what puts the definitions
    of `where A = …, B = …` in place of A and B."""
    if isinstance(text, ir.Node):
        return text, lambda node: node
    body, definitions = _split_definitions(text)
    known = {s.name: decl.Declaration(s.name, s.shape, s.complex, s.properties) for s in variables(function)}
    defined = {}

    def expand(node):
        return ir.fold(node, lambda n, children: defined[n.name] if isinstance(n, ir.Symbol) and n.name in defined
                       else n.rebuild(children) if children else n)
    for name, definition in definitions:  # each may use the ones before it
        value = _typed(definition, known)
        defined[name] = expand(value)
        known[name] = decl.Declaration(name, value.shape, None, frozenset())
    claimed = _typed(body, known)
    unknown = sorted({s.name for s in variables(claimed)} - {s.name for s in variables(function)} - set(defined))
    if unknown:
        raise DerivationError(f"the claim names {', '.join(unknown)}, which the expression does not have; "
                              f"define it after 'where', as in: where {unknown[0]} = …")
    return claimed, expand


def _split_definitions(text):
    body, _, rest = text.partition(" where ")
    definitions, depth, start = [], 0, 0
    for position, char in enumerate(rest + ","):
        depth += char in "([{" and 1 or char in ")]}" and -1 or 0
        if char == "," and depth == 0 and rest[start:position].strip():
            name, equals, value = rest[start:position].partition("=")
            if not equals:
                raise DerivationError(f"after 'where' a claim defines names, as in A = Sym(u1 u2ᵀ); "
                                      f"{rest[start:position].strip()!r} is not one")
            definitions.append((name.strip(), value.strip()))
            start = position + 1
    return body, definitions


def _typed(text, known):
    whole = frozenset()
    if looks_like_latex(text):
        text, whole = to_language(text)
    expression, _ = parse_raw(text, whole=whole)
    return type_expression(expression, dict(known), text)


class _Samples:
    """The derived gradient's values at random points, and whether another expression's fit them."""

    def __init__(self, function, target, points, seed):
        rng, sizes, self.points = np.random.default_rng(seed), None, []
        for _ in range(points):
            inputs, sizes = domain.defined_point(function, rng, sizes)
            value, scale = _evaluate(target, inputs, sizes)
            self.points.append((inputs, sizes, value, scale))

    def matches(self, candidate):
        for inputs, sizes, value, scale in self.points:
            other, other_scale = _evaluate(candidate, inputs, sizes)
            if not np.max(np.abs(other - value), initial=0.0) <= ROUNDING_UNITS * EPS * max(scale, other_scale):
                return False
        return True

    def relative_error(self, candidate):
        worst = 0.0
        for inputs, sizes, value, _ in self.points:
            difference = np.linalg.norm(_evaluate(candidate, inputs, sizes)[0] - value)
            size = np.linalg.norm(value)
            worst = max(worst, difference / size if size else (0.0 if difference == 0 else float("inf")))
        return worst


def _evaluate(node, inputs, sizes):
    """The value, and the largest magnitude among it and the terms of its sums: the scale of
    its rounding error (a product only scales the error its factors carry)."""
    largest = 0.0

    def record(met, args, value):
        nonlocal largest
        for seen in ((value, *args) if isinstance(met, ir.Add) else (value,)) if met is not node else (value,):
            largest = max(largest, float(np.max(np.abs(seen), initial=0.0)))
    value = numeric.evaluate(node, inputs, sizes, inspect=record)
    largest = max(largest, float(np.max(np.abs(value), initial=0.0)))
    return np.asarray(value), largest


def _terms(claim):
    """The claim as a sum: 2(BD − F) is 2BD − 2F, each term as written."""
    if isinstance(claim, ir.Add):
        return list(claim.terms)
    if isinstance(claim, ir.Mul) and len(claim.factors) == 2 and isinstance(claim.factors[1], ir.Add):
        return [algebra.mul(claim.factors[0], term) for term in claim.factors[1].terms]
    return [claim]


def _fixes(claim, expand, samples):
    """What one change to one term would make the claim right: its removal, sign or transpose."""
    terms = _terms(claim)
    if len(terms) < 2:
        return
    for index, term in enumerate(terms):
        others = terms[:index] + terms[index + 1:]
        changes = [(algebra.neg(term), "has the wrong sign"), (None, "should not be there")]
        if term.shape[0] == term.shape[1]:
            changes.append((algebra.transpose(term), "should be transposed"))
        for changed, fault in changes:
            if samples.matches(expand(algebra.add(*others, *([changed] if changed is not None else [])))):
                yield f"the term {to_text(term)} {fault}"
