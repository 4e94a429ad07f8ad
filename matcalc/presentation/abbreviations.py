"""Short names for the subexpressions of a result, as people write by hand.

Seed 002 names A = Sym(u₁u₂ᵀ) and B = (WEWᵀ + λI)⁻¹ and then reads
∂φ/∂W = 2(AWB − BWᵀAWBWE). A subexpression earns a name when it occurs more
than once, when it is the inverse or the Sym(·) of a compound expression, or when
its blocks are taken; names are letters the expression does not use, uppercase
for matrices, lowercase for vectors, Greek for scalars, given in reading order, and
after the letters A₁, A₂, … (a₁ …, α₁ …) for as many as are needed.
"""
import itertools
from dataclasses import dataclass

from ..core import ir
from ..core.algebra import split_coefficient
from ..derivation.costs import own_cost
from ..printing.text import to_text
from .product_runs import name_runs

MATRIX_LETTERS = "ABCDEFGHJKLMNPQRSTUVWYZ"
VECTOR_LETTERS = "abcdefghpqrstuvwyz"
SCALAR_LETTERS = "αβγδκμνξστφχψω"
MINIMUM_COST = 4
#: Each name is chosen by a walk over the whole expression: beyond this many, the rest stay written out.
MAXIMUM_NAMES = 200


@dataclass(frozen=True)
class Abbreviated:
    """An expression written with short names, and what the names stand for."""
    expression: ir.Node
    names: tuple  # (Symbol, definition) pairs, in reading order

    def substitute(self, node):
        """Another expression written with the same names."""
        return _replace(node, {definition: symbol for symbol, definition in self.names})


def abbreviate(expression, context_nodes=()):
    """Choose names for `expression`; `context_nodes` are other expressions shown beside
    it (their variables' letters stay taken)."""
    taken = {n.name for root in (expression, *context_nodes) for n in ir.walk(root)
             if isinstance(n, ir.Symbol)}
    runs, chosen = name_runs(expression, context_nodes, taken)  # P₂ = P₁XA₂: named already
    fixed, current = {symbol for symbol, _ in chosen}, _replace(expression, runs)
    while len(chosen) < MAXIMUM_NAMES:
        candidate = _best_candidate(current)
        if candidate is None:
            break
        placeholder = ir.Symbol(f"#{len(chosen)}", candidate.shape, False, frozenset())
        named = {candidate: placeholder}  # also within earlier definitions: B = (A₂ + A)⁻¹
        chosen = [(p, _replace(d, named)) for p, d in chosen] + [(placeholder, candidate)]
        current = _replace(current, named)
    renaming = {}
    for placeholder, definition in _reading_order(current, chosen):
        renaming[placeholder] = placeholder if placeholder in fixed else _symbol_for(definition, taken)
        taken.add(renaming[placeholder].name)
    names = tuple((renaming[p], _replace(d, renaming)) for p, d in _reading_order(current, chosen))
    return Abbreviated(_replace(current, renaming), names)


def written(expression, context_nodes=(), abbreviate_it=True, notes=()):
    """The expression in the text notation, with short names where they shorten it and
    `notes` (what other letters stand for) after "where"."""
    names = abbreviate(expression, context_nodes) if abbreviate_it else Abbreviated(expression, ())
    text = to_text(names.expression)
    meanings = [f"{to_text(symbol)} = {to_text(definition)}" for symbol, definition in names.names]
    if meanings or notes:
        text += "  where  " + ",  ".join([*meanings, *notes])
    return text

def _best_candidate(root):
    counts = {}
    for node in ir.walk(root):
        counts[node] = counts.get(node, 0) + 1
        if isinstance(node, (ir.Transpose, ir.Adjoint)):
            counts[node.arg] = counts.get(node.arg, 0) + 1
    survey = _survey(root)
    blocked = {n.arg for n in counts if isinstance(n, ir.BlockPart)}
    best, best_gain = None, 0
    rest = split_coefficient(root)[1]
    whole = {root, rest, getattr(rest, "arg", rest)}  # 2A or −Aᵀ where A = … names nothing
    for node, count in counts.items():
        size, differential = survey.get(node, (0, True))
        if node in whole or differential or not _nameable(node):
            continue
        wanted = _wanted(node, survey, blocked)
        if size < MINIMUM_COST and not wanted:
            continue
        gain = (count - 1) * size + (size if wanted else 0)
        if gain < MINIMUM_COST:
            continue
        if gain > best_gain or (gain == best_gain and best is not None and size > survey[best][0]):
            best, best_gain = node, gain
    return best


def _survey(root):
    """(cost, whether it holds a differential) of every distinct subexpression, in one pass."""
    found = {}

    def combine(node, children):
        found[node] = (own_cost(node) + sum(c[0] for c in children),
                       isinstance(node, ir.Diff) or any(c[1] for c in children))
        return found[node]
    ir.fold(root, combine, key=lambda node: node)
    return found


def _nameable(node):
    if isinstance(node, (ir.Symbol, ir.Number, ir.Identity, ir.Zero, ir.Ones)):
        return False
    if isinstance(node, (ir.Transpose, ir.Adjoint, ir.Conj)) and isinstance(node.arg, ir.Symbol):
        return False
    return not (isinstance(node, ir.Mul) and len(node.factors) == 2 and isinstance(node.factors[0], ir.Number))


def _wanted(node, survey, blocked):
    """Named even when used once: inverses and Sym of compound matrices, diagonals (I ⊙ ·)
    of compounds, and matrices whose blocks are taken."""
    if (isinstance(node, (ir.Inverse, ir.Sym)) and not isinstance(node.arg, ir.Symbol)
            and node.shape != (1, 1)):
        return True
    if isinstance(node, ir.Hadamard) and isinstance(node.left, ir.Identity) and survey[node.right][0] > 2:
        return True
    return node in blocked


def _symbol_for(node, taken):
    rows, cols = node.shape
    if (rows, cols) == (1, 1):
        letters = SCALAR_LETTERS
    elif cols == 1:
        letters = VECTOR_LETTERS
    else:
        letters = MATRIX_LETTERS
    for letter in letters:
        if letter not in taken:
            return ir.Symbol(letter, node.shape, False, frozenset())
    for index in itertools.count(1):  # then A1, A2, … (printed A₁, A₂, …): names never run out
        name = f"{letters[0]}{index}"
        if name not in taken:
            return ir.Symbol(name, node.shape, False, frozenset())


def _replace(root, mapping):
    """`root` with the subexpressions that key `mapping` replaced (iterative: results nest deep)."""
    def combine(node, children):
        if node in mapping:
            return mapping[node]
        if not children or all(a is b for a, b in zip(children, node.children())):
            return node
        return node.rebuild(children)
    return ir.fold(root, combine, key=lambda node: node, opaque=lambda node: node in mapping)


def _reading_order(expression, chosen):
    """The (placeholder, definition) pairs as a reader meets them, left to right."""
    order, queue = [], [expression]
    by_symbol = dict(chosen)
    while queue:
        for node in ir.walk(queue.pop(0)):
            if node in by_symbol and node not in [p for p, _ in order]:
                order.append((node, by_symbol[node]))
                queue.append(by_symbol[node])
    return order
