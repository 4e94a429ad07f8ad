"""Jacobians of vector- and matrix-valued functions, and Hessians of scalar ones.

The differential dF = L(dX) is derived by the same rules as a gradient and read
as the matrix ∂vec(F)/∂vec(X)ᵀ where its terms allow (Σ c (Qᵀ ⊗ P), with the
commutation matrix where dXᵀ appears; for a vector x the numerator-layout
matrix Σ c P); otherwise the differential itself is the answer. Numerically the
Jacobian is exact either way: its rows are the backpropagation rule (a gradient)
at the unit upstream gradients, J[i, :] = ∇ₓ(Eᵢ : F). The Hessian of f is the
Jacobian of its gradient; its action H[V] = ∇ₓ(∇f : V) is a gradient too.
"""
from dataclasses import dataclass, field

import numpy as np

from ..checking import numeric
from ..checking.jacobian_check import check_jacobian
from ..codegen import generate
from ..core import algebra, ir
from ..core.properties import is_complex
from ..derivation.differential import differential
from ..derivation.lowering_identities import lowering_identity
from ..derivation.rewrite import Context
from ..derivation.simplify import simplify
from ..errors import DerivationError, guarded
from ..language.parse import parse
from ..presentation.abbreviations import written
from ..presentation.jacobian_forms import MatrixForm, commutation_matrix, matrix_form, symmetric_form
from ..presentation.steps import Step, Steps, function_name, jacobian_steps
from ..printing.latex import to_latex
from ..printing.text import to_text
from .complex_jacobians import complex_jacobian
from .derived import UPSTREAM, Derived
from .gradient import find_variable, grad, vjp
from .hessian_vector import hessian_vector_product, worse

@guarded
def jacobian(expression, wrt, where=None, convention="real-imaginary"):
    """J[out…, wrt…] = ∂F[out…]/∂X[wrt…] for a vector- or matrix-valued F. For a complex X
    the pair (∂F/∂Re X, ∂F/∂Im X), or with convention="wirtinger" (∂F/∂X, ∂F/∂X̄)."""
    expression = parse(expression, where)
    variable = find_variable(expression, wrt)
    if variable.complex:
        return complex_jacobian(expression, variable, convention)
    if is_complex(expression):
        raise DerivationError("a Jacobian of complex values in a real variable is not defined here; "
                              "ask for vjp(…) (backpropagation) instead")
    log = []
    raw = differential(expression, variable, Context(variable=variable.name, log=log))
    taken = {n.name for n in ir.walk(expression) if isinstance(n, ir.Symbol)}
    if expression.shape == (1, 1):  # ∂f/∂vec(X)ᵀ: the gradient as a row, as textbooks write it
        form = MatrixForm(_as_row(grad(expression, wrt).expr))
    else:
        form = matrix_form(raw, variable, taken)
        form = form if form is None else MatrixForm(simplify(form.expr), form.commutation)
    backward = vjp(expression, wrt, upstream=UPSTREAM)
    return Jacobian(expression, variable, simplify(raw), form, backward, tuple(log))


@guarded
def hessian(expression, wrt, where=None):
    """The Hessian of a real scalar f: its action H[V] = ∇ₓ(df[V]) on a direction V shaped
    like X (∇f is symmetric's derivative, so this is H V without forming H), and the matrix
    ∂²f/∂vec(X)∂vec(X)ᵀ read off the action where it has a matrix form."""
    gradient = grad(expression, wrt, where)
    variable = gradient.variable
    direction = _direction(gradient.function, variable)
    slope = simplify(_replace(gradient.differential, ir.Diff(variable), direction))
    if is_complex(slope) and not variable.complex:
        slope = algebra.real_part(slope)
    if not ir.contains(slope, lambda n: n == variable):
        return Hessian(gradient, direction, slope, None, None)
    action = grad(slope, variable.name)
    if variable.complex or is_structured(variable):  # its directions are not all of vec(X)
        return Hessian(gradient, direction, slope, action, _within_symmetric(gradient, action, direction))
    return Hessian(gradient, direction, slope, action, _hessian_form(gradient, action, direction))


