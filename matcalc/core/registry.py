"""The registry: one entry per primitive of the language, and the tables derived from it.

Every named function the parser reads is declared here once (see `Primitive`): the
grammar's FUNCTION terminal, the call dispatch of the parser, the "known functions"
message, the printers' and the NumPy backend's spellings, the reference evaluator of
entrywise and registered matrix functions and the domain facts the checker samples
by are all read from these entries. Derivative rules stay in rules/*.toml; each entry
names the ones that differentiate it. Operators written with symbols (+, ⊙, ᵀ, :) are
grammar of their own; `kron`, `inv` and `norm` are their spelled forms.

Adding an entrywise function is one entry in ENTRYWISE plus its rule; a matrix
function with its own derivative is an entry in MATRIX_FUNCTIONS (building
`ir.Apply`), one for its derivative node, and their rules.
"""
import re

import sympy
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

from . import ir, matrix_functions, spectral
from .dimensions import ONE
from .primitive import Primitive
from ..errors import ParseError

#: The differential d(·): only rules write it, and only touching its parenthesis.
DIFFERENTIAL = "d"


def _softplus(a, xp):
    """log(1 + eᵃ), without overflow for a large real a."""
    return xp.log1p(xp.exp(a)) if xp.iscomplexobj(a) else xp.logaddexp(0, a)


def _entrywise(name, evaluate, latex, sympy_function, numpy, frameworks=None, **facts):
    """An entrywise function: it builds ir.Func, keeps its operand's shape and is its own rule's name.

    `frameworks` maps "jax", "torch" and "tensorflow" to their spellings; by default jnp.name,
    torch.name and tf.math.name.
    """
    spelled = {"jax": f"jnp.{name}", "torch": f"torch.{name}", "tensorflow": f"tf.math.{name}"}
    spelled |= frameworks or {}
    return Primitive(name, (name,), (ir.Func,), lambda a: ir.Func(name, a), text=name, ascii=name,
                     latex=latex, differential=(f"d.{name}",), sympy=sympy_function,
                     backends={"numpy": numpy} | spelled, evaluate=evaluate, entrywise=True, **facts)


ENTRYWISE = (
    _entrywise("exp", lambda a, xp: xp.exp(a), r"\exp", sympy.exp, "np.exp", nonnegative=True),
    _entrywise("log", lambda a, xp: xp.log(a), r"\log", sympy.log, "np.log", domain=("positive",)),
    _entrywise("sqrt", lambda a, xp: xp.sqrt(a), r"\sqrt{{0}}", sympy.sqrt, "np.sqrt", domain=("positive",)),
    _entrywise("sin", lambda a, xp: xp.sin(a), r"\sin", sympy.sin, "np.sin"),
    _entrywise("cos", lambda a, xp: xp.cos(a), r"\cos", sympy.cos, "np.cos"),
    _entrywise("tanh", lambda a, xp: xp.tanh(a), r"\tanh", sympy.tanh, "np.tanh"),
    _entrywise("sigmoid", lambda a, xp: 1 / (1 + xp.exp(-a)), r"\operatorname{sigmoid}",
               lambda z: 1 / (1 + sympy.exp(-z)), "scipy.special.expit",
               {"jax": "jax.nn.sigmoid", "torch": "torch.sigmoid", "tensorflow": "tf.math.sigmoid"},
               nonnegative=True),
    _entrywise("softplus", _softplus, r"\operatorname{softplus}",
               lambda z: sympy.log(1 + sympy.exp(z)), "np.logaddexp(0, {0})",
               {"jax": "jnp.logaddexp(0, {0})", "torch": "torch.nn.functional.softplus({0})",
                "tensorflow": "tf.math.softplus({0})"}, nonnegative=True),
    _entrywise("abs", lambda a, xp: xp.abs(a), r"\left|{0}\right|", sympy.Abs, "np.abs",
               analytic=False, smooth=False, real_valued=True, nonnegative=True),
    # Machine-learning functions, each computed the stable way in every backend.
    _entrywise("log1p", lambda a, xp: xp.log1p(a), r"\operatorname{log1p}", lambda z: sympy.log(1 + z), "np.log1p"),
    _entrywise("expm1", lambda a, xp: xp.expm1(a), r"\operatorname{expm1}", lambda z: sympy.exp(z) - 1, "np.expm1"),
    _entrywise("sinh", lambda a, xp: xp.sinh(a), r"\sinh", sympy.sinh, "np.sinh"),
    _entrywise("cosh", lambda a, xp: xp.cosh(a), r"\cosh", sympy.cosh, "np.cosh", nonnegative=True),
    _entrywise("log_sigmoid", lambda a, xp: -_softplus(-a, xp), r"\log\operatorname{sigmoid}",
               lambda z: -sympy.log(1 + sympy.exp(-z)), "-np.logaddexp(0, -{0})",
               {"jax": "jax.nn.log_sigmoid", "torch": "torch.nn.functional.logsigmoid"}),
    _entrywise("relu", lambda a, xp: xp.maximum(a, 0), r"\operatorname{relu}", lambda z: sympy.Max(z, 0),
               "np.maximum({0}, 0)", {"jax": "jax.nn.relu", "tensorflow": "tf.nn.relu"},
               analytic=False, smooth=False, real_valued=True, nonnegative=True),
    # The derivative of relu: 1 where a > 0, else 0 (at 0 as well, as the frameworks take it).
    _entrywise("step", lambda a, xp: xp.heaviside(a, 0), r"\operatorname{step}", lambda z: sympy.Heaviside(z, 0),
               "np.heaviside({0}, 0)", {"jax": "jnp.heaviside({0}, 0)",
                                         "torch": "torch.heaviside({0}, torch.zeros_like({0}))",
                                         "tensorflow": "tf.cast({0} > 0, {0}.dtype)"},
               analytic=False, smooth=False, real_valued=True),
)


