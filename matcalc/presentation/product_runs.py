"""Names for the prefixes and suffixes of a long product that a result repeats.

The gradient of tr(A₁X A₂X ⋯ A_kX) has k terms, each the product with one X taken
out and turned about: term j is (A₁X⋯A_{j−1}XA_j)ᵀ(A_{j+1}X⋯A_kX)ᵀ. Written out it
holds k(2k − 1) factors; with P_j = P_{j−1}XA_j and S_j = A_jXS_{j+1}, each defined
from the one before, it holds O(k). A run of a result's product is named when it
is a prefix or a suffix of a product of the function, as written or transposed, and
a family of such names is kept only where it shortens the result.
"""
import itertools
from dataclasses import dataclass

from ..core import algebra, ir
from ..core.dimensions import SCALAR

#: Products of the function shorter than this are left alone: their runs are short, and
#: a name for WEWᵀ reads worse than WEWᵀ.
SHORTEST_PRODUCT = 5
#: A family of names is kept when it saves at least this many factors.
MINIMUM_SAVING = 4
PREFERRED_LETTERS = {"prefix": "PQRUVW", "suffix": "STUVWY"}
LETTERS = "ABCDEFGHJKLMNPQRSTUVWYZ"


@dataclass(frozen=True)
class Run:
    """factors[start:stop] of the `term`-th product of the result: a prefix or a suffix (`end`)
    of the function's product number `source`, as written or transposed."""
    term: int
    start: int
    stop: int
    source: int
    end: str
    transposed: bool


def name_runs(expression, sources, taken):
    """({product of the expression: the same with runs named}, [(symbol, definition)]).

    `sources` are the expressions the result comes from; `taken` the names in use (the
    names chosen here are added to it)."""
    products = _source_products(sources)
    if not products:
        return {}, []
    terms, patterns = [node for node in ir.walk(expression) if type(node) is ir.Mul], _patterns(products)
    runs = [run for position, term in enumerate(terms) for run in _runs_in(position, term, patterns)]
    families = {}
    for run in runs:
        families.setdefault((run.source, run.end), []).append(run)
    kept = [key for key, members in families.items() if _saving(members) >= MINIMUM_SAVING]
    if not kept:
        return {}, []
    symbols, names = {}, []
    for key in kept:
        defined = _family(products[key[0]], key[1], {r.stop - r.start for r in families[key]}, taken)
        symbols.update({(key, length): symbol for length, (symbol, _) in defined.items()})
        names.extend(defined.values())
    replaced = {}
    for term, members in itertools.groupby(sorted((r for k in kept for r in families[k]),
                                                  key=lambda r: (r.term, r.start)), key=lambda r: r.term):
        replaced[terms[term]] = _with_names(terms[term], list(members), symbols)
    return replaced, names


def _source_products(sources):
    """The matrix factors of each long product in the sources."""
    found = {}
    for source in sources:
        for node in ir.walk(source):
            factors = tuple(f for f in node.factors if f.shape != SCALAR) if type(node) is ir.Mul else ()
            if len(factors) >= SHORTEST_PRODUCT:
                found.setdefault(factors)
    return list(found)


def _patterns(products):
    """{factor: [(source, end, transposed, pattern)]} for the patterns a run starts from: the
    prefixes and suffixes of each product, as written or transposed, read from the product's end."""
    index = {}
    for source, product in enumerate(products):
        flipped = tuple(algebra.transpose(f) for f in product)
        for end, transposed, pattern in (("prefix", False, product), ("suffix", False, product[::-1]),
                                         ("prefix", True, flipped), ("suffix", True, flipped[::-1])):
            index.setdefault(pattern[0], []).append((source, end, transposed, pattern))
    return index


def _runs_in(position, term, patterns):
    """Non-overlapping runs of the term's factors that are prefixes or suffixes of a product,
    longest first, each at least two factors long and not 1×1."""
    factors, candidates = term.factors, []
    for anchor, factor in enumerate(factors):
        for source, end, transposed, pattern in patterns.get(factor, ()):
            step = 1 if (end == "prefix") != transposed else -1  # which way the run reads the pattern
            length = 1
            while (length < len(pattern) and 0 <= anchor + step * length < len(factors)
                   and factors[anchor + step * length] == pattern[length]):
                length += 1
            start = anchor if step == 1 else anchor - length + 1
            candidates.append(Run(position, start, start + length, source, end, transposed))
    chosen, used = [], set()
    for run in sorted(candidates, key=lambda r: r.start - r.stop):
        run = _trimmed(run, used)
        if run is not None and run.stop - run.start >= 2 and _shape(factors[run.start:run.stop]) != SCALAR:
            chosen.append(run)
            used.update(range(run.start, run.stop))
    return chosen


def _trimmed(run, used):
    """The run cut back from its free side (the side away from the product's end it holds)
    to avoid factors already taken, or None."""
    anchored_left = (run.end == "prefix") != run.transposed
    start, stop = run.start, run.stop
    if anchored_left:
        if start in used:
            return None
        stop = next((i for i in range(start, stop) if i in used), stop)
    else:
        if stop - 1 in used:
            return None
        start = next((i + 1 for i in range(stop - 1, start - 1, -1) if i in used), start)
    return Run(run.term, start, stop, run.source, run.end, run.transposed)


def _saving(members):
    """Factors saved by naming the runs, definitions counted: each name is defined from the
    next shorter one of its family."""
    lengths = sorted({r.stop - r.start for r in members})
    written_out = sum(r.stop - r.start - 1 for r in members)
    definitions = lengths[0] + sum(1 + b - a for a, b in zip(lengths, lengths[1:]))
    return written_out - definitions


def _family(product, end, lengths, taken):
    """{length: (symbol, definition)} for the named prefixes or suffixes of `product`, each
    defined from the next shorter one, numbered from the left: P₁ the shortest prefix, S₁
    the longest suffix."""
    letter = _letter(end, taken)
    family, previous = {}, None
    for rank, length in enumerate(sorted(lengths)):
        index = rank + 1 if end == "prefix" else len(lengths) - rank  # P₁ from the left, S₁ the longest
        part = product[:length] if end == "prefix" else product[len(product) - length:]
        if previous is not None:
            symbol, shorter = previous
            grown = part[shorter:] if end == "prefix" else part[:length - shorter]
            definition = ir.Mul((symbol, *grown) if end == "prefix" else (*grown, symbol))
        else:
            definition = ir.Mul(part)
        symbol = ir.Symbol(f"{letter}{index}", definition.shape, False, frozenset())
        taken.add(symbol.name)
        family[length] = (symbol, definition)
        previous = (symbol, length)
    return family


def _letter(end, taken):
    """A letter that no name in use starts with, so that its numbered names are free."""
    stems = {name.rstrip("0123456789") for name in taken}
    letter = next(c for c in PREFERRED_LETTERS[end] + LETTERS if c not in stems)
    taken.add(letter)
    return letter


def _with_names(term, runs, symbols):
    factors, out, at = term.factors, [], 0
    for run in runs:
        symbol = symbols[((run.source, run.end), run.stop - run.start)]
        out.extend(factors[at:run.start])
        out.append(algebra.transpose(symbol) if run.transposed else symbol)
        at = run.stop
    out.extend(factors[at:])
    return out[0] if len(out) == 1 else ir.Mul(tuple(out))


def _shape(factors):
    return (factors[0].shape[0], factors[-1].shape[1])

