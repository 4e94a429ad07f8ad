"""Numbers for checking: a reference evaluator, random inputs honoring declarations,
and finite differences.

Everything is evaluated as 2-D arrays (a vector is n×1, a scalar 1×1); the public
callables convert at the boundary. This module is the referee of every derived
result, so it stays plain: no factorizations, no cleverness.
"""
import numpy as np
import sympy

from ..core import ir, registry
from ..errors import LimitError, MatcalcError

#: Concrete sizes given to dimension symbols, distinct so that mixed-up axes show.
DEFAULT_SIZES = {"n": 4, "m": 3, "k": 2, "p": 2, "q": 3, "r": 2}
FALLBACK_SIZES = (3, 4, 2, 5)
#: The most entries any part of an expression may have where it is evaluated for checking.
MAX_ENTRIES = 10_000_000


# ------------------------------------------------------------- dimensions

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


def sizes_from_inputs(root, inputs):
    """Dimension sizes read off the arrays given for the variables."""
    sizes = {}
    pending = []
    for node in ir.walk(root):
        if isinstance(node, ir.Symbol) and node.name in inputs:
            actual = as_matrix(inputs[node.name]).shape
            for dim, size in zip(node.shape_, actual):
                dim = sympy.sympify(dim)
                if dim.is_Symbol:
                    if sizes.setdefault(dim, size) != size:
                        raise MatcalcError(f"{node.name} has shape {actual}, which disagrees "
                                           f"with the other inputs on {dim}")
                elif not dim.is_number:
                    pending.append((dim, size))
    for dim, size in pending:
        unknown = dim.free_symbols - sizes.keys()
        if len(unknown) == 1:
            symbol = unknown.pop()
            solution = sympy.solve(sympy.Eq(dim, size), symbol)
            if solution:
                sizes[symbol] = int(solution[0])
    return sizes


def concrete(dim, sizes):
    return int(sympy.sympify(dim).xreplace(sizes))


# -------------------------------------------------------------- evaluator

def as_matrix(value):
    array = np.asarray(value)
    if array.ndim == 0:
        return array.reshape(1, 1)
    if array.ndim == 1:
        return array.reshape(-1, 1)
    return array


def evaluate(root, inputs, sizes=None, xp=np, inspect=None):
    """The value of a typed expression at `inputs` (name → array), as a 2-D array.

    `xp` is the array namespace: NumPy, or one with its interface (jax.numpy), so that
    other frameworks can differentiate the same function for comparison. `inspect(node,
    args, value)`, when given, sees every node evaluated, to refuse a point by raising.
    """
    sizes = sizes_from_inputs(root, inputs) if sizes is None else sizes

    def value(node, args):
        if isinstance(node, ir.Symbol):
            return _symbol(node, inputs, xp)
        result = _EVALUATE[type(node)](node, args, sizes, xp)
        if inspect is not None:
            inspect(node, args, result)
        return result
    return ir.fold(root, value, key=lambda node: node)


def _symbol(node, inputs, xp):
    if node.name not in inputs:
        raise MatcalcError(f"no value given for {node.name}")
    value = xp.asarray(inputs[node.name])
    if value.ndim == 0:
        return value.reshape(1, 1)
    return value.reshape(-1, 1) if value.ndim == 1 else value


def _number(node, args, sizes, xp):
    value = node.value.xreplace(sizes)
    return xp.asarray([[complex(value) if not value.is_real else float(value)]])


def _product(node, args, sizes, xp):
    result = args[0]
    for factor in args[1:]:
        if result.shape == (1, 1) or factor.shape == (1, 1):
            result = result * factor
        else:
            result = result @ factor
    return result


def _logdet(node, args, sizes, xp):
    """log det A: real (NaN for det ≤ 0) for a real A, the principal value for a complex one."""
    sign, value = xp.linalg.slogdet(args[0])
    if xp.iscomplexobj(args[0]):
        return _scalar(value + xp.log(sign), xp)
    return _scalar(xp.where(sign > 0, value, xp.nan), xp)


