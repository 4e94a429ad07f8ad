"""Points where a function is defined, so that checking it there means something.

A random point honoring the declarations can still lie outside the domain: XᵀX is
singular when X is wide, log det X needs det X > 0, log x needs x > 0. The search
tries a short, seeded list of sizes and of values, and keeps the first point at which
the reference evaluator finds every matrix it inverts well conditioned and every
value finite. Plain draws come first, so a point that was defined stays the same.
"""
import itertools

import numpy as np

from ..core import ir, matrix_functions, registry, spectral
from . import numeric, sampling
from ..errors import LimitError, MatcalcError

#: Beyond this condition number a matrix counts as singular: differences of its inverse are noise.
MAX_CONDITION = 1e8
#: Size assignments tried, the declared or default one first.
SIZE_TRIES = 8
#: Draws of the values at each size assignment; every other one draws positive values.
VALUE_TRIES = 4


class NoDefinedPoint(MatcalcError):
    """No point tried lies in the domain of the function."""


def defined_point(root, rng, sizes=None):
    """Random inputs (name → array) at which `root` is defined, and the sizes they have.

    `sizes` ({dimension symbol: int}) keeps the sizes of an earlier point; without it
    the sizes are searched too.
    """
    reason = None
    for index, candidate in enumerate([sizes] if sizes is not None else _size_candidates(root)):
        try:
            sampling.check_entries(root, candidate)
        except LimitError:
            if index == 0:
                raise
            continue
        for attempt in range(VALUE_TRIES):
            inputs = {symbol.name: sampling.sample(symbol, candidate, rng, positive=attempt % 2 == 1)
                      for symbol in sampling.variables(root)}
            reason = undefined_reason(root, inputs, candidate)
            if reason is None:
                return inputs, candidate
    raise NoDefinedPoint(f"could not find a point where the function is defined ({reason} "
                         f"at every point tried)")


def undefined_reason(root, inputs, sizes):
    """Why `root` is not defined (or not safely differentiable) at `inputs`; None if it is."""
    try:
        with np.errstate(all="ignore"):
            numeric.evaluate(root, inputs, sizes, inspect=_refuse_outside_domain)
    except _Outside as outside:
        return str(outside)
    except (np.linalg.LinAlgError, ZeroDivisionError, OverflowError) as error:
        return str(error)
    return None


class _Outside(Exception):
    """Raised during an evaluation at the first node outside its domain."""


def _refuse_outside_domain(node, args, value):
    """Refuse a node outside the domain its registry entry declares, or any value not finite."""
    entry = registry.entry_of(node)
    domain = entry.domain if entry is not None else ()
    if "invertible" in domain or (isinstance(node, ir.Power) and np.real(args[1][0, 0]) < 0):
        matrix = args[0]
        if matrix.shape != (1, 1) and not np.linalg.cond(matrix) < MAX_CONDITION:
            raise _Outside(f"{node.children()[0]} is singular")
    real = not np.iscomplexobj(args[0]) if args else False
    if "positive determinant" in domain and real and np.linalg.det(args[0]) <= 0:
        raise _Outside(f"det({node.children()[0]}) ≤ 0")
    if matrix_functions.PRINCIPAL in domain and not _has_principal_logarithm(args[0]):
        raise _Outside(f"{node.children()[0]} has an eigenvalue on the closed negative real axis")
    repeated = _repeated_spectrum(domain, args[0]) if set(domain) & set(spectral.DOMAINS) else None
    if repeated:
        raise _Outside(f"{repeated.format(node.children()[0])}: {entry.note}")
    if "positive" in domain and real and not np.all(args[0] > 0):
        raise _Outside(f"{node.children()[0]} is not positive under {entry.name}")
    if not np.all(np.isfinite(value)):
        raise _Outside(f"{node} is not finite")


def _has_principal_logarithm(matrix):
    """No eigenvalue on the closed negative real axis, nor near it: where logm and sqrtm are smooth."""
    eigenvalues = np.linalg.eigvals(matrix)
    scale = max(1.0, np.max(np.abs(eigenvalues)))
    return not np.any((np.real(eigenvalues) <= 0) & (np.abs(np.imag(eigenvalues)) < 1e-6 * scale))


#: Eigenvalues or singular values closer than this, relative to the largest, count as repeated:
#: there the spectral functions have no derivative, and differences would straddle the kink.
SPECTRAL_GAP = 1e-6


def _repeated_spectrum(domain, matrix):
    """What makes a spectral function's derivative fail to exist at `matrix` ({} for the matrix), or None."""
    def close(a, b, values):
        return abs(a - b) <= SPECTRAL_GAP * max(1.0, np.max(np.abs(values)))
    if spectral.SIMPLE_LARGEST_EIGENVALUE in domain or spectral.SIMPLE_SMALLEST_EIGENVALUE in domain:
        values = np.linalg.eigvalsh((matrix + matrix.T) / 2)
        if len(values) > 1 and spectral.SIMPLE_LARGEST_EIGENVALUE in domain and close(*values[-2:], values):
            return "the largest eigenvalue of {} is repeated"
        if len(values) > 1 and spectral.SIMPLE_SMALLEST_EIGENVALUE in domain and close(*values[:2], values):
            return "the smallest eigenvalue of {} is repeated"
    if spectral.DISTINCT_EIGENVALUES in domain:
        values = np.linalg.eigvalsh((matrix + matrix.T) / 2)
        if any(close(a, b, values) for a, b in zip(values, values[1:])):
            return "an eigenvalue of {} is repeated"
    singular = np.linalg.svd(matrix, compute_uv=False)
    if spectral.SIMPLE_LARGEST_SINGULAR_VALUE in domain and len(singular) > 1 and close(*singular[:2], singular):
        return "the largest singular value of {} is repeated"
    if spectral.FULL_COLUMN_RANK in domain and (matrix.shape[0] < matrix.shape[1] or close(singular[-1], 0, singular)):
        return "the columns of {} are not independent"
    return None


def _size_candidates(root):
    """The default sizes, then their permutations, then each size grown past the others."""
    first = sampling.default_sizes(root)
    symbols, values = list(first), list(first.values())
    grown = ({**first, symbol: max(values) + 1 + index} for index, symbol in enumerate(symbols))
    permuted = (dict(zip(symbols, order)) for order in itertools.permutations(values))
    seen = []
    for candidate in itertools.chain([first], permuted, grown):
        if candidate not in seen:
            seen.append(candidate)
            yield candidate
        if len(seen) == SIZE_TRIES:
            return
