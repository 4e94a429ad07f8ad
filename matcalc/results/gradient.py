"""Gradients: differential, adjoint and simplification passes, and the result they make.

The gradient of a real scalar f with respect to X is the G with
df = Re(G : dX); it has X's shape. For complex X it is ∂f/∂Re X + j ∂f/∂Im X;
for X declared symmetric it is Sym(G), the gradient within symmetric matrices
(the convention argued in arXiv:1911.06491), and for X declared hermitian (or hpd)
Herm(G) = (G + Gᴴ)/2, the gradient within hermitian matrices.
"""
from dataclasses import dataclass, field

import numpy as np
import sympy

from ..checking import numeric
from ..checking.gradient_check import check_gradient
from ..checking.sampling import variables
from ..codegen import generate
from ..codegen.checked import with_checks
from ..core import algebra, ir, registry
from ..core.properties import is_complex, is_hermitian, is_real, is_symmetric
from ..core.shapes import show_shape
from ..derivation.adjoint import gradient_terms
from ..derivation.differential import differential
from ..derivation.lowering_identities import lowering_identity
from ..derivation.rewrite import Context
from ..derivation.simplify import simplify
from ..derivation.size_forms import favouring, other_form
from ..errors import DerivationError, guarded
from ..language.hints import pasted_hint
from ..language.parse import parse
from ..language.pasted import asked_variable
from ..language.tree_to_ir import canonical_name
from ..presentation.abbreviations import abbreviate as choose_names, written
from ..presentation.steps import derivation_steps
from ..printing.latex import to_latex
from ..printing.sympy import to_sympy


@guarded
def grad(expression, wrt=None, where=None, layout="denominator"):
    """The gradient of a scalar expression with respect to the variable named `wrt`, which a
    question in LaTeX (\\nabla_W f, \\frac{\\partial f}{\\partial x}) names itself."""
    wrt = wrt if wrt is not None else asked_variable(expression)
    if wrt is None:
        raise DerivationError("name the variable to differentiate by: wrt=…, or ask \\nabla_X f")
    expression = parse(expression, where)
    variable = find_variable(expression, wrt)
    if expression.shape != (1, 1):
        raise DerivationError(f"the expression is {show_shape(expression.shape)}, not a scalar, so it "
                              f"has no gradient; ask for jacobian(…) instead, or reduce it "
                              f"to a scalar (tr, sum, a norm, a Frobenius product){pasted_hint(expression)}")
    if is_complex(expression) and not _is_real_valued(expression):
        raise DerivationError("the expression may take complex values; a gradient needs a real "
                              "function: take Re(·), Im(·) or a squared norm")
    if layout not in ("denominator", "numerator"):
        raise DerivationError(f"unknown layout {layout!r}: use 'denominator' or 'numerator'")
    log = []
    df = differential(expression, variable, Context(variable=variable.name, log=log))
    terms = gradient_terms(df, variable, Context(log=log))
    raw = algebra.add(*terms) if terms else algebra.zero(variable.shape)
    if is_real(variable):
        raw = algebra.real_part(raw)
    if "diagonal" in variable.properties and variable.shape != (1, 1):
        raw = algebra.hadamard(ir.Identity(variable.shape[0]), raw)  # within diagonal matrices
    elif "symmetric" in variable.properties or (is_real(variable) and is_symmetric(variable)
                                                and variable.shape != (1, 1)):
        raw = ir.Sym(raw)
    elif is_complex(variable) and is_hermitian(variable) and variable.shape != (1, 1):
        raw = _hermitian_part(raw)
    simplified = simplify(raw, Context(log=log))
    return Gradient(expression, variable, simplified, df, tuple(terms), raw, tuple(log), layout)


@guarded
def vjp(expression, wrt, where=None, upstream="G", layout="denominator"):
    """Backpropagation of y = F(X): the gradient of Re(G : F(X)) with respect to X, for an
    upstream gradient G shaped like F (complex where F is)."""
    expression = parse(expression, where)
    if any(symbol.name == upstream for symbol in variables(expression)):
        raise DerivationError(f"the upstream gradient's name {upstream!r} is taken by a variable; "
                              f"pass another name as upstream=")
    gradient = ir.Symbol(upstream, expression.shape, is_complex(expression), frozenset())
    pairing = ir.Frobenius(gradient, expression)
    return grad(ir.Real(pairing) if is_complex(expression) else pairing, wrt, layout=layout)


def sized_form(function, names, layout="denominator"):
    """(alternative, condition) for the code of the gradients of `function` by the variables
    `names`: the gradients of its other form by rules/sizes.toml, which factors a matrix of
    another size, and the sizes at which that one is the smaller; (None, None) where there
    is no such form."""
    other = other_form(function)
    condition = None if other is None else favouring(function, other)
    if condition is None:
        return None, None
    return ([grad(other, name, layout=layout) for name in names], None), condition


def _hermitian_part(gradient):
    """Herm(G) = (G + Gᴴ)/2, term by term so that Xᴴ = X simplifies and like terms meet."""
    terms = _expanded_terms(gradient)
    half = sympy.Rational(1, 2)
    return algebra.add(*(algebra.scale(half, t) for t in terms + [algebra.adjoint(t) for t in terms]))


def _expanded_terms(node, coefficient=1):
    """The terms of a sum, numbers multiplied into nested sums: 2(X − A) is 2X, −2A."""
    number, rest = algebra.split_coefficient(node)
    if isinstance(rest, ir.Add):
        return [term for inner in rest.terms for term in _expanded_terms(inner, coefficient * number)]
    return [algebra.scale(coefficient * number, rest)]