def _within_symmetric(gradient, action, direction):
    """Π M Π for a real symmetric X, M the matrix of H[V] before its projection Sym (None else)."""
    variable = gradient.variable
    inner = _unprojected(action.expr)
    if variable.complex or "diagonal" in variable.properties or inner is None:
        return None
    taken = {n.name for n in ir.walk(gradient.function) if isinstance(n, ir.Symbol)} | {direction.name}
    return symmetric_form(_replace(inner, direction, ir.Diff(variable)), variable, taken)


def _unprojected(node):
    """L where node = Sym(L) up to scalars and sums (c Sym(L₁) + Sym(L₂) = Sym(cL₁ + L₂)), else None."""
    if isinstance(node, ir.Sym):
        return node.arg
    if isinstance(node, ir.Add):
        terms = [_unprojected(term) for term in node.terms]
        return None if None in terms else algebra.add(*terms)
    if isinstance(node, ir.Mul):
        matrices = [f for f in node.factors if f.shape != (1, 1)]
        if len(matrices) == 1 and isinstance(matrices[0], ir.Sym):
            return algebra.mul(*(f if f is not matrices[0] else f.arg for f in node.factors))
    return None


def _hessian_form(gradient, action, direction):
    """The matrix of d(∇f) where the gradient's differential has one, else of H[V] (linear in V)."""
    variable = gradient.variable
    taken = {n.name for n in ir.walk(gradient.function) if isinstance(n, ir.Symbol)} | {direction.name}
    try:
        second = differential(gradient.expr, variable, Context(variable=variable.name))
    except DerivationError:  # a part of the gradient no rule differentiates (a block of it)
        second = None
    form = matrix_form(second, variable, taken) if second is not None else None
    if form is None:
        form = matrix_form(_replace(action.raw, direction, ir.Diff(variable)), variable, taken)
    return form if form is None else MatrixForm(simplify(form.expr), form.commutation)


def _direction(function, variable):
    """V, the direction of the action H[V]: a letter the function does not use."""
    taken = {n.name for n in ir.walk(function) if isinstance(n, ir.Symbol)}
    letters = "VUWZ" if variable.shape[1] != 1 else "vuwz"
    name = next(c for c in letters if c not in taken)
    return ir.Symbol(name, variable.shape, False, frozenset())


def _as_row(gradient):
    return algebra.transpose(gradient if gradient.shape[1] == 1 else ir.Vec(gradient))


@dataclass(frozen=True)
class Jacobian(Derived):
    function: ir.Node
    variable: ir.Symbol
    differential: ir.Node
    form: object  # a MatrixForm, or None where the differential has none
    backward: object = field(repr=False)
    log: tuple = field(default=(), repr=False)

    @property
    def expr(self):
        """∂vec(F)/∂vec(X)ᵀ, or None where no closed form was found."""
        return self.form.expr if self.form is not None else None

    def text(self, abbreviate=True):
        if self.form is None:
            return f"d({to_text(self.function)}) = {to_text(self.differential)}"
        notes = (self.form.where(self.variable),) if self.form.commutation is not None else ()
        return written(self.form.expr, [self.function], abbreviate, notes)

    def latex(self):
        if self.form is None:
            return f"d\\left({to_latex(self.function)}\\right) = {to_latex(self.differential)}"
        return (f"\\frac{{\\partial \\operatorname{{vec}} F}}{{\\partial \\operatorname{{vec}}"
                f"({self.variable.latex()})^T}} = {self.form.latex(self.variable)}")

    @property
    def steps(self):
        return jacobian_steps(self, "F" if self.function.shape[1] != 1 else "f")

    @property
    def source(self):
        """Generated code of the backpropagation rule: at the unit upstream gradients its
        results are the rows of the Jacobian (what `numpy()` evaluates)."""
        return self.backward.source

    def numpy(self):
        """A callable returning J[out…, wrt…] at keyword NumPy inputs."""
        return _JacobianEvaluator(self.function, self.variable, self.backward.numpy())

    def matrix(self):
        """A callable evaluating the closed form ∂vec(F)/∂vec(X)ᵀ node by node (None without one)."""
        if self.form is None:
            return None
        return lambda **inputs: evaluate_form(self.form, self.function, self.variable, inputs)


