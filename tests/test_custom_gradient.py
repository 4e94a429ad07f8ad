"""Custom gradients: matcalc's derived backward installed in JAX, PyTorch and TensorFlow must give the
gradients of the framework's own autodiff of the plain forward.

Backpropagation through y = (ρI + DᴴD)⁻¹x with complex D, tall and wide, and through the
matrix-valued (ρI + DᴴD)⁻¹Dᴴ; the scalar u1ᵀ W (W E Wᵀ + λI)⁻¹ Wᵀ u2. Float64 to 1e-10,
float32 and complex64 to 1e-4; torch.autograd.gradcheck; the JAX function under jax.jit.
The loss pairs y with a complex weight and adds |y|², so the cotangent reaching y is
complex and depends on y: a conjugate dropped anywhere shows.
"""
import numpy as np
import pytest

import matcalc
from frameworks import FRAMEWORKS, as_numpy, framework

SEED_000 = ("(ρ I + Dᴴ D)⁻¹ x", "D: complex m×n, x: complex n, ρ > 0", ["D", "x"])
MATRIX_VALUED = ("(ρ I + Dᴴ D)⁻¹ Dᴴ", "D: complex m×n, ρ > 0", ["D"])
SEED_002 = ("u1ᵀ W (W E Wᵀ + λI)⁻¹ Wᵀ u2", "E: n×n symmetric, λ > 0", ["W", "u1"])
SHAPES = {"tall": (7, 4), "wide": (3, 6)}
TOLERANCE = {"float64": 1e-10, "float32": 1e-4}


def plain(xp, text, inputs):
    """The plain forward, written with the framework's own solve for its own autodiff."""
    if xp.__name__ == "tensorflow":
        return plain_tensorflow(xp, text, inputs)
    if text == SEED_002[0]:
        W, E, u1, u2, lam = (inputs[k] for k in ("W", "E", "u1", "u2", "λ"))
        gram = W @ E @ W.T + lam * xp.eye(W.shape[0], dtype=W.dtype)
        return u1 @ W @ xp.linalg.solve(gram, W.T @ u2)
    D, rho = inputs["D"], inputs["ρ"]
    gram = rho * xp.eye(D.shape[1], dtype=D.dtype) + D.conj().T @ D
    return xp.linalg.solve(gram, inputs["x"] if "x" in inputs else D.conj().T)


def plain_tensorflow(tf, text, inputs):
    """`plain` in TensorFlow, whose tensors have no .T and multiply only matrices."""
    if text == SEED_002[0]:
        W, E, u1, u2, lam = (inputs[k] for k in ("W", "E", "u1", "u2", "λ"))
        gram = W @ E @ tf.transpose(W) + lam * tf.eye(W.shape[0], dtype=W.dtype)
        solved = tf.linalg.solve(gram, tf.transpose(W) @ u2[:, None])
        return (u1[None, :] @ W @ solved)[0, 0]
    D, rho = inputs["D"], inputs["ρ"]
    gram = rho * tf.eye(D.shape[1], dtype=D.dtype) + tf.linalg.adjoint(D) @ D
    solved = tf.linalg.solve(gram, inputs["x"][:, None] if "x" in inputs else tf.linalg.adjoint(D))
    return solved[:, 0] if "x" in inputs else solved


def sample(text, m, n, dtype, seed=0):
    rng = np.random.default_rng(seed)
    real = np.float32 if dtype in (np.float32, np.complex64) else np.float64

    def draw(*shape, complex_=True):
        values = rng.standard_normal(shape) + (1j * rng.standard_normal(shape) if complex_ else 0)
        return values.astype(dtype if complex_ else real)

    if text == SEED_002[0]:
        E = draw(n, n, complex_=False)
        return {"W": draw(n, n, complex_=False), "E": (E + E.T).astype(real) / 2,  # W is square
                "u1": draw(n, complex_=False), "u2": draw(n, complex_=False), "λ": 2.0}
    inputs = {"D": draw(m, n), "ρ": 0.5}
    if "x" in text:
        inputs["x"] = draw(n)
    return inputs


def weight_like(value, seed=1):
    rng = np.random.default_rng(seed)
    shape = np.shape(value)
    return rng.standard_normal(shape) + 1j * rng.standard_normal(shape)


def paired(weight, y):
    """The loss's weight: complex for a complex y, its real part for a real one."""
    dtype = getattr(y.dtype, "as_numpy_dtype", y.dtype)  # TensorFlow's dtypes name NumPy's
    complex_ = y.is_complex() if hasattr(y, "is_complex") else np.issubdtype(dtype, np.complexfloating)
    return weight if complex_ else weight.real