def _is_real_valued(expression):
    return isinstance(expression, (ir.Real, ir.Imag, ir.Norm)) or (
        isinstance(expression, ir.Power) and isinstance(expression.arg, ir.Norm))


def find_variable(expression, name):
    if not isinstance(name, str):
        raise DerivationError(f"wrt must name a variable, not {type(name).__name__}")
    symbols = variables(expression)
    for symbol in symbols:
        if symbol.name == canonical_name(name.strip()):
            return symbol
    names = ", ".join(s.name for s in symbols) or "none"
    raise DerivationError(f"{name!r} does not occur in the expression; its variables are: {names}"
                          f"{pasted_hint(expression)}")


@dataclass(frozen=True)
class Gradient:
    """A derived gradient: the expression, its steps, and every output made from it."""
    function: ir.Node
    variable: ir.Symbol
    expr: ir.Node
    differential: ir.Node
    terms: tuple = field(repr=False)
    raw: ir.Node = field(repr=False)
    log: tuple = field(repr=False)
    layout: str = "denominator"

    @property
    def result(self):
        """The gradient in the asked layout (numerator layout: its transpose)."""
        return simplify(algebra.transpose(self.expr)) if self.layout == "numerator" else self.expr

    def __str__(self):
        """The gradient in the text notation, with short names where they shorten it."""
        return self.text()

    def text(self, abbreviate=True):
        return written(self.result, [self.function], abbreviate)

    def abbreviated(self):
        """The result written with short names (`where A = …`), as its text shows it."""
        return choose_names(self.result, [self.function])

    def latex(self):
        return to_latex(self.result)

    @property
    def notes(self):
        """Where the gradient may not exist, as the entries of the functions it goes through say
        (a spectral function at a repeated eigenvalue); check() refuses such points."""
        entries = (registry.entry_of(node) for node in ir.walk(self.function))
        return tuple(dict.fromkeys(entry.note for entry in entries if entry is not None and entry.note))

    def _repr_latex_(self):
        return f"$\\frac{{\\partial f}}{{\\partial {self.variable.latex()}}} = {self.latex()}$"

    @property
    def sympy(self):
        return to_sympy(self.result)

    @property
    @guarded
    def steps(self):
        return derivation_steps(self)

    @property
    def source(self):
        """A Python module computing the value, this gradient and both at once."""
        return self.code().source

    @guarded
    def code(self, backend="numpy"):
        """The generated code, written by `backend` ("numpy", "jax", "torch", "tensorflow";
        made once each)."""
        cache = self.__dict__.setdefault("_code", {})
        if backend not in cache:
            alternative, condition = self._sized_form()
            cache[backend] = generate([self], lowering_identity, backend, alternative=alternative,
                                      condition=condition)
        return cache[backend]

    def _sized_form(self):
        """`sized_form` of this gradient, derived once."""
        if "_sized" not in self.__dict__:
            self.__dict__["_sized"] = sized_form(self.function, [self.variable.name], self.layout)
        return self.__dict__["_sized"]

    @guarded
    def numpy(self, check_finite=False, real_inputs=False):
        """The generated gradient: keyword arrays named as the variables are spelled (a Greek
        name also by its ASCII spelling: lam or lambda for λ, mu for μ).

        Its `value_and_grad` attribute returns (value, gradient) with their work shared.
        `check_finite` refuses NaN or inf in the inputs and in the results (a singular
        matrix); `real_inputs` refuses complex data for variables declared real. Both are
        off by default, which leaves the generated code unwrapped.
        """
        return self._compiled("numpy", check_finite, real_inputs)

    @guarded
    def jax(self, check_finite=False, real_inputs=False):
        """`numpy()` written in JAX: keyword JAX arrays in, JAX arrays out, jittable (without checks)."""
        return self._compiled("jax", check_finite, real_inputs)

    @guarded
    def torch(self, check_finite=False, real_inputs=False):
        """`numpy()` written in PyTorch: keyword tensors (or arrays) in, tensors out."""
        return self._compiled("torch", check_finite, real_inputs)

    @guarded
    def tensorflow(self, check_finite=False, real_inputs=False):
        """`numpy()` written in TensorFlow: keyword tensors (or arrays) in, tensors out."""
        return self._compiled("tensorflow", check_finite, real_inputs)

    def _compiled(self, backend, check_finite=False, real_inputs=False):
        code = self.code(backend)
        namespace = code.namespace()
        function = namespace[code.gradients[self.variable.name]]
        function.value_and_grad = namespace[code.value_and_grad]
        function.value = namespace[code.value]
        return with_checks(function, variables(self.function), check_finite, real_inputs)

    def evaluator(self):
        """The gradient evaluated node by node: the reference the generated code is checked against."""
        return _Evaluator(self.result, self.variable, self.function)

    def check(self, points=3, seed=None, tolerance=1e-6):
        """Compare the generated code with differences (a complex step where f is analytic in a
        real variable) at random points honoring the declarations, within what they resolve."""
        return check_gradient(self, points, seed, tolerance)


class _Evaluator:
    """The gradient evaluated node by node (the reference; generated code is faster)."""

    def __init__(self, expression, variable, function):
        self.expression, self.variable, self.function = expression, variable, function

    def __call__(self, /, **inputs):
        sizes = numeric.sizes_from_inputs(self.function, inputs)
        value = numeric.evaluate(self.expression, inputs, sizes)
        return _shaped_like(value, inputs.get(self.variable.name), self.expression.shape)


def _shaped_like(value, example, shape):
    if shape == (1, 1):
        return value[0, 0]
    if example is not None and np.ndim(example) == 1:
        return value.reshape(-1)
    return value
