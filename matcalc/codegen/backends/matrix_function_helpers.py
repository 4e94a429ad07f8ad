"""The helpers generated modules define for matrix functions a library lacks.

NumPy has SciPy's expm, expm_frechet, logm and sqrtm; L_sqrt is a Sylvester solve and
L_log the corner block of logm([X, E; 0, X]). JAX has expm and expm_frechet, PyTorch
matrix_exp, whose block [X, E; 0, X] gives L_exp; their logm, sqrtm, L_log and L_sqrt
diagonalize X = V Λ V⁻¹ (Daleckii–Krein): f(X) = V f(Λ) V⁻¹ and
L_f(X, E) = V (F ⊙ V⁻¹ E V) V⁻¹, F the divided differences of f on the eigenvalues.
TensorFlow has expm, logm and sqrtm, and every L_f is the corner block of f([X, E; 0, X]).
A spelling that calls a name starting with "_" calls one of these helpers.
"""

#: The extreme eigenpairs of a matrix's symmetric part, over a namespace {xp} with linalg.eigh;
#: {a_t} is Aᵀ, {pivot} the entry of the eigenvector largest in magnitude and {column_pivots}
#: that entry of each column of `vectors`.
_SPECTRAL = {
    "_lambda_max": '''
def _lambda_max(a):
    """The largest eigenvalue of (A + Aᵀ)/2."""
    return {xp}.linalg.eigvalsh((a + {a_t}) / 2)[-1]
''',
    "_lambda_min": '''
def _lambda_min(a):
    """The smallest eigenvalue of (A + Aᵀ)/2."""
    return {xp}.linalg.eigvalsh((a + {a_t}) / 2)[0]
''',
    "_top_eigenvector": '''
def _top_eigenvector(a):
    """The unit eigenvector of the largest eigenvalue of (A + Aᵀ)/2, its largest entry positive."""
    vector = {xp}.linalg.eigh((a + {a_t}) / 2)[1][:, -1:]
    return vector * {xp}.sign({pivot})
''',
    "_eigvals": '''
def _eigvals(a):
    """The eigenvalues of (A + Aᵀ)/2, ascending, as a column."""
    return {xp}.linalg.eigvalsh((a + {a_t}) / 2)[:, None]
''',
    "_eigvecs": '''
def _eigvecs(a):
    """The unit eigenvectors of (A + Aᵀ)/2 by ascending eigenvalue, each column's largest entry positive."""
    vectors = {xp}.linalg.eigh((a + {a_t}) / 2)[1]
    largest = {column_pivots}
    return vectors * {xp}.sign(largest)
''',
}


def _spectral(xp, a_t="a.T", pivot="vector[{xp}.argmax({xp}.abs(vector))]",
              column_pivots="vectors[abs(vectors).argmax(0), {xp}.arange(vectors.shape[0])]"):
    return {name: source.replace("{a_t}", a_t).replace("{pivot}", pivot)
            .replace("{column_pivots}", column_pivots).replace("{xp}", xp)
            for name, source in _SPECTRAL.items()}


NUMPY = _spectral("np") | {
    "_logm": '''
def _logm(a):
    """The principal logarithm, real for a real matrix with no eigenvalue on the negative real axis."""
    value = scipy.linalg.logm(a)
    return value if np.iscomplexobj(a) else value.real
''',
    "_logm_frechet": '''
def _logm_frechet(a, e):
    """L_log(A, E), the corner block of logm([A, E; 0, A])."""
    n = a.shape[0]
    return _logm(np.block([[a, e], [np.zeros_like(a), a]]))[:n, n:]
''',
    "_powm": '''
def _powm(a, p):
    """A^p = expm(p logm(A)), for a real p."""
    return scipy.linalg.expm(p * _logm(a))
''',
    "_sqrtm_frechet": '''
def _sqrtm_frechet(a, e):
    """L_sqrt(A, E): the Y solving √A Y + Y √A = E."""
    root = scipy.linalg.sqrtm(a)
    return scipy.linalg.solve_sylvester(root, root, e)
''',
}