#: The Hessian's own letter, which the short names of its forms leave free.
HESSIAN = ir.Symbol("H", (1, 1), False, frozenset())


@dataclass(frozen=True)
class Hessian(Derived):
    """∂²f/∂vec(X)∂vec(X)ᵀ: the action H[V] as a gradient, and its matrix form where it has one."""
    gradient: object
    direction: ir.Symbol
    slope: ir.Node  # df[V], the differential along V
    action_gradient: object = field(default=None, repr=False)  # ∇ₓ(df[V]); None where f is linear
    form: object = None

    @property
    def function(self):
        return self.gradient.function

    @property
    def variable(self):
        return self.gradient.variable

    @property
    def differential(self):
        return self.slope

    @property
    def action(self):
        """H[V], the Hessian applied to V."""
        if self.action_gradient is None:
            return algebra.zero(self.variable.shape)
        return self.action_gradient.expr

    @property
    def expr(self):
        if self.action_gradient is None:
            size = self.variable.shape[0] * self.variable.shape[1]
            return algebra.zero((size, size))
        return self.form.expr if self.form is not None else None

    @property
    def result(self):
        return self.expr if self.expr is not None else self.action

    def text(self, abbreviate=True):
        if self.variable.shape[1] == 1 and self.expr is not None:
            return written(self.expr, [self.function], abbreviate)
        shown = [self.function, self.direction, HESSIAN]  # no short name may read as H or V
        action = f"H[{self.direction.name}] = " + written(self.action, shown, abbreviate)
        if self.form is None:
            return action
        notes = (self.form.where(self.variable),) if self.form.commutation is not None else ()
        return f"{action};  H = " + written(self.form.expr, shown, abbreviate, notes)

    def latex(self):
        if self.variable.shape[1] == 1 and self.expr is not None:
            return self.form.latex(self.variable) if self.form is not None else to_latex(self.expr)
        action = f"H[{self.direction.latex()}] = {to_latex(self.action)}"
        return action if self.form is None else f"{action}, \\quad H = {self.form.latex(self.variable)}"

    @property
    def steps(self):
        phi, name = function_name(self.gradient), self.direction.name
        lines = [*self.gradient.steps, Step(f"d{phi}[{name}] = {to_text(self.slope)}"),
                 Step(f"H[{name}] = ∇{self.variable.name}(d{phi}[{name}]) = {to_text(self.action)}")]
        if self.form is not None:
            notes = f"  where  {self.form.where(self.variable)}" if self.form.commutation else ""
            lines.append(Step(f"H = {to_text(self.form.expr)}{notes}"))
        return Steps(lines)

    @property
    def source(self):
        """Generated code: a module whose `value` is H where it has a matrix form free of K,
        else the Hessian-vector product H[V] (see `hvp`)."""
        code = self.code()
        return code.source if code is not None else self.hvp().source

    def code(self, backend="numpy"):
        """The generated module computing H as its `value` (None without a matrix form free of K)."""
        if self.form is None or self.form.commutation is not None:
            return None
        cache = self.__dict__.setdefault("_code", {})
        if backend not in cache:
            cache[backend] = generate([self.gradient], lowering_identity, backend, value=self.form.expr)
        return cache[backend]

    def hvp(self):
        """H[V] as generated code, V a keyword input named `direction.name`, prepared per point:
        `.numpy().at(**point)` computes the parts free of V once and returns V ↦ H[V] (also
        `.jax()`, `.torch()`, `.tensorflow()`, `.source`)."""
        if self.action_gradient is None:
            raise DerivationError(f"f is linear in {self.variable.name}: its Hessian is zero")
        if "_hvp" not in self.__dict__:
            self.__dict__["_hvp"] = hessian_vector_product(self)
        return self.__dict__["_hvp"]

    def numpy(self):
        """A callable returning H in column-major vec form, (size of X)²: from the Kronecker
        form where there is one (a few products, not one HVP per column), else one HVP per column."""
        if self.action_gradient is None:
            return lambda **inputs: np.zeros((np.size(inputs[self.variable.name]),) * 2)
        if self.variable.complex:
            raise DerivationError(f"{self.variable.name} is complex: its Hessian acts on Re and Im "
                                  f"together; evaluate its action with hvp()")
        if is_structured(self.variable):  # rows of the gradient's Jacobian, the projection included
            return _vec_form(jacobian(self.gradient.expr, self.variable.name).numpy(), self.variable.name)
        code = self.code()
        if code is not None:
            return code.namespace()[code.value]
        if self.form is not None:
            return lambda **inputs: evaluate_form(self.form, self.function, self.variable, inputs)
        return _ColumnsOfHVPs(self.hvp().numpy(), self.variable.name, self.direction.name)

    def check(self, points=3, seed=None, tolerance=1e-6):
        """The gradient against differences of f, and H against differences of the gradient."""
        first = self.gradient.check(points, seed, tolerance)
        if self.variable.complex:  # H[V] as the gradient of df[V], against differences of df[V]
            second = self.hvp().check(points, seed, tolerance)
            return worse(first, second)
        hessian = self.numpy()

        def entries(**inputs):  # J[out…, wrt…] from the column-major vec form
            shape = np.shape(numeric.as_matrix(inputs[self.variable.name]))
            return np.reshape(hessian(**inputs), shape + shape, order="F")
        second = check_jacobian(self.gradient.expr, self.variable, entries, points, seed, tolerance)
        return worse(first, second)


