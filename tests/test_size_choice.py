"""Generated code that chooses how to compute by the sizes it is called with.

A product whose best bracketing depends on the sizes keeps every bracketing the sizes
may favour and runs the one of least flop count at the call; a function with another
form in rules/sizes.toml (push-through, Woodbury) computes by the form that factors the
smaller matrix. Each choice is made at sizes that favour each alternative, and every
answer is checked against central differences of the expression as written (NumPy)
and against the NumPy module (JAX, jitted, PyTorch, TensorFlow).
"""
import itertools

import numpy as np
import pytest
import sympy

import finite_differences
import matcalc
from frameworks import FRAMEWORKS, as_numpy, framework
from matcalc.checking import numeric, sampling
from matcalc.codegen.operations import ChainChoice
from matcalc.codegen.plan import plan
from matcalc.derivation.lowering_identities import lowering_identity

CHAINS = [("‖A B C‖_F²", "A", "A: m×n, B: n×p, C: p×k"),
          ("‖A X Bᵀ − C‖_F²", "X", "A: m×n, X: n×p, B: k×p, C: m×k")]
#: seed 000's backprop rule (a vjp) and a gradient that the push-through identity rewrites.
SIZED = [("vjp", "(ρ I + Dᴴ D)⁻¹ x", "D", "D: complex m×n, x: complex n, ρ > 0"),
         ("grad", "‖(ρ I + Dᴴ D)⁻¹ Dᴴ b‖²", "D", "D: complex m×n, b: complex m, ρ > 0")]
#: The sizes each dimension takes in turn: small enough to difference, far enough apart to
#: favour every bracketing.
CORNER = (2, 9)
WIDE, TALL = {"m": 3, "n": 8}, {"m": 8, "n": 3}


def derived(kind, text, wrt, where):
    return matcalc.vjp(text, wrt, where=where, upstream="G") if kind == "vjp" else \
        matcalc.grad(text, wrt=wrt, where=where)


def inputs_at(result, sizes, seed=0):
    """Random inputs honoring the declarations, at `sizes` (dimension name → size)."""
    chosen = sampling.default_sizes(result.function, sizes)
    inputs, chosen = sampling.sample_inputs(result.function, np.random.default_rng(seed), chosen)
    return inputs, chosen


def differenced(result, inputs, sizes):
    """The gradient by central differences of the expression as written."""
    return finite_differences.gradient(result.function, result.variable, inputs, sizes)


def choices(result):
    """Every choice of bracketings in the generated gradient's lowered code."""
    planned = plan([result], lowering_identity)
    found = set()
    for root in planned.derivatives:
        stack = [root]
        while stack:
            node = stack.pop()
            if isinstance(node, ChainChoice):
                found.add(node)
            stack.extend(node.children())
    return found


def taken(choice, sizes):
    """The alternative the generated code runs at `sizes`: the first of least flop count."""
    costs = [int(sympy.sympify(cost).subs({s: sizes[s] for s in sympy.sympify(cost).free_symbols}))
             for cost in choice.costs]
    return costs.index(min(costs))


def corners(result):
    """The sizes at every corner: each dimension CORNER[0] or CORNER[1]."""
    names = sorted(str(s) for s in sampling.default_sizes(result.function))
    return [dict(zip(names, values)) for values in itertools.product(CORNER, repeat=len(names))]


# ------------------------------------------------------------ products bracketed at the call

@pytest.mark.parametrize("text, wrt, where", CHAINS)
def test_the_bracketing_changes_with_the_sizes(text, wrt, where):
    result = matcalc.grad(text, wrt=wrt, where=where)
    found = choices(result)
    assert found, "the gradient's product keeps no choice of bracketings"
    runs = set()
    for sizes in corners(result):
        inputs, chosen = inputs_at(result, sizes)
        runs |= {(choice, taken(choice, chosen)) for choice in found}
        gradient = result.numpy()(**inputs)
        np.testing.assert_allclose(gradient, differenced(result, inputs, chosen), rtol=1e-6, atol=1e-8)
    assert any(len({index for c, index in runs if c == choice}) > 1 for choice in found)
    assert " <= " in result.code().source  # the choice is made in the code, at the call


@pytest.mark.parametrize("name", FRAMEWORKS)
@pytest.mark.parametrize("text, wrt, where", CHAINS)
def test_each_framework_brackets_at_the_call(text, wrt, where, name):
    module = framework(name)
    result = matcalc.grad(text, wrt=wrt, where=where)
    generated, reference = getattr(result, name)(), result.numpy()
    if name == "jax":
        generated = module.jit(generated)  # shapes are static under jit: the choice is Python's
    for sizes in corners(result):
        inputs, _ = inputs_at(result, sizes)
        np.testing.assert_allclose(as_numpy(generated(**inputs)), reference(**inputs), rtol=1e-9, atol=1e-12)


# ------------------------------------------------------------ the smaller factorization

def spied(namespace, name):
    """The module's `name`, with a record of whether it handed over to its alternative."""
    calls = []
    alternative = namespace[name + "_alternative"]

    def recording(**inputs):
        calls.append(True)
        return alternative(**inputs)
    namespace[name + "_alternative"] = recording
    return namespace[name], calls


@pytest.mark.parametrize("kind, text, wrt, where", SIZED)
def test_the_smaller_matrix_is_factored_with_the_same_numbers(kind, text, wrt, where):
    result = derived(kind, text, wrt, where)
    source = result.code().source
    assert "if m < n:" in source and "np.eye(m" in source and "np.eye(n" in source
    for sizes, wide in ((WIDE, True), (TALL, False)):
        inputs, chosen = inputs_at(result, sizes)
        namespace = result.code().namespace()
        gradient, calls = spied(namespace, result.code().gradients[wrt])
        answer = gradient(**inputs)
        assert bool(calls) == wide  # the m×m ρI + DDᴴ where D is wide, else the n×n ρI + DᴴD
        np.testing.assert_allclose(answer, differenced(result, inputs, chosen), rtol=1e-6, atol=1e-8)
        both = [namespace[name](**inputs) for name in ("grad_D", "grad_D_alternative")]
        np.testing.assert_allclose(both[0], both[1], rtol=1e-10, atol=1e-12)
        values = [namespace[name](**inputs) for name in ("value", "value_alternative")]
        np.testing.assert_allclose(values, numeric.evaluate(result.function, inputs, chosen)[0, 0], rtol=1e-10)


@pytest.mark.parametrize("name", FRAMEWORKS)
@pytest.mark.parametrize("kind, text, wrt, where", SIZED)
def test_each_framework_factors_the_smaller_matrix(kind, text, wrt, where, name):
    module = framework(name)
    result = derived(kind, text, wrt, where)
    reference = result.numpy()
    for sizes, wide in ((WIDE, True), (TALL, False)):
        inputs, _ = inputs_at(result, sizes)
        gradient, calls = spied(result.code(name).namespace(), result.code(name).gradients[wrt])
        answer = gradient(**inputs)
        assert bool(calls) == wide
        np.testing.assert_allclose(as_numpy(answer), reference(**inputs), rtol=1e-9, atol=1e-12)
        if name == "jax":
            jitted = module.jit(getattr(result, name)().value_and_grad)
            np.testing.assert_allclose(as_numpy(jitted(**inputs)[1]), reference(**inputs), rtol=1e-9, atol=1e-12)