#: The diagonalizing helpers, over a namespace {xp} with linalg.eig, linalg.inv and where.
_DIAGONALIZING = {
    "_eig_function": '''
def _eig_function(a, f):
    """f(A) = V f(Λ) V⁻¹, real for a real A."""
    values, vectors = {xp}.linalg.eig(a)
    value = (vectors * f(values)) @ {xp}.linalg.inv(vectors)
    return value if {is_complex}(a) else value.real
''',
    "_eig_frechet": '''
def _eig_frechet(a, e, f, derivative):
    """L_f(A, E) = V (F ⊙ V⁻¹ E V) V⁻¹, F the divided differences of f on the eigenvalues."""
    values, vectors = {xp}.linalg.eig(a)
    inverse = {xp}.linalg.inv(vectors)
    spread = values[:, None] - values[None, :]
    close = {xp}.abs(spread) <= 1e-8 * {xp}.abs(values)[:, None]
    f_values = f(values)
    secant = (f_values[:, None] - f_values[None, :]) / {xp}.where(close, 1, spread)
    divided = {xp}.where(close, derivative(values)[:, None] + 0 * spread, secant)
    value = vectors @ (divided * (inverse @ {complex_e} @ vectors)) @ inverse
    return value if {is_complex}(a) else value.real
''',
    "_logm": '''
def _logm(a):
    """The principal logarithm, by diagonalizing."""
    return _eig_function(a, {xp}.log)
''',
    "_sqrtm": '''
def _sqrtm(a):
    """The principal square root, by diagonalizing."""
    return _eig_function(a, {xp}.sqrt)
''',
    "_logm_frechet": '''
def _logm_frechet(a, e):
    """L_log(A, E), by diagonalizing A."""
    return _eig_frechet(a, e, {xp}.log, lambda values: 1 / values)
''',
    "_sqrtm_frechet": '''
def _sqrtm_frechet(a, e):
    """L_sqrt(A, E), by diagonalizing A."""
    return _eig_frechet(a, e, {xp}.sqrt, lambda values: 0.5 / {xp}.sqrt(values))
''',
}


def _diagonalizing(**names):
    return {name: source.replace("{xp}", names["xp"]).replace("{is_complex}", names["is_complex"])
            .replace("{complex_e}", names["complex_e"]) for name, source in _DIAGONALIZING.items()}


JAX = _spectral("jnp") | _diagonalizing(xp="jnp", is_complex="jnp.iscomplexobj", complex_e="e") | {
    "_powm": '''
def _powm(a, p):
    """A^p = expm(p logm(A)), for a real p."""
    return jax.scipy.linalg.expm(p * _logm(a))
''',
}

TORCH = _spectral("torch") | _diagonalizing(xp="torch", is_complex="torch.is_complex", complex_e="e.to(vectors.dtype)") | {
    "_expm_frechet": '''
def _expm_frechet(a, e):
    """L_exp(A, E), the corner block of matrix_exp([A, E; 0, A])."""
    a, e = _promoted(a, e)
    n = a.shape[0]
    block = torch.cat([torch.cat([a, e], 1), torch.cat([torch.zeros_like(a), a], 1)], 0)
    return torch.linalg.matrix_exp(block)[:n, n:]
''',
    "_powm": '''
def _powm(a, p):
    """A^p = expm(p logm(A)), for a real p."""
    return torch.linalg.matrix_exp(p * _logm(a))
''',
}

#: TensorFlow has expm, sqrtm and logm (of complex matrices only); each L_f is the corner
#: block of f([A, E; 0, A]).
TENSORFLOW = _spectral("tf", a_t="tf.transpose(a)",
                       pivot="tf.gather(vector[:, 0], tf.argmax(tf.abs(vector[:, 0])))",
                       column_pivots="tf.gather(tf.transpose(vectors), tf.argmax(tf.abs(vectors), 0), batch_dims=1)") | {
    "_block_triangle": '''
def _block_triangle(a, e):
    """[A, E; 0, A]: f of it is [f(A), L_f(A, E); 0, f(A)]."""
    a, e = _promoted(a, e)
    return tf.concat([tf.concat([a, e], 1), tf.concat([tf.zeros_like(a), a], 1)], 0)
''',
    "_corner": '''
def _corner(block):
    """The upper right quarter of a block matrix."""
    n = block.shape[0] // 2
    return block[:n, n:]
''',
    "_expm_frechet": '''
def _expm_frechet(a, e):
    """L_exp(A, E)."""
    return _corner(tf.linalg.expm(_block_triangle(a, e)))
''',
    "_logm": '''
def _logm(a):
    """The principal logarithm, real for a real matrix (tf.linalg.logm takes complex ones only)."""
    if a.dtype.is_complex:
        return tf.linalg.logm(a)
    return tf.math.real(tf.linalg.logm(tf.complex(a, tf.zeros_like(a))))
''',
    "_logm_frechet": '''
def _logm_frechet(a, e):
    """L_log(A, E)."""
    return _corner(_logm(_block_triangle(a, e)))
''',
    "_sqrtm_frechet": '''
def _sqrtm_frechet(a, e):
    """L_sqrt(A, E)."""
    return _corner(tf.linalg.sqrtm(_block_triangle(a, e)))
''',
    "_powm": '''
def _powm(a, p):
    """A^p = expm(p logm(A)), for a real p."""
    return tf.linalg.expm(p * _logm(a))
''',
}


def called(name, helpers):
    """The helper `name` and the helpers its source calls, transitively."""
    found, pending = set(), [name]
    while pending:
        current = pending.pop()
        if current not in found:
            found.add(current)
            pending.extend(other for other in helpers if f"{other}(" in helpers[current])
    return found
