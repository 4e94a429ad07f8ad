"""The reference evaluator: the value of a typed expression at given arrays.

Everything is evaluated as 2-D arrays (a vector is n×1, a scalar 1×1); the public
callables convert at the boundary. This module is the referee of every derived
result, so it stays plain: no factorizations, no cleverness.
"""
import numpy as np
import sympy

from ..core import ir, registry
from ..errors import MatcalcError


# ------------------------------------------------------------- dimensions

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
    value = sympy.sympify(node.value.xreplace(sizes))  # a size n alone becomes a plain int
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