def _norm_kind(p):
    """norm(X) is the Frobenius norm, norm(X, 2) the 2-norm."""
    if p is None:
        return "F"
    if isinstance(p, ir.Number) and p.value == 2:
        return "2"
    raise ParseError(f"norm(X, p) takes p = 2 (the spectral norm), not {p}; ‖X‖_F is norm(X), "
                     f"the nuclear norm nuclear(X)")


def _operation(name, node, text, latex, rule, spellings=None, **facts):
    """A function building a node type of its own, whose rules give its shape, check and value."""
    return Primitive(name, spellings or (name,), (node,), node, text=text, ascii=text, latex=latex,
                     differential=(rule,), **facts)


OPERATIONS = (
    _operation("tr", ir.Trace, "tr", r"\operatorname{tr}", "d.trace", ("tr", "trace", "Tr"),
               sympy=sympy.Trace),
    _operation("det", ir.Det, "det", r"\det", "d.det", sympy=sympy.Determinant, domain=("invertible",),
               real_on_definite=True),
    _operation("logdet", ir.LogDet, "logdet", r"\log\det", "d.logdet",
               domain=("invertible", "positive determinant"), real_on_definite=True),
    Primitive("inv", ("inv",), (ir.Inverse,), ir.Inverse, text="{0}⁻¹", ascii="{0}^-1", latex="{0}^{-1}",
              differential=("d.inverse",), domain=("invertible",)),
    _operation("Sym", ir.Sym, "Sym", r"\operatorname{Sym}", "d.sym", ("Sym", "sym")),
    Primitive("diag", ("diag",), (ir.Diag, ir.DiagMatrix, ir.DiagVector), ir.Diag, text="diag", ascii="diag",
              latex=r"\operatorname{diag}", differential=("d.diag",)),
    _operation("vec", ir.Vec, "vec", r"\operatorname{vec}", "d.vec"),
    _operation("sum", ir.Sum, "sum", r"\operatorname{sum}", "d.sum_entries"),
    _operation("conj", ir.Conj, "conj", r"\overline{{0}}", "d.conj", sympy=sympy.conjugate, entrywise=True,
               analytic=False),
    _operation("Re", ir.Real, "Re", r"\operatorname{Re}", "d.real", ("Re", "real"), sympy=sympy.re,
               entrywise=True, analytic=False, real_valued=True),
    _operation("Im", ir.Imag, "Im", r"\operatorname{Im}", "d.imag", ("Im", "imag"), sympy=sympy.im,
               entrywise=True, analytic=False, real_valued=True),
    Primitive("kron", ("kron",), (ir.Kron,), ir.Kron, text="{0} ⊗ {1}", ascii="kron({0}, {1})",
              latex=r"{0} \otimes {1}", differential=("d.kron",), arity=2, sympy=sympy.KroneckerProduct),
    Primitive("norm", ("norm",), (ir.Norm,), lambda a, p=None: ir.Norm(a, _norm_kind(p)), text="‖{0}‖_F",
              ascii="||{0}||_F", latex=r"\|{0}\|_F", differential=("d.norm", "d.norm_squared"), arity=(1, 2),
              analytic=False, real_valued=True),
)

