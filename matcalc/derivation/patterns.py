"""Matching rule patterns against typed expressions, and instantiating templates.

A pattern is a rule side parsed by the language's own grammar: every name in it
is a pattern variable. Products match as sequences (a variable takes a run of
one or more factors), sums match as multisets (a variable may take several
terms), Hadamard products match either way round. Side conditions on variables
are checked as soon as a variable is bound, so that failing splits are pruned.
"""
from ..core import algebra, ir, shapes
from ..errors import ShapeError

_COMMUTATIVE = (ir.Hadamard,)


def match(pattern, node, bindings, accept):
    """Every extension of `bindings` under which `pattern` matches `node`.

    `accept(name, value)` vets a candidate binding of a variable (side conditions).
    """
    kind = type(pattern)
    if kind is ir.Symbol:
        bound = bindings.get(pattern.name)
        if bound is not None:
            if bound == node:
                yield bindings
        elif accept(pattern.name, node):
            yield {**bindings, pattern.name: node}
        return
    if kind is ir.Identity:
        if type(node) is ir.Identity and (pattern.size is None or pattern.size == node.size):
            yield bindings
        return
    if kind in (ir.Zero, ir.Ones):
        if type(node) is kind or (kind is ir.Zero and algebra.is_zero(node)):
            yield bindings
        return
    if kind is ir.Number:
        if type(node) is ir.Number and node.value == pattern.value:
            yield bindings
        return
    if kind is ir.Diag:
        if isinstance(node, (ir.DiagMatrix, ir.DiagVector)):
            yield from match(pattern.arg, node.arg, bindings, accept)
        return
    if kind is ir.Block and _is_single_variable(pattern):
        if type(node) is ir.Block:  # `[A]` matches any block matrix, A binding all of it
            yield from match(pattern.rows[0][0], node, bindings, accept)
        return
    if kind is ir.Mul:
        if type(node) is ir.Mul:
            yield from match_sequence(pattern.factors, node.factors, bindings, accept)
        return
    if kind is ir.Add:
        if type(node) is ir.Add:
            yield from _match_terms(pattern.terms, node.terms, bindings, accept)
        return
    if type(node) is not kind or _params(pattern) != _params(node):
        return
    yield from _match_children(pattern.children(), node.children(), bindings, accept)
    if kind in _COMMUTATIVE:
        yield from _match_children(pattern.children()[::-1], node.children(), bindings, accept)


def _is_single_variable(block):
    return len(block.rows) == 1 and len(block.rows[0]) == 1 and type(block.rows[0][0]) is ir.Symbol


def _params(node):
    return (getattr(node, "name", None), getattr(node, "kind", None))


def _match_children(patterns, nodes, bindings, accept):
    if len(patterns) != len(nodes):
        return
    if not patterns:
        yield bindings
        return
    for partial in match(patterns[0], nodes[0], bindings, accept):
        yield from _match_children(patterns[1:], nodes[1:], partial, accept)


def match_sequence(patterns, factors, bindings, accept):
    """Match pattern factors against a run of factors, each variable taking ≥ 1 factor.

    A variable under side conditions takes the longest run first, so that one
    rewrite moves a whole constant run; where its conditions hold of a product
    exactly when they hold of each factor (`accept.factorwise`), runs stop
    before the first factor that fails them.
    """
    if not patterns:
        if not factors:
            yield bindings
        return
    first, rest = patterns[0], patterns[1:]
    if type(first) is not ir.Symbol:
        if factors:
            for partial in match(first, factors[0], bindings, accept):
                yield from match_sequence(rest, factors[1:], partial, accept)
        return
    most = len(factors) - len(rest)
    name = first.name
    bound = bindings.get(name)
    if bound is not None:  # a bound variable takes one factor, or as many as its value has
        for count in {1, len(bound.factors) if type(bound) is ir.Mul else 1}:
            if count > most:
                continue
            taken = factors[0] if count == 1 else ir.Mul(tuple(factors[:count]))
            if taken == bound:
                yield from match_sequence(rest, factors[count:], bindings, accept)
        return
    if name in getattr(accept, "factorwise", ()):
        most = next((i for i in range(most) if not accept(name, factors[i])), most)
    if not any(type(p) is ir.Symbol for p in rest):
        counts = range(most, most + 1)  # the factors after it match one each
    else:
        counts = range(1, most + 1)
    if name in getattr(accept, "longest_first", ()):
        counts = reversed(counts)
    for count in counts:
        if rest and not could_match(rest[0], factors[count]):
            continue
        taken = factors[0] if count == 1 else ir.Mul(tuple(factors[:count]))
        for partial in match(first, taken, bindings, accept):
            yield from match_sequence(rest, factors[count:], partial, accept)


def could_match(pattern, node):
    """False when the root types alone rule a match out (a cheap filter before `match`)."""
    kind = type(pattern)
    if kind is ir.Symbol:
        return True
    if kind is ir.Zero:
        return algebra.is_zero(node)
    if kind is ir.Diag:
        return isinstance(node, (ir.DiagMatrix, ir.DiagVector))
    return type(node) is kind


def _match_terms(patterns, terms, bindings, accept):
    """Sums as multisets: all pattern terms but the last take one term each, the last the rest."""
    *singles, last = patterns
    if len(terms) < len(patterns):
        return
    yield from _pick_terms(singles, last, list(terms), bindings, accept)


def _pick_terms(singles, last, terms, bindings, accept):
    if not singles:
        rest = terms[0] if len(terms) == 1 else ir.Add(tuple(terms))
        yield from match(last, rest, bindings, accept)
        return
    for index, term in enumerate(terms):
        for partial in match(singles[0], term, bindings, accept):
            yield from _pick_terms(singles[1:], last, terms[:index] + terms[index + 1:], partial, accept)


# ---------------------------------------------------------- instantiation

def instantiate(template, bindings, shape):
    """The template with its variables replaced, typed and in canonical form.

    Raises ShapeError when the instance cannot be typed.
    """
    parts = []

    def substitute(node, children):
        if isinstance(node, ir.Symbol):
            parts.append(bindings[node.name])
            return parts[-1]
        return node.rebuild(children) if children else node
    raw = ir.fold(template, substitute)
    if _needs_sizes(template):
        typed = shapes.infer_template(raw, parts, shape)
    else:
        typed = shapes.check_instance(raw, parts, shape)
    return _canonical_skeleton(typed, {id(p) for p in parts})


def _needs_sizes(template):
    cached = template.__dict__.get("_needs_sizes")
    if cached is None:
        cached = any(isinstance(n, (ir.Identity, ir.Zero, ir.Ones, ir.Diag)) for n in ir.walk(template))
        object.__setattr__(template, "_needs_sizes", cached)
    return cached


def _canonical_skeleton(root, fixed):
    """Rebuild the template's own nodes through the constructors; bound parts stay as they are."""
    if id(root) in fixed or not root.children():
        return root
    return algebra.rebuild(root, [_canonical_skeleton(c, fixed) for c in root.children()])


def instantiates(template, bindings, shape):
    """instantiate(), or None when the instance is ill-typed."""
    try:
        return instantiate(template, bindings, shape)
    except ShapeError:
        return None
