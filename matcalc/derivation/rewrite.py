"""The one rewrite engine: find the first rule that applies to a node, and rewrite it.

Rules are indexed by the node type their pattern is rooted at (looking inside
d(·) and the right operand of `:`, where the differential and adjoint rules
discriminate), and tried in file order. A product pattern may match a run of
factors inside a longer product, and a sum pattern a few terms of a longer sum;
a rule with a function (rule_functions.py) sees the whole product or sum.
Every rewrite is logged with the id of its rule, for the derivation steps.
"""
import contextlib
import contextvars
import functools
import itertools
from dataclasses import dataclass, field

from ..core import algebra, ir
from ..errors import DerivationError
from ..printing.text import to_text
from .patterns import could_match, instantiates, match, match_sequence
from .rulebook import applied

MAX_REWRITES_PER_NODE = 200

#: Normal forms a rule set remembers, at most (it starts afresh beyond).
MAX_NORMAL_FORMS = 50_000

#: Runs of a product longer than this are not searched for a product pattern
#: (the search is quadratic in the length of the product).
MAX_RUN = 8


@dataclass
class Step:
    """One rule application: before = after by the rule `rule_id`."""
    rule_id: str
    before: ir.Node
    after: ir.Node


@dataclass
class Context:
    """What rules may ask while they run, and where rewrites are logged."""
    variable: str = None
    log: list = field(default_factory=list)
    simplify: object = None

    def record(self, rule, before, after):
        self.log.append(Step(rule.id, before, after))


_FIRED = contextvars.ContextVar("fired", default=None)


@contextlib.contextmanager
def recording_rules():
    """The ids of the rules applied while the block runs, by any pass, nested ones included
    (the steps log only what they show): what tells a rule that never fires."""
    fired = set()
    token = _FIRED.set(fired)
    try:
        yield fired
    finally:
        _FIRED.reset(token)


def is_recording():
    """Whether a `recording_rules` block is running."""
    return _FIRED.get() is not None


def _key(node):
    if type(node) is ir.Diff:
        return (ir.Diff, type(node.arg))
    if type(node) is ir.Frobenius:
        return (ir.Frobenius, type(node.right))
    return (type(node),)


def _pattern_key(pattern):
    """The key a pattern discriminates on, or None if its root is a variable."""
    if type(pattern) is ir.Symbol:
        return None
    if type(pattern) is ir.Diag:  # diag(·) as written matches either of its typed forms
        return (ir.DiagMatrix,)
    if type(pattern) in (ir.Diff, ir.Frobenius):
        inner = pattern.arg if type(pattern) is ir.Diff else pattern.right
        if type(inner) is ir.Symbol:
            return (type(pattern), None)
        inner_type = ir.DiagMatrix if type(inner) is ir.Diag else type(inner)
        return (type(pattern), inner_type)
    return (type(pattern),)


