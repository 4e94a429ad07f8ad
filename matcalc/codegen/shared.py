"""Products shared between the chains of a program, computed once where that pays.

The residual W − [H_R, −H_I; H_I, H_R]PSᵀ (a complex H = H_R + jH_I in real
blocks) and its gradient's (…)SPᵀ both contain the product P Sᵀ (once transposed). Bracketing
each chain on its own misses that; here a run of factors that two chains share,
in either orientation, becomes one operand of both, when the total flop count with it
computed once is lower than without. Each unit keeps the orientation it was
first met in; the other chain uses its transpose, a free view.
"""
from ..core import ir
from .chain import Operand, order, size, tree_cost
from .forms import apply, flatten, low_rank_terms, peel
from ..core.shapes import SCALAR


#: Bounds on the search: runs longer than MAX_RUN factors, chains longer than MAX_CHAIN and
#: programs with more than MAX_CHAINS products are not searched (their products stay apart).
MAX_RUN, MAX_CHAIN, MAX_CHAINS = 6, 24, 64


def shared_products(roots):
    """The runs of factors (tuples of IR nodes) worth computing once for all of `roots`."""
    chains = [c for c in _chains(roots) if len(c) <= MAX_CHAIN]
    if len(chains) > MAX_CHAINS:
        return []
    users = {}
    for index, chain in enumerate(chains):
        for start in range(len(chain)):
            for stop in range(start + 2, min(start + MAX_RUN, len(chain)) + 1):
                run = tuple(chain[start:stop])
                key = _oriented(run, users)
                users.setdefault(key, set()).add(index)
    units = []
    for run, chain_ids in sorted(users.items(), key=lambda item: -len(item[0])):
        if len(chain_ids) < 2:
            continue
        involved = [chains[i] for i in sorted(chain_ids)]
        without = sum(chain_cost(group(c, units)) for c in involved)
        with_unit = chain_cost(list(run)) + sum(chain_cost(group(c, units + [run])) for c in involved)
        if with_unit < without:
            units.append(run)
    return units


def group(factors, units):
    """factors with every occurrence of a unit (or its transpose) made one factor; a unit
    is never the whole list, which is the unit being computed itself."""
    factors, result, position = list(factors), [], 0
    by_length = sorted(units, key=len, reverse=True)
    while position < len(factors):
        for unit in by_length:
            stop = position + len(unit)
            if len(unit) == len(factors) or stop > len(factors):
                continue
            run = tuple(factors[position:stop])
            if run == unit:
                result.append(ir.Mul(unit))
                break
            if run == _transposed(unit):
                result.append(ir.Transpose(ir.Mul(unit)))
                break
        else:
            result.append(factors[position])
            position += 1
            continue
        position = stop
    return result


def chain_cost(factors):
    """Flops of the cheapest bracketing of a list of matrix factors."""
    operands = [_priced(f) for f in factors if f.shape != SCALAR]
    if len(operands) < 2:
        return 0
    return tree_cost(order(operands), operands)


def _priced(factor):
    """An Operand with the shape and kind of an IR factor, for pricing only."""
    rows, cols = (size(d) for d in factor.shape)
    op, base = peel(factor)
    if isinstance(base, ir.Inverse):
        return Operand("inverse", rows, cols, None, factor)
    if isinstance(base, ir.DiagMatrix) or isinstance(base, ir.Hadamard) and (
            isinstance(base.left, ir.Identity) or isinstance(base.right, ir.Identity)):
        return Operand("diag", rows, cols, None, factor)
    if isinstance(base, ir.Kron):
        shapes = tuple(tuple(size(d) for d in part.shape) for part in (base.left, base.right))
        return Operand("kron", rows, cols, None, factor, shapes)
    return Operand("dense", rows, cols, None, factor)


def _chains(roots):
    """The matrix factors of every product in the trees, each distinct product once."""
    chains, seen, stack = [], set(), list(roots)
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        stack.extend(node.children())
        if isinstance(node, ir.Mul):
            chains.extend(c for c in _distributed([f for f in flatten(node, None) if f.shape != SCALAR])
                          if len(c) >= 2)
    return chains


def _distributed(factors):
    """The chains lowering multiplies: a sum of rank-one products among the factors is
    distributed (as `Lowering.product` does), so that it is priced as vectors."""
    for position, factor in enumerate(factors):
        terms = low_rank_terms(factor)
        if terms and len(factors) > 1:
            head, tail = factors[:position], factors[position + 1:]
            return [chain for term in terms
                    for chain in _distributed(head + [f for f in flatten(term, None) if f.shape != SCALAR]
                                              + tail)]
    return [factors]


def _oriented(run, known):
    """run, or its transpose when that is the orientation already met."""
    flipped = _transposed(run)
    return flipped if flipped in known and run not in known else run


def _transposed(run):
    return tuple(apply(f, "T") for f in reversed(run))