CONSTRUCTORS = (
    Primitive("eye", ("eye",), (ir.Identity,), ir.Identity, text="I", ascii="I", latex="I",
              differential=("d.constant",), sympy=sympy.Identity, takes_dimensions=True),
    Primitive("ones", ("ones",), (ir.Ones,), lambda rows, cols=ONE: ir.Ones((rows, cols)), text="𝟙",
              ascii="ones({0})", latex=r"\mathbf{1}", differential=("d.constant",), arity=(1, 2),
              sympy=sympy.OneMatrix, takes_dimensions=True),
    Primitive("zeros", ("zeros",), (ir.Zero,), lambda rows, cols=ONE: ir.Zero((rows, cols)), text="0",
              ascii="0", latex="0", differential=("d.constant",), arity=(1, 2), sympy=sympy.ZeroMatrix,
              takes_dimensions=True),
    Primitive("unvec", ("unvec",), (ir.Unvec,), lambda v, rows, cols: ir.Unvec(v, (rows, cols)), text="unvec",
              ascii="unvec", latex=r"\operatorname{unvec}", differential=("d.unvec",), arity=3, dimensions_from=1),
    Primitive(DIFFERENTIAL, (DIFFERENTIAL,), (ir.Diff,), ir.Diff, text="d{0}", ascii="d({0})",
              latex=r"\mathrm{d}{0}"),
)

#: Matrix functions with no node type of their own: each builds ir.Apply, and its entry gives
#: its shape, check, value and spellings.
MATRIX_FUNCTIONS = matrix_functions.ENTRIES + spectral.ENTRIES


def _softmax(a, xp, axis=0):
    """exp(a) normalised along `axis`, shifted by the largest real part so that nothing overflows."""
    shifted = xp.exp(a - xp.max(xp.real(a), axis=axis, keepdims=True))
    return shifted / xp.sum(shifted, axis=axis, keepdims=True)


def _logsumexp(a, xp):
    """log Σ exp(a) over all entries, shifted by the largest real part so that nothing overflows."""
    shift = xp.max(xp.real(a))
    return (shift + xp.log(xp.sum(xp.exp(a - shift)))).reshape(1, 1)


def _sympy_softmax(a, rows=False):
    """exp(A) ⊘ (𝟙𝟙ᵀ exp(A)): each column (or row) of exp(A) over its sum."""
    e = ElementwiseApplyFunction(sympy.exp, a)
    sums = e * sympy.OneMatrix(a.cols, a.cols) if rows else sympy.OneMatrix(a.rows, a.rows) * e
    return sympy.HadamardProduct(e, sympy.HadamardPower(sums, -1))


def _sympy_max(a, b, sign=1):
    """(A + B + |A − B|)/2, entry by entry (min with sign −1): SymPy has no entrywise max of matrices."""
    return (a + b + sign * ElementwiseApplyFunction(sympy.Abs, a - b)) / 2


def _reduction(name, evaluate, sympy_function, backends, arity=1, latex=None, **facts):
    """A function of whole vectors or matrices (softmax, logsumexp) or an entrywise one of two (max):
    it builds ir.Apply, and its rule, named d.name, is its differential."""
    latex = latex or r"\operatorname{%s}" % name.replace("_", r"\_")
    return Primitive(name, (name,), (ir.Apply,), lambda *a: ir.Apply(name, a), text=name, ascii=name,
                     latex=latex, differential=(f"d.{name}",), arity=arity,
                     sympy=sympy_function, backends=backends, evaluate=evaluate, **facts)


#: Softmax, log-sum-exp and the entrywise max and min of two arguments. Softmax normalises
#: each column (a vector is one column), softmax_rows each row; logsumexp reduces all entries.
REDUCTIONS = (
    _reduction("softmax", _softmax, _sympy_softmax,
               {"numpy": "scipy.special.softmax({0}, axis=0)", "jax": "jax.nn.softmax({0}, axis=0)",
                "torch": "torch.softmax({0}, dim=0)", "tensorflow": "tf.nn.softmax({0}, axis=0)"}),
    _reduction("softmax_rows", lambda a, xp: _softmax(a, xp, axis=1), lambda a: _sympy_softmax(a, rows=True),
               {"numpy": "scipy.special.softmax({0}, axis=1)", "jax": "jax.nn.softmax({0}, axis=1)",
                "torch": "torch.softmax({0}, dim=1)", "tensorflow": "tf.nn.softmax({0}, axis=1)"}),
    _reduction("logsumexp", _logsumexp,
               lambda a: sympy.log((sympy.OneMatrix(1, a.rows) * ElementwiseApplyFunction(sympy.exp, a)
                                    * sympy.OneMatrix(a.cols, 1))[0, 0]),
               {"numpy": "scipy.special.logsumexp({0})", "jax": "jax.scipy.special.logsumexp({0})",
                "torch": "torch.logsumexp({0}, dim=(0, 1))", "tensorflow": "tf.math.reduce_logsumexp({0})"},
               shape=lambda shapes: (ONE, ONE)),
    _reduction("max", lambda a, b, xp: xp.maximum(a, b), _sympy_max,
               {"numpy": "np.maximum", "jax": "jnp.maximum", "torch": "torch.maximum",
                "tensorflow": "tf.maximum"}, arity=2, latex=r"\max",
               entrywise=True, analytic=False, smooth=False, real_valued=True),
    _reduction("min", lambda a, b, xp: xp.minimum(a, b), lambda a, b: _sympy_max(a, b, -1),
               {"numpy": "np.minimum", "jax": "jnp.minimum", "torch": "torch.minimum",
                "tensorflow": "tf.minimum"}, arity=2, latex=r"\min",
               entrywise=True, analytic=False, smooth=False, real_valued=True),
)


