"""Variables as one real vector: the sizes the data fix, packing and unpacking, bounds.

SciPy's methods move one real vector. A variable X of shape (n, m) fills n·m
entries in row-major order; a complex one fills 2·n·m, its real parts first and
then its imaginary parts, so the packed gradient of a real f is exactly
matcalc's ∂f/∂Re X + j ∂f/∂Im X split the same way.
"""
import numpy as np

from ...errors import MatcalcError


def resolve_sizes(sources, known):
    """{dimension: size} read off the arrays in `known` that carry each dimension.

    `sources` maps a dimension to (input name, axis, coefficient) triples: that
    input's size on that axis is coefficient × the dimension.
    """
    sizes = {}
    for dimension, carriers in sources.items():
        for name, axis, coefficient in carriers:
            if name in known and axis < np.ndim(known[name]):
                sizes[dimension] = np.shape(known[name])[axis] // coefficient
                break
        else:
            names = ", ".join(sorted({name for name, _, _ in carriers}))
            raise MatcalcError(f"no value given fixes the size {dimension}: give {names} (or x0)")
    return sizes


class Layout:
    """Where each variable lives in the packed vector, and its shape and dtype."""

    def __init__(self, shapes, complex_names):
        self.shapes = {name: tuple(int(size) for size in shape) for name, shape in shapes.items()}
        self.complex_names = frozenset(complex_names)
        self.slices, start = {}, 0
        for name, shape in self.shapes.items():
            count = int(np.prod(shape, dtype=int)) * (2 if name in self.complex_names else 1)
            self.slices[name] = slice(start, start + count)
            start += count
        self.size = start

    def dtype(self, name):
        return np.dtype(complex) if name in self.complex_names else np.dtype(float)

    def pack(self, values):
        """The packed vector of {name: array}; every array must have its variable's shape."""
        vector = np.empty(self.size)
        for name, shape in self.shapes.items():
            array = np.asarray(values[name])
            if array.shape != shape:
                raise MatcalcError(f"{name} has shape {array.shape}, but the problem needs {shape}")
            if np.iscomplexobj(array) and name not in self.complex_names:
                raise MatcalcError(f"{name} is real, but the value given for it is complex")
            flat = array.reshape(-1)
            vector[self.slices[name]] = (np.concatenate([flat.real, flat.imag])
                                         if name in self.complex_names else flat.real)
        return vector

    def pack_some(self, values):
        """The packed vector of {name: array} for some of the variables, zero for the others."""
        return self.pack({name: values[name] if name in values else np.zeros(shape, self.dtype(name))
                          for name, shape in self.shapes.items()})

    def unpack(self, vector):
        """{name: array} of the packed vector, in the declared shapes and dtypes (copies)."""
        values = {}
        for name, shape in self.shapes.items():
            part = np.asarray(vector[self.slices[name]], dtype=float)
            if name in self.complex_names:
                half = len(part) // 2
                part = part[:half] + 1j * part[half:]
            values[name] = part.reshape(shape).copy()
        return values

    def block(self, vector, name):
        """The packed vector with every entry outside `name` set to zero."""
        only = np.zeros_like(vector)
        only[self.slices[name]] = vector[self.slices[name]]
        return only

    def bounds(self, bounds):
        """(lower, upper) packed vectors of {name: (low, high)}, None meaning unbounded."""
        lower, upper = np.full(self.size, -np.inf), np.full(self.size, np.inf)
        for name, (low, high) in bounds.items():
            if name in self.complex_names:
                raise MatcalcError(f"{name} is complex and cannot be bounded: bound its real and "
                                   f"imaginary parts as separate real variables")
            for packed, limit in ((lower, low), (upper, high)):
                if limit is not None:
                    packed[self.slices[name]] = np.broadcast_to(
                        np.asarray(limit, dtype=float), self.shapes[name]).reshape(-1)
        if np.any(lower > upper):
            raise MatcalcError("a lower bound lies above its upper bound")
        return lower, upper

    def starting_point(self, lower, upper, spread):
        """A start inside the bounds: zero, or if `spread`, small seeded random values (a zero
        start is a stationary point of many constrained problems)."""
        values = np.random.default_rng(0).standard_normal(self.size) / np.sqrt(max(self.size, 1)) if spread \
            else np.zeros(self.size)
        return np.clip(values, lower, upper)