def _power(node, args, sizes, xp):
    base, exponent = args[0], args[1][0, 0]
    if base.shape == (1, 1):
        return base ** exponent
    k = int(np.real(exponent))
    if k < 0:
        return xp.linalg.matrix_power(xp.linalg.inv(base), -k)
    return xp.linalg.matrix_power(base, k)


def _inverse(node, args, sizes, xp):
    a = args[0]
    return 1 / a if a.shape == (1, 1) else xp.linalg.inv(a)


#: The evaluator of each entrywise and registered matrix function, from its registry entry.
_FUNCTIONS = {entry.name: entry.evaluate for entry in registry.ENTRIES if entry.evaluate is not None}


def _kron_block_sum(node, args, sizes, xp):
    weights, m = args
    p, q = weights.shape
    r, s = m.shape[0] // p, m.shape[1] // q
    return xp.einsum("ij,irjs->rs", weights.conj(), m.reshape(p, r, q, s))


def _kron_block_inner(node, args, sizes, xp):
    weights, m = args
    r, s = weights.shape
    p, q = m.shape[0] // r, m.shape[1] // s
    return xp.einsum("rs,irjs->ij", weights.conj(), m.reshape(p, r, q, s))


def _block_part(node, args, sizes, xp):
    r0, r1 = (concrete(d, sizes) for d in node.rows)
    c0, c1 = (concrete(d, sizes) for d in node.cols)
    return args[0][r0:r1, c0:c1]


def _block(node, args, sizes, xp):
    values, rows = list(args), []
    for row in node.rows:
        rows.append(values[:len(row)])
        values = values[len(row):]
    return xp.block(rows)


def _differential(node, args, sizes, xp):
    raise MatcalcError("a differential has no value")


def _scalar(value, xp):
    return xp.reshape(value, (1, 1))


def _shape(node, sizes):
    return tuple(concrete(d, sizes) for d in node.shape_)


_EVALUATE = {
    ir.Number: _number,
    ir.Identity: lambda node, args, sizes, xp: xp.eye(concrete(node.size, sizes)),
    ir.Zero: lambda node, args, sizes, xp: xp.zeros(_shape(node, sizes)),
    ir.Ones: lambda node, args, sizes, xp: xp.ones(_shape(node, sizes)),
    ir.Add: lambda node, args, sizes, xp: sum(args[1:], args[0]),
    ir.Mul: _product,
    ir.Block: _block,
    ir.Hadamard: lambda node, args, sizes, xp: args[0] * args[1],
    ir.Divide: lambda node, args, sizes, xp: args[0] / args[1],
    ir.Kron: lambda node, args, sizes, xp: xp.kron(*args),
    ir.Frobenius: lambda node, args, sizes, xp: _scalar(xp.sum(args[0].conj() * args[1]), xp),
    ir.Transpose: lambda node, args, sizes, xp: args[0].T,
    ir.Adjoint: lambda node, args, sizes, xp: args[0].conj().T,
    ir.Conj: lambda node, args, sizes, xp: args[0].conj(),
    ir.Real: lambda node, args, sizes, xp: args[0].real,
    ir.Imag: lambda node, args, sizes, xp: args[0].imag,
    ir.Inverse: _inverse,
    ir.Trace: lambda node, args, sizes, xp: _scalar(xp.trace(args[0]), xp),
    ir.Det: lambda node, args, sizes, xp: _scalar(xp.linalg.det(args[0]), xp),
    ir.LogDet: _logdet,
    ir.Sym: lambda node, args, sizes, xp: (args[0] + args[0].T) / 2,
    ir.DiagMatrix: lambda node, args, sizes, xp: xp.diag(args[0].ravel()),
    ir.DiagVector: lambda node, args, sizes, xp: xp.diag(args[0]).reshape(-1, 1),
    ir.Vec: lambda node, args, sizes, xp: args[0].T.reshape(-1, 1),
    ir.Sum: lambda node, args, sizes, xp: _scalar(xp.sum(args[0]), xp),
    ir.Power: _power,
    ir.ElementPower: lambda node, args, sizes, xp: args[0] ** args[1][0, 0],
    ir.Func: lambda node, args, sizes, xp: _FUNCTIONS[node.name](args[0], xp),
    ir.Apply: lambda node, args, sizes, xp: _FUNCTIONS[node.name](*args, xp),
    ir.Norm: lambda node, args, sizes, xp: _scalar(xp.sqrt(xp.sum(xp.abs(args[0]) ** 2)), xp),
    ir.BlockPart: _block_part,
    ir.Unvec: lambda node, args, sizes, xp: args[0].reshape(tuple(reversed(_shape(node, sizes)))).T,
    ir.KronBlockSum: _kron_block_sum,
    ir.KronBlockInner: _kron_block_inner,
    ir.Diff: _differential,
}


