"""Is a gradient worked out by hand right? The claim against the derived one, and where they differ.

The claim is read like any expression (LaTeX too), with the expression's variables
and `where A = …, B = …` for the names it abbreviates. It is compared with the
derived gradient at random points in the domain. A difference is accepted only
within the rounding error of evaluating the two, so the threshold follows the
values of the gradient and of the sums in it, never the size of f: a zero or
doubled gradient of 100000000 + 1e-3 tr(A X) is wrong.
"""
from dataclasses import dataclass, field

import numpy as np

from ..checking import domain, numeric
from ..checking.sampling import variables
from ..core import algebra, ir
from ..core.shapes import show_shape
from ..errors import DerivationError, ShapeError, guarded
from ..language import declarations as decl
from ..language.latex_input import looks_like_latex
from ..language.parse import parse_raw, type_expression
from ..language.pasted import to_language
from ..printing.text import to_text
from .gradient import grad

#: Rounding error of an evaluation, in units of eps times the largest sum met: generous for
#: the well-conditioned points sampled, tiny beside any real difference.
ROUNDING_UNITS = 1e4
EPS = np.finfo(float).eps
VERDICTS = ("correct", "transposed", "wrong")


@dataclass(frozen=True)
class ClaimReport:
    """The verdict on a claimed gradient: "correct", "transposed" or "wrong"."""
    verdict: str
    derived: object
    claim: ir.Node
    relative_error: float
    message: str
    points: int = 3
    fixes: tuple = field(default=())

    @property
    def ok(self):
        return self.verdict == "correct"

    def __bool__(self):
        return self.ok

    def __str__(self):
        return f"{self.verdict}: {self.message}"


@guarded
def check(expression, wrt, claim, where=None, layout="denominator", points=3, seed=0):
    """The claimed gradient of `expression` with respect to `wrt` against the derived one."""
    derived = grad(expression, wrt=wrt, where=where)
    target = derived.expr if layout == "denominator" else algebra.transpose(derived.expr)
    written, expand = read_claim(claim, derived.function)
    claimed = expand(written)
    if isinstance(claimed, ir.Zero) or claimed == ir.Number(0):
        claimed = algebra.zero(target.shape)
    transposed = algebra.transpose(claimed)
    if claimed.shape != target.shape and transposed.shape != target.shape:
        raise ShapeError(f"the claim is {show_shape(claimed.shape)}, but the gradient with respect to "
                         f"{derived.variable.name} is {show_shape(target.shape)}")
    samples = _Samples(derived.function, target, points, seed)
    error = samples.relative_error(claimed) if claimed.shape == target.shape else float("inf")
    shown = to_text(derived.expr)
    if claimed.shape == target.shape and samples.matches(claimed):
        return ClaimReport("correct", derived, claimed, error, f"the claim equals the derived gradient {shown}",
                           points)
    if transposed.shape == target.shape and samples.matches(transposed):
        other = "numerator" if layout == "denominator" else "denominator"
        return ClaimReport("transposed", derived, claimed, samples.relative_error(transposed),
                           f"the claim is the transpose of the derived gradient {shown}: it is right in "
                           f"{other} layout", points)
    fixes = tuple(_fixes(written, expand, samples)) if claimed.shape == target.shape else ()
    message = f"the derived gradient is {shown}; the claim's relative error is {error:.1e} at {points} " \
              f"random points" + "".join(f"; {fix}" for fix in fixes[:1])
    return ClaimReport("wrong", derived, written, error, message, points, fixes)


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