def jax_gradients(jax, forward, inputs, wrt, weight):
    jnp = jax.numpy

    def loss(*arrays):
        y = forward(dict(inputs) | dict(zip(wrt, arrays)))
        return jnp.sum(jnp.abs(y) ** 2) + jnp.real(jnp.sum(jnp.asarray(paired(weight, y), y.dtype) * y))

    # JAX's gradient of a real loss is the conjugate of ∂L/∂Re + j ∂L/∂Im; both sides get the same.
    # Jitted: one compilation is quicker than dispatching each small operation.
    return jax.jit(jax.grad(loss, argnums=tuple(range(len(wrt)))))(*(jnp.asarray(inputs[k]) for k in wrt))


def torch_gradients(torch, forward, inputs, wrt, weight):
    leaves = {k: torch.tensor(inputs[k], requires_grad=True) for k in wrt}
    tensors = {k: torch.as_tensor(v) if np.ndim(v) else v for k, v in inputs.items()} | leaves
    y = forward(tensors)
    weighted = torch.as_tensor(paired(weight, y)).to(y.dtype) * y
    loss = torch.sum(torch.abs(y) ** 2) + torch.real(torch.sum(weighted))
    loss.backward()
    return [leaves[k].grad for k in wrt]


def tensorflow_gradients(tf, forward, inputs, wrt, weight):
    tensors = {k: tf.convert_to_tensor(v) if np.ndim(v) else v for k, v in inputs.items()}
    with tf.GradientTape() as tape:
        tape.watch([tensors[k] for k in wrt])
        y = forward(tensors)
        weighted = tf.cast(paired(weight, y), y.dtype) * y
        loss = tf.reduce_sum(tf.abs(y) ** 2) + tf.math.real(tf.reduce_sum(weighted))
    return tape.gradient(loss, [tensors[k] for k in wrt])


GRADIENTS = {"jax": jax_gradients, "torch": torch_gradients, "tensorflow": tensorflow_gradients}


def gradients(name, forward, inputs, wrt, weight):
    module = framework(name)
    found = GRADIENTS[name](module, forward, inputs, wrt, weight)
    return [as_numpy(g) for g in found]


def assert_custom_matches_autodiff(name, problem, m, n, dtype=np.complex128):
    text, where, wrt = problem
    inputs = sample(text, m, n, dtype)
    xp = framework(name)
    custom = matcalc.custom_gradient(text, wrt=wrt, where=where, target=name)
    xp = xp.numpy if name == "jax" else xp
    weight = weight_like(plain(np, text, sample(text, m, n, np.complex128)))
    derived = gradients(name, lambda values: custom(**values), inputs, wrt, weight)
    autodiff = gradients(name, lambda values: plain(xp, text, values), inputs, wrt, weight)
    tolerance = TOLERANCE["float32" if dtype in (np.float32, np.complex64) else "float64"]
    for variable, ours, theirs in zip(wrt, derived, autodiff):
        assert ours.dtype == theirs.dtype and ours.shape == theirs.shape, variable
        scale = np.max(np.abs(theirs))
        assert np.max(np.abs(ours - theirs)) <= tolerance * scale, variable


@pytest.mark.parametrize("name", FRAMEWORKS)
@pytest.mark.parametrize("shape", SHAPES)
def test_seed_000_with_complex_D_matches_the_frameworks_autodiff(name, shape):
    assert_custom_matches_autodiff(name, SEED_000, *SHAPES[shape])


@pytest.mark.parametrize("name", FRAMEWORKS)
@pytest.mark.parametrize("shape", SHAPES)
def test_a_matrix_valued_output_matches_the_frameworks_autodiff(name, shape):
    assert_custom_matches_autodiff(name, MATRIX_VALUED, *SHAPES[shape])


@pytest.mark.parametrize("name", FRAMEWORKS)
def test_seed_002_matches_the_frameworks_autodiff(name):
    assert_custom_matches_autodiff(name, SEED_002, 4, 6, np.float64)


@pytest.mark.parametrize("name", FRAMEWORKS)
@pytest.mark.parametrize("dtype", [np.complex64, np.float32], ids=["complex64", "float32"])
def test_single_precision_matches_to_1e_4(name, dtype):
    problem = SEED_000 if dtype is np.complex64 else SEED_002
    assert_custom_matches_autodiff(name, problem, 6, 4, dtype)


def test_torch_function_passes_gradcheck():
    torch = framework("torch")
    text, where, wrt = SEED_000
    custom = matcalc.custom_gradient(text, wrt=wrt, where=where, target="torch")
    inputs = sample(text, 5, 3, np.complex128)
    D, x = (torch.tensor(inputs[k], requires_grad=True) for k in ("D", "x"))
    assert torch.autograd.gradcheck(lambda D, x: custom(D=D, x=x, ρ=0.5), (D, x))