def is_structured(variable):
    """Declared symmetric, spd or diagonal: derivatives live within that structure."""
    return bool({"symmetric", "spd", "diagonal"} & variable.properties) and variable.shape != (1, 1)


def _vec_form(entries, name):
    """J[i, j, k, l] as the column-major (size of X)² matrix."""
    def hessian_at(**inputs):
        size = int(np.size(inputs[name]))
        return np.reshape(entries(**inputs), (size, size), order="F")
    return hessian_at


def _replace(node, old, new):
    if node == old:
        return new
    children = node.children()
    return algebra.rebuild(node, [_replace(c, old, new) for c in children]) if children else node


def evaluate_form(form, function, variable, inputs):
    """The matrix form's value at keyword inputs, K_{m,n} supplied where it appears."""
    sizes = numeric.sizes_from_inputs(function, inputs)
    values = dict(inputs)
    if form.commutation is not None:
        rows, cols = numeric.as_matrix(inputs[variable.name]).shape
        values[form.commutation.name] = commutation_matrix(rows, cols)
    if form.projection is not None:  # Π = (I + K)/2
        values[form.projection.name] = (np.eye(rows * cols) + values[form.commutation.name]) / 2
    return numeric.evaluate(form.expr, values, sizes)


class _ColumnsOfHVPs:
    """H column by column, H vec(Eⱼ) = vec(H[Eⱼ]) by the generated Hessian-vector product."""

    def __init__(self, hvp, variable, direction):
        self.hvp, self.variable, self.direction = hvp, variable, direction

    def __call__(self, **inputs):
        point = np.asarray(inputs[self.variable])
        product = self.hvp.at(**inputs)  # the parts free of the direction, once
        columns = []
        for entry in range(point.size):
            unit = np.zeros(point.size)
            unit[entry] = 1.0
            columns.append(np.reshape(product(np.reshape(unit, point.shape, order="F")), -1, order="F"))
        return np.array(columns).T


class _JacobianEvaluator:
    """Rows of the Jacobian from the backpropagation rule at unit upstream gradients."""

    def __init__(self, function, variable, backward):
        self.function, self.variable, self.backward = function, variable, backward

    def __call__(self, **inputs):
        sizes = numeric.sizes_from_inputs(self.function, inputs)
        shape = tuple(numeric.concrete(d, sizes) for d in self.function.shape)
        out_shape = _squeezed(shape)
        wrt_shape = np.shape(inputs[self.variable.name])
        rows = []
        for index in np.ndindex(*out_shape):
            unit = np.zeros(out_shape)
            unit[index] = 1.0
            upstream = unit if out_shape else unit.item()
            rows.append(np.reshape(self.backward(**inputs, **{UPSTREAM: upstream}), wrt_shape))
        return np.reshape(np.array(rows), out_shape + wrt_shape)


def _squeezed(shape):
    if shape == (1, 1):
        return ()
    return (shape[0],) if shape[1] == 1 else shape