# ---------------------------------------------------------------- sampling

def variables(root):
    """The distinct Symbols of a tree, in order of appearance."""
    seen = {}
    for node in ir.walk(root):
        if isinstance(node, ir.Symbol) and node.name not in seen:
            seen[node.name] = node
    return list(seen.values())


def sample_inputs(root, rng, sizes=None, square_inverted=True):
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
    the values at which log, sqrt and log det of the variable are defined."""
    shape = tuple(concrete(d, sizes) for d in symbol.shape_)
    props, complex_ = symbol.properties, symbol.complex
    if positive and not complex_ and (shape[1] == 1 or shape[0] != shape[1]):
        values = rng.uniform(0.5, 2.0, shape)
        return np.float64(values[0, 0]) if shape == (1, 1) else values.reshape(-1) if shape[1] == 1 else values
    if shape == (1, 1):
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


# ------------------------------------------------------ finite differences

def numeric_gradient(function, inputs, name, symmetric=False, complex_=False, step=1e-5,
                     diagonal=False):
    """Central differences of a real scalar function of `inputs[name]`.

    Complex variables give ∂f/∂Re + j ∂f/∂Im; symmetric ones differentiate along
    (Eᵢⱼ + Eⱼᵢ)/2, the gradient within symmetric matrices; diagonal ones along Eᵢᵢ only.
    """
    x = np.asarray(inputs[name])
    result = np.zeros(x.shape, dtype=complex if complex_ else float)

    def along(direction):
        return derivative(lambda h: float(np.real(function({**inputs, name: x + h * direction}))),
                          step)

    for index, direction in unit_directions(x.shape, symmetric, diagonal):
        result[index] = along(direction)
        if complex_:
            result[index] += 1j * along(1j * direction)
    return result


def unit_directions(shape, symmetric=False, diagonal=False):
    """(index, direction) for each entry a gradient holds: Eᵢⱼ, (Eᵢⱼ + Eⱼᵢ)/2 within symmetric
    matrices, Eᵢᵢ alone within diagonal ones."""
    for index in np.ndindex(shape):
        if diagonal and index[0] != index[1]:
            continue
        direction = np.zeros(shape)
        direction[index] = 1.0
        if symmetric:
            direction = (direction + direction.T) / 2
        yield index, direction


def derivative(function, step=1e-5):
    """d/dh function(h) at h = 0 by the five-point central difference (any array value)."""
    return (8 * (function(step) - function(-step))
            - (function(2 * step) - function(-2 * step))) / (12 * step)


def relative_error(value, reference, floor=1e-12):
    """‖value − reference‖ / ‖reference‖, the norm taken no smaller than `floor`: a zero
    gradient is checked against the rounding noise of the differences, not against zero."""
    scale = max(float(np.linalg.norm(reference)), floor)
    return float(np.linalg.norm(np.asarray(value) - reference)) / scale