def test_jax_custom_vjp_is_jittable():
    jax = framework("jax")
    jnp = jax.numpy
    text, where, wrt = SEED_000
    custom = matcalc.custom_gradient(text, wrt=wrt, where=where, target="jax")
    inputs = sample(text, 5, 3, np.complex128)

    def loss(D, x):
        return jnp.sum(jnp.abs(custom(D=D, x=x, ρ=inputs["ρ"])) ** 2)

    jitted = jax.jit(jax.grad(loss, argnums=(0, 1)))(inputs["D"], inputs["x"])
    eager = jax.grad(loss, argnums=(0, 1))(inputs["D"], inputs["x"])
    for a, b in zip(jitted, eager):
        np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-10, atol=1e-13)


def test_the_custom_gradient_shows_its_source_and_names_its_inputs():
    framework("jax")
    custom = matcalc.custom_gradient(SEED_000[0], wrt="D", where=SEED_000[1], target="jax")
    assert custom.wrt == ("D",) and set(custom.names) == {"D", "x", "ρ"}
    assert "def grad_D(" in custom.source and "cho_factor(" in custom.source and "inv(" not in custom.source
    with pytest.raises(matcalc.MatcalcError, match="no value given for ρ"):
        custom(D=np.eye(2), x=np.ones(2))


def test_an_unknown_target_is_refused():
    with pytest.raises(matcalc.MatcalcError, match="the known ones are: jax, tensorflow, torch"):
        matcalc.custom_gradient(SEED_000[0], wrt="D", where=SEED_000[1], target="mxnet")


#: What each framework factors with: the backward of a custom gradient never calls it.
FACTORS = {"jax": "cho_factor(", "torch": "torch.linalg.cholesky(", "tensorflow": "tf.linalg.cholesky("}


@pytest.mark.parametrize("name", FRAMEWORKS)
def test_the_backward_reuses_the_forwards_cholesky_factor_and_solve(name):
    """Seed 000: the forward saves the factor and A⁻¹x; the backward factors nothing and solves
    against the saved factor, the solves with one op side by side in one call."""
    framework(name)
    custom = matcalc.custom_gradient(SEED_000[0], wrt=SEED_000[2], where=SEED_000[1], target=name)
    forward = custom.source.split("\ndef forward(")[1].split("\ndef ")[0]
    backward = custom.source.split("\ndef backward(")[1].split("\ndef ")[0]
    assert forward.count(FACTORS[name]) == 1 and FACTORS[name] not in backward
    saved = forward.strip().splitlines()[-1]
    assert "chol_A" in saved and "t4" in saved  # the factor and A⁻¹x
    assert "= saved" in backward and "DᴴD" not in backward


@pytest.mark.parametrize("name", FRAMEWORKS)
def test_the_command_line_writes_a_custom_gradient_module(name, tmp_path):
    from matcalc.cli import main
    target = tmp_path / "layer.py"
    text, where, wrt = SEED_000
    assert main(["codegen", text, "--wrt", ",".join(wrt), "--where", where, "--target", name,
                 "--custom-gradient", "-o", str(target)]) == 0
    namespace = {}
    source = target.read_text(encoding="utf-8")
    framework(name)
    exec(compile(source, str(target), "exec"), namespace)
    layer = namespace["custom_gradient"]
    names = namespace["NAMES"]
    inputs = sample(text, 5, 3, np.complex128)
    weight = weight_like(plain(np, text, inputs))
    xp = framework(name)
    derived = gradients(name, lambda values: layer(*(values[k] for k in names)), inputs, wrt, weight)
    autodiff = gradients(name, lambda values: plain(xp.numpy if name == "jax" else xp, text, values),
                         inputs, wrt, weight)
    for ours, theirs in zip(derived, autodiff):
        np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)


def test_the_command_line_refuses_a_custom_gradient_for_numpy(capsys):
    from matcalc.cli import main
    assert main(["codegen", SEED_000[0], "--wrt", "D", "--where", SEED_000[1], "--custom-gradient"]) == 2
    assert "the known ones are: jax, tensorflow, torch" in capsys.readouterr().err


@pytest.mark.parametrize("shape, alternative", [("tall", False), ("wide", True)])
def test_the_smaller_gram_matrix_is_factored_at_call_time(shape, alternative, tmp_path):
    """rules/sizes.toml's Woodbury form factors the m×m ρI + DDᴴ: taken for a wide D only,
    from the actual sizes at the call; `choose_form=False` keeps the form as written."""
    from matcalc.results.custom_gradient import custom_gradient_source
    text, where, wrt = SEED_000
    source, names, _ = custom_gradient_source(text, list(wrt), where, "torch")
    assert "ρI + DDᴴ" in source.split("def forward_alternative(")[1].split("\ndef ")[0]
    namespace = {}
    exec(compile(source, "layer", "exec"), namespace)  # defining the layer needs no torch call
    inputs = sample(text, *SHAPES[shape], np.complex128)
    chosen = namespace["_passes"](tuple(inputs[name] for name in names))
    assert (chosen[0] is namespace["forward_alternative"]) == alternative
    fixed = custom_gradient_source(text, list(wrt), where, "torch", choose_form=False)[0]
    assert "forward_alternative" not in fixed
