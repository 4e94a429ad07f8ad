"""Random inputs honoring declarations: sizes for the dimension symbols, and values
for the variables (spd, symmetric, diagonal, positive, complex) at which inverses,
determinants and logarithms are defined.
"""
import numpy as np
import sympy

from ..core import ir
from ..errors import LimitError
from .numeric import concrete

#: Concrete sizes given to dimension symbols, distinct so that mixed-up axes show.
DEFAULT_SIZES = {"n": 4, "m": 3, "k": 2, "p": 2, "q": 3, "r": 2}
FALLBACK_SIZES = (3, 4, 2, 5)
#: The most entries any part of an expression may have where it is evaluated for checking.
MAX_ENTRIES = 10_000_000


# ---------------------------------------------------------------- sizes

def dimension_symbols(root):
    found = []
    for node in ir.walk(root):
        for dim in _dims_of(node):
            for symbol in sorted(sympy.sympify(dim).free_symbols, key=str):
                if symbol not in found:
                    found.append(symbol)
    return found


def _dims_of(node):
    if isinstance(node, (ir.Symbol, ir.Zero, ir.Ones, ir.Unvec)):
        return node.shape_ or ()
    if isinstance(node, ir.Identity):
        return (node.size,)
    if isinstance(node, ir.BlockPart):
        return node.rows + node.cols
    return ()


def default_sizes(root, sizes=None):
    """A concrete size for every dimension symbol of the tree."""
    chosen = {}
    spare = iter(FALLBACK_SIZES * 4)
    for symbol in dimension_symbols(root):
        given = (sizes or {}).get(str(symbol))
        chosen[symbol] = given or DEFAULT_SIZES.get(str(symbol)) or next(spare)
    return chosen


# --------------------------------------------------------------- values

def variables(root):
    """The distinct Symbols of a tree, in order of appearance."""
    seen = {}
    for node in ir.walk(root):
        if isinstance(node, ir.Symbol) and node.name not in seen:
            seen[node.name] = node
    return list(seen.values())


def sample_inputs(root, rng, sizes=None):
    """Random values for every variable of the tree, honoring its declarations.

    Square matrices are well conditioned with positive determinant, so that
    inverses, determinants and log det are all defined.
    """
    sizes = sizes or default_sizes(root)
    check_entries(root, sizes)
    return {symbol.name: sample(symbol, sizes, rng) for symbol in variables(root)}, sizes


def check_entries(root, sizes):
    """Refuse sizes at which some part of the tree would hold too many numbers to evaluate."""
    shapes = {node.shape for node in ir.walk(root) if not isinstance(node, ir.Diff)}
    largest = max(concrete(rows, sizes) * concrete(cols, sizes) for rows, cols in shapes)
    if largest > MAX_ENTRIES:
        raise LimitError(f"at the sizes checked ({', '.join(f'{k} = {v}' for k, v in sizes.items())}) "
                         f"a part of the expression has {largest:.3g} entries; at most "
                         f"{MAX_ENTRIES:.0e} are evaluated")


def sample(symbol, sizes, rng, positive=False):
    """A random value of `symbol`; `positive` draws real entries (or a diagonal) in [0.5, 2],
    the values at which log, sqrt and log det of the variable are defined. A vector or
    matrix declared positive is positive entry by entry; a square one has its eigenvalues
    in the right half plane, where logm and sqrtm are defined."""
    shape = tuple(concrete(d, sizes) for d in symbol.shape_)
    props, complex_ = symbol.properties, symbol.complex
    if "simplex" in props:  # a probability vector: positive entries summing to 1
        values = rng.uniform(0.5, 2.0, shape[0])
        return values / np.sum(values)
    positive = positive or ("positive" in props and shape != (1, 1))
    if positive and not complex_ and (shape[1] == 1 or shape[0] != shape[1]):
        values = rng.uniform(0.5, 2.0, shape)
        return np.float64(values[0, 0]) if shape == (1, 1) else values.reshape(-1) if shape[1] == 1 else values
    if shape == (1, 1):
        if "integer" in props:
            return np.float64(rng.integers(2, 6))
        if "positive" in props:
            return np.float64(rng.uniform(0.5, 2.0))
        value = rng.uniform(0.5, 1.5) * rng.choice([-1, 1])
        return np.complex128(value + 1j * rng.uniform(-1, 1)) if complex_ else np.float64(value)
    if shape[1] == 1:
        return _normal((shape[0],), rng, complex_)
    if shape[0] != shape[1]:
        return _normal(shape, rng, complex_)
    n = shape[0]
    if "spd" in props:
        m = _normal(shape, rng, complex_)
        return m @ m.conj().T + n * np.eye(n)
    if "diagonal" in props:
        signs = np.ones(n) if positive else rng.choice([-1, 1], n)
        return np.diag(rng.uniform(1.0, 2.0, n) * signs)
    if "symmetric" in props or "hermitian" in props:
        m = _normal(shape, rng, complex_)
        s = (m + (m.conj().T if "hermitian" in props else m.T)) / 2
        return s + 2 * n * np.eye(n)
    if positive and not complex_:
        # Positive entries on a dominant diagonal: well conditioned, det > 0, diag(X) > 0,
        # eigenvalues in the right half plane.
        return rng.uniform(0.5, 2.0, shape) + n * np.eye(n)
    if positive:  # eigenvalues near n, in the right half plane: where logm and sqrtm are defined
        return n * np.eye(n) + _normal(shape, rng, complex_)
    return _well_conditioned(n, rng, complex_)


def _normal(shape, rng, complex_):
    values = rng.standard_normal(shape)
    return values + 1j * rng.standard_normal(shape) if complex_ else values


def _well_conditioned(n, rng, complex_):
    """U diag(s) Vᴴ with singular values in [1, 2] and, when real, det > 0."""
    u, _ = np.linalg.qr(_normal((n, n), rng, complex_))
    v, _ = np.linalg.qr(_normal((n, n), rng, complex_))
    if not complex_ and np.linalg.det(u) * np.linalg.det(v) < 0:
        u[:, 0] = -u[:, 0]
    return (u * rng.uniform(1.0, 2.0, n)) @ v.conj().T