class RuleSet:
    """Rules of one pass, ready to be tried against nodes."""

    def __init__(self, rules, under_real_part=False):
        self.rules = tuple(r for r in rules if under_real_part or not r.real_part)
        self._index = {}
        self._wild = {}
        self._candidates = {}
        #: (node, variable of differentiation) to which no rule applies: rules depend on nothing else,
        #: so the same pieces met again (in this derivation or a later one) are not tried again.
        self._normal = set()
        for position, rule in enumerate(self.rules):
            key = _pattern_key(rule.lhs)
            if key is None or key[-1] is None:
                self._wild.setdefault(key[0] if key else None, []).append((position, rule))
            else:
                self._index.setdefault(key, []).append((position, rule))
                if key[-1] is ir.DiagMatrix:
                    self._index.setdefault(key[:-1] + (ir.DiagVector,), []).append((position, rule))

    def candidates(self, node):
        key = _key(node)
        cached = self._candidates.get(key)
        if cached is None:
            found = self._index.get(key, []) + self._wild.get(key[0], []) + self._wild.get(None, [])
            cached = self._candidates[key] = [rule for _, rule in sorted(found, key=lambda p: p[0])]
        return cached

    def rewrite(self, node, context):
        """(rule, new node) for the first rule that applies to `node`, or None."""
        normal = (node, context.variable)
        if normal in self._normal:
            return None
        for rule in self.candidates(node):
            result = self._apply(rule, node, context)
            if result is not None:
                fired = _FIRED.get()
                if fired is not None:
                    fired.add(rule.id)
                return rule, result
        if len(self._normal) >= MAX_NORMAL_FORMS:
            self._normal.clear()
        self._normal.add(normal)
        return None

    def _apply(self, rule, node, context):
        accept = _Acceptor(rule, context)
        if type(rule.lhs) is ir.Mul and type(node) is ir.Mul and rule.rhs is not None:
            return self._apply_to_runs(rule, node, context, accept)
        if type(rule.lhs) is ir.Add and type(node) is ir.Add and rule.rhs is not None:
            return self._apply_to_terms(rule, node, context, accept)
        for bindings in match(rule.lhs, node, {}, accept):
            result = self._build(rule, node, bindings, context)
            if result is not None or rule.function is not None:
                return result  # a function sees the whole node: one try is enough
        return None

    def _build(self, rule, node, bindings, context):
        if rule.function is not None:
            return rule.function(node, bindings, context)
        return instantiates(rule.rhs, bindings, node.shape)

    def _apply_to_runs(self, rule, node, context, accept):
        factors, width = node.factors, len(rule.lhs.factors)
        present = {type(f) for f in factors}
        if present & {ir.DiagMatrix, ir.DiagVector}:
            present.add(ir.Diag)  # diag(·) as written matches either of its typed forms
        if any(type(p) is not ir.Symbol and type(p) not in present for p in rule.lhs.factors):
            return None
        first, last = rule.lhs.factors[0], rule.lhs.factors[-1]
        for length in range(min(len(factors), MAX_RUN), width - 1, -1):
            for start in range(len(factors) - length + 1):
                run = factors[start:start + length]
                if not (could_match(first, run[0]) and could_match(last, run[-1])):
                    continue
                for bindings in match_sequence(rule.lhs.factors, run, {}, accept):
                    result = self._build(rule, ir.Mul(run), bindings, context)
                    if result is not None:
                        return algebra.mul(*factors[:start], result, *factors[start + length:])
        return None

    def _apply_to_terms(self, rule, node, context, accept):
        terms, width = node.terms, len(rule.lhs.terms)
        for chosen in itertools.combinations(range(len(terms)), width):
            subset = tuple(terms[i] for i in chosen)
            for bindings in match(rule.lhs, ir.Add(subset), {}, accept):
                result = self._build(rule, node, bindings, context)
                if result is not None:
                    rest = [t for i, t in enumerate(terms) if i not in chosen]
                    return algebra.add(result, *rest)
        return None


@functools.lru_cache(maxsize=None)
def rule_set(kind, under_real_part=False):
    """The rules a pass tries, indexed once per process: its candidate lists fill as it runs."""
    return RuleSet(applied(kind), under_real_part)


#: Conditions that hold of a product exactly when they hold of each of its factors.
FACTORWISE = frozenset({"constant"})


class _Acceptor:
    """A rule's side conditions on a candidate binding, and what they say about runs."""

    def __init__(self, rule, context):
        self._check = rule.accept(context)
        self.longest_first = frozenset(rule.conditions)
        self.factorwise = frozenset(name for name, conditions in rule.conditions.items()
                                    if conditions and set(conditions) <= FACTORWISE)

    def __call__(self, name, value):
        return self._check(name, value)


def rewrite_bottom_up(root, rules, context, memo=None):
    """Rewrite until no rule applies anywhere: children first, then the node itself.

    `memo` (node → normal form) may be shared between calls with the same rules.
    Each visit is a generator that yields the nodes it needs rewritten first; a
    stack of them stands in for recursion, so depth is bounded by memory only.
    """
    memo = {} if memo is None else memo

    def visit(node):
        children = node.children()
        current = node
        if children:
            rewritten = []
            for child in children:
                rewritten.append((yield child))
            current = algebra.rebuild(node, rewritten)
            if current == node:  # cheap when the children are the same objects
                current = node  # keep one object per structure: later comparisons stop at `is`
        seen = {current}
        for _ in range(MAX_REWRITES_PER_NODE):
            step = rules.rewrite(current, context)
            if step is None:
                break
            rule, new = step
            context.record(rule, current, new)
            new = yield new
            if new in seen:
                current = new
                break
            seen.add(new)
            current = new
        memo[node] = current
        memo[current] = current
        return current

    return run_visits(visit, root, memo)


def run_visits(visit, root, memo):
    """Recursion without the call stack: `visit(node)` is a generator that yields the nodes
    whose results it needs (found in `memo` once computed) and returns its own result."""
    if root in memo:
        return memo[root]
    stack, active, value = [visit(root)], [root], None
    while True:
        try:
            node = stack[-1].send(value)
        except StopIteration as finished:
            stack.pop()
            active.pop()
            if not stack:
                return finished.value
            value = finished.value
            continue
        value = memo.get(node)
        if value is None:
            if node in active[-MAX_REWRITES_PER_NODE:]:
                raise DerivationError(f"the rules run in a circle on {to_text(node)}"[:300])
            stack.append(visit(node))
            active.append(node)
