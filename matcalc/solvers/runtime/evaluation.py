"""The generated functions, bound to the data and read on packed vectors.

Every evaluation is counted; a value or gradient that is not finite stops the
run through NotFinite, which the driver turns into an unsuccessful result.
"""
import numpy as np
from scipy.sparse.linalg import LinearOperator

from ...errors import MatcalcError
from .layout import Layout, resolve_sizes


class NotFinite(Exception):
    """The objective or its gradient is NaN or infinite at the point asked for."""


class Objective:
    """f, its gradient, H[D] and 2q(D) of the packed vector, with the data fixed."""

    def __init__(self, parts, layout: Layout, data):
        self.parts, self.layout, self.data = parts, layout, data
        self.nfev = self.nhev = 0
        self.last = None  # (x, f, g) of the latest evaluation
        self.last_point = np.empty(layout.size)  # reused: a fresh copy each time slows NumPy's allocations

    def inputs(self, vector, directions=None):
        inputs = {**self.data, **self.layout.unpack(vector)}
        if directions is not None:
            inputs.update({self.parts["directions"][name]: value
                           for name, value in self.layout.unpack(directions).items()})
        return inputs

    def value_and_grad(self, vector):
        """(f, packed gradient) at the packed point."""
        results = self.parts["objective"].value_and_grad(**self.inputs(vector))
        self.nfev += 1
        value = float(np.real(results[0]))
        gradient = self.layout.pack(dict(zip(self.layout.shapes, (
            np.reshape(g, self.layout.shapes[name]) for name, g in zip(self.layout.shapes, results[1:])))))
        if not (np.isfinite(value) and np.all(np.isfinite(gradient))):
            raise NotFinite(f"the objective or its gradient is not finite ({value})")
        np.copyto(self.last_point, vector)
        self.last = (self.last_point, value, gradient)
        return value, gradient

    def gradient_at(self, vector):
        """The gradient, from the latest evaluation when it was at this point."""
        if self.last is not None and np.array_equal(self.last[0], vector):
            return self.last[2]
        return self.value_and_grad(vector)[1]

    def hessp(self, vector, direction):
        """H[D]: the gradient of the directional derivative G : D, never forming H."""
        results = self.parts["hessian_vector"].value_and_grad(**self.inputs(vector, direction))
        self.nhev += 1
        return self.layout.pack({name: np.reshape(h, self.layout.shapes[name])
                                 for name, h in zip(self.layout.shapes, results[1:])})

    def curvature(self, vector, direction, block=None):
        """φ''(0) = 2q(D) along the packed direction, through one block or all variables."""
        part = self.parts["curvature"][block]
        return float(np.real(part.value(**self.inputs(vector, direction))))


class Constraints:
    """c(x) ≤ 0, c(x) ≥ 0 or c(x) = 0, each as values, a Jacobian and a Hessian of the packed vector.

    A constraint's generated part computes Ḡ : c and its gradients, Jᵀ Ḡ; its rows
    are read at the unit Ḡ, so a constraint with m entries costs m evaluations. Its
    second part gives Σ Ḡᵢ ∇²cᵢ D, the Hessian of the Lagrangian's constraint terms.
    """

    def __init__(self, constraints, layout: Layout, data, directions):
        self.constraints, self.layout, self.data, self.directions = constraints, layout, data, directions
        self.cache = (None, None, None)

    def evaluate(self, vector):
        """(values, Jacobian) of every constraint entry at the packed point."""
        if self.cache[0] is not None and np.array_equal(self.cache[0], vector):
            return self.cache[1], self.cache[2]
        inputs = {**self.data, **self.layout.unpack(vector)}
        values, rows = [], []
        for constraint in self.constraints:
            shape = constraint_shape(constraint, inputs)
            for index in np.ndindex(*shape):
                unit = np.zeros(shape)
                unit[index] = 1.0
                results = constraint["part"].value_and_grad(**inputs, **{constraint["upstream"]: unit})
                values.append(float(np.real(results[0])))
                rows.append(self._packed(constraint, results[1:]))
        self.cache = (np.array(vector), np.array(values), np.array(rows).reshape(len(values), self.layout.size))
        return self.cache[1], self.cache[2]

    def hessian(self, vector, multipliers):
        """Σ vᵢ ∇²cᵢ at the packed point, as a LinearOperator: never formed."""
        inputs = {**self.data, **self.layout.unpack(vector)}
        weighted, start = [], 0
        for constraint in self.constraints:
            shape = constraint_shape(constraint, inputs)
            count = int(np.prod(shape, dtype=int))
            if constraint["hessian"] is not None:
                weighted.append((constraint, np.reshape(multipliers[start:start + count], shape)))
            start += count

        def product(direction):
            moved = self.layout.unpack(np.ravel(direction))
            total = np.zeros(self.layout.size)
            for constraint, weights in weighted:
                along = {self.directions[name]: moved[name] for name in constraint["wrt"]}
                results = constraint["hessian"].value_and_grad(**inputs, **along, **{constraint["upstream"]: weights})
                total += self._packed(constraint, results[1:])
            return total
        return LinearOperator((self.layout.size, self.layout.size), matvec=product, dtype=float)

    def _packed(self, constraint, gradients):
        return self.layout.pack_some({name: np.reshape(g, self.layout.shapes[name])
                                      for name, g in zip(constraint["wrt"], gradients)})

    def limits(self, vector):
        """(lower, upper) of every constraint entry, in the order of evaluate."""
        inputs = {**self.data, **self.layout.unpack(vector)}
        lower, upper = [], []
        for constraint in self.constraints:
            count = int(np.prod(constraint_shape(constraint, inputs), dtype=int))
            low, high = {"<=": (-np.inf, 0.0), ">=": (0.0, np.inf), "=": (0.0, 0.0)}[constraint["sense"]]
            lower += [low] * count
            upper += [high] * count
        if not lower:
            raise MatcalcError("there is no constraint to satisfy")
        return np.array(lower), np.array(upper)


def constraint_shape(constraint, inputs):
    """The shape of a constraint's values, from the sizes of the inputs it reads."""
    return tuple(int(size) for size in constraint["shape"](resolve_sizes(constraint["sizes"], inputs)))