def _power_derivative(a, k, e, xp):
    """d/dt (A + tE)ᵏ at t = 0, for any integer k: the upper right block of [A, E; 0, A]ᵏ."""
    n, power = a.shape[0], int(round(float(xp.real(k).reshape(-1)[0])))
    block = xp.block([[a, e], [xp.zeros_like(a), a]])
    return xp.linalg.matrix_power(block, power)[:n, n:]


#: [A, E; 0, A] in each backend, by its array namespace.
_BLOCK_TRIANGLES = {
    "numpy": ("np", "np.block([[{0}, {2}], [np.zeros_like({0}), {0}]])"),
    "jax": ("jnp", "jnp.block([[{0}, {2}], [jnp.zeros_like({0}), {0}]])"),
    "torch": ("torch", "torch.cat([torch.cat([{0}, {2}], 1), torch.cat([torch.zeros_like({0}), {0}], 1)])"),
}
#: The summation index of power_sum's SymPy form.
_J = sympy.Symbol("j", integer=True)

#: The derivative of Aᵏ for a symbolic integer k in the direction E: Σⱼ₌₀ᵏ⁻¹ Aʲ E Aᵏ⁻¹⁻ʲ (for a
#: negative k read by the convention Σⱼ₌₀ᵏ⁻¹ = −Σⱼ₌ₖ⁻¹), printed with its term and limit
#: from core/sum_forms.py. Its code powers the block matrix
#: [A, E; 0, A] once, so k costs log k products whatever its value.
POWERS = (
    Primitive("power_sum", ("power_sum",), (ir.Apply,), lambda a, k, e: ir.Apply("power_sum", (a, k, e)),
              text="(Σⱼ₌₀^({1}) {0})", ascii="power_sum",
              latex=r"\left(\sum_{j=0}^{{1}} {0}\right)", arity=3,
              differential=("d.power_sum",), evaluate=_power_derivative,
              sympy=lambda a, k, e: sympy.Sum(sympy.MatMul(sympy.MatPow(a, _J), e, sympy.MatPow(a, k - 1 - _J)),
                                              (_J, 0, k - 1)),
              backends={name: "%s.linalg.matrix_power(%s, int({1}))[:{0}.shape[0], {0}.shape[0]:]" % spelled
                        for name, spelled in _BLOCK_TRIANGLES.items()}
              | {"tensorflow": "_corner(_matrix_power(_block_triangle({0}, {2}), int({1})))"},
              square=True, scalar_operands=(1,)),
)

ENTRIES = ENTRYWISE + OPERATIONS + CONSTRUCTORS + MATRIX_FUNCTIONS + REDUCTIONS + POWERS
BY_NAME = {entry.name: entry for entry in ENTRIES}
BY_SPELLING = {spelling: entry for entry in ENTRIES for spelling in entry.spellings}
#: The entry of each node type built by one primitive alone.
BY_NODE = {node: entry for entry in OPERATIONS + CONSTRUCTORS for node in entry.nodes}
#: Names of the entrywise functions, which build ir.Func.
ENTRYWISE_NAMES = tuple(entry.name for entry in ENTRYWISE)


def entry_of(node):
    """The entry a node was built by, or None for an operator (+, ⊙, ᵀ …)."""
    if isinstance(node, (ir.Func, ir.Apply)):
        return BY_NAME[node.name]
    return BY_NODE.get(type(node))


def is_smooth(node):
    """Whether a node is differentiable wherever it is defined, as far as its entry says."""
    entry = entry_of(node)
    return entry is None or entry.smooth


def is_analytic(node):
    """Whether a node is analytic in its operands as far as its entry says (operators: yes)."""
    entry = entry_of(node)
    return entry is None or entry.analytic


def function_pattern():
    """The regular expression of the grammar's FUNCTION terminal: a known name before '('."""
    names = sorted((s for s in BY_SPELLING if s != DIFFERENTIAL), key=lambda s: (-len(s), s))
    return rf"({'|'.join(map(re.escape, names))})(?=\s*\()|{DIFFERENTIAL}(?=\()"


def known_functions():
    """The names of the functions a user may call, for messages."""
    return sorted(set(BY_SPELLING) - {DIFFERENTIAL})


def shape_of_apply(node, shapes):
    """The shape of a registered matrix function: its entry's rule, or its first operand's shape."""
    rule = BY_NAME[node.name].shape
    return rule(shapes) if rule is not None else shapes[0]
