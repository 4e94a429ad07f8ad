"""Derived backpropagation rules inside JAX, PyTorch and TensorFlow, as custom gradients.

- y = (ρI + DᴴD)⁻¹x with complex D as a jax.custom_vjp layer, fitted by gradient descent;
- the same as a torch.autograd.Function, checked by torch.autograd.gradcheck;
- u1ᵀ W (W E Wᵀ + λI)⁻¹ Wᵀ u2 as a PyTorch function, checked the same way;
- y = (ρI + DᴴD)⁻¹x with complex D as a tf.custom_gradient, against TensorFlow's own autodiff.

Each part is skipped, with a message, where its framework is not installed.
"""
import importlib

import numpy as np

import matcalc

SEED_000, SEED_000_WHERE = "(ρ I + Dᴴ D)⁻¹ x", "D: complex m×n, x: complex n, ρ > 0"
SEED_002, SEED_002_WHERE = "u1ᵀ W (W E Wᵀ + λI)⁻¹ Wᵀ u2", "E: n×n symmetric, λ > 0"
STEPS = 50

rng = np.random.default_rng(0)
m, n = 8, 5
D0 = rng.standard_normal((m, n)) + 1j * rng.standard_normal((m, n))
x = rng.standard_normal(n) + 1j * rng.standard_normal(n)
wanted = rng.standard_normal(n) + 1j * rng.standard_normal(n)


def installed(name):
    try:
        importlib.import_module(name)
    except ImportError:
        print(f"skipped: {name} is not installed (pip install '.[{name}]')")
        return False
    return True


def jax_gradient_descent():
    import jax
    import jax.numpy as jnp
    jax.config.update("jax_enable_x64", True)
    layer = matcalc.custom_gradient(SEED_000, wrt=["D"], where=SEED_000_WHERE, target="jax")

    def loss(D):
        return jnp.sum(jnp.abs(layer(D=D, x=x, ρ=0.5) - wanted) ** 2)

    step = jax.jit(jax.value_and_grad(loss))
    D, first = jnp.asarray(D0), None
    for _ in range(STEPS):
        value, gradient = step(D)
        first = value if first is None else first
        D = D - 0.05 * jnp.conj(gradient)  # JAX's gradient is the conjugate of ∂L/∂Re D + j ∂L/∂Im D
    assert value < first
    print(f"JAX custom_vjp, complex D: loss {first:.4f} -> {value:.4f} in {STEPS} steps")


def torch_gradchecks():
    import torch
    layer = matcalc.custom_gradient(SEED_000, wrt=["D", "x"], where=SEED_000_WHERE, target="torch")
    D, x_ = (torch.tensor(a, requires_grad=True) for a in (D0, x))
    assert torch.autograd.gradcheck(lambda D, x: layer(D=D, x=x, ρ=0.5), (D, x_))
    print("PyTorch autograd.Function, complex D: gradcheck passed")
    quadratic = matcalc.custom_gradient(SEED_002, wrt=["W"], where=SEED_002_WHERE, target="torch")
    E = rng.standard_normal((n, n))
    fixed = {"E": torch.tensor(E + E.T), "u1": torch.tensor(rng.standard_normal(n)),
             "u2": torch.tensor(rng.standard_normal(n)), "λ": 2.0}
    W = torch.tensor(rng.standard_normal((n, n)), requires_grad=True)
    assert torch.autograd.gradcheck(lambda W: quadratic(W=W, **fixed), (W,))
    print("PyTorch autograd.Function, u1ᵀ W (W E Wᵀ + λI)⁻¹ Wᵀ u2: gradcheck passed")


def tensorflow_against_autodiff():
    import tensorflow as tf
    layer = matcalc.custom_gradient(SEED_000, wrt=["D", "x"], where=SEED_000_WHERE, target="tensorflow")

    def plain(D, x):
        gram = 0.5 * tf.eye(n, dtype=D.dtype) + tf.linalg.adjoint(D) @ D
        return tf.linalg.cholesky_solve(tf.linalg.cholesky(gram), x[:, None])[:, 0]

    def gradients(function):
        D, x_ = tf.constant(D0), tf.constant(x)
        with tf.GradientTape() as tape:
            tape.watch([D, x_])
            loss = tf.reduce_sum(tf.abs(function(D, x_) - wanted) ** 2)
        return tape.gradient(loss, [D, x_])

    derived = gradients(lambda D, x_: layer(D=D, x=x_, ρ=0.5))
    for ours, theirs in zip(derived, gradients(plain)):
        np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-10, atol=1e-12)
    print("TensorFlow custom_gradient, complex D: agrees with TensorFlow's autodiff")


if __name__ == "__main__":
    if installed("jax"):
        jax_gradient_descent()
    if installed("torch"):
        torch_gradchecks()
    if installed("tensorflow"):
        tensorflow_against_autodiff()
