"""No shadowed rules: every entry of rules/*.toml fires in some derivation (or, for
rules/lowering.toml, in the code generated from one), or is part of the canonical form
(`canonical = true`), applied by the constructor it names.

The derivations are the pinned textbook cases (tests/test_cookbook.py,
tests/test_gradients.py), FIRING below (for each rule those leave out, a function whose
derivation needs it, derived and checked numerically), and the corpus beside the
checkout where it is present; without the corpus every rule still fires.
"""
import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import matcalc
import test_cookbook
import test_gradients
from matcalc.derivation import rulebook
from matcalc.derivation.rewrite import recording_rules
from matcalc.derivation.rulebook import all_rules
from matcalc.results.custom_gradient import custom_gradient_source
from matcalc.errors import MatcalcError

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "corpus.py"

COMPLEX = "X: complex n×n, A: complex n×n, B: complex n×n"


@dataclass(frozen=True)
class Firing:
    """A derivation that applies `rules`: the gradient of `text` with respect to `wrt`."""
    rules: tuple
    text: str
    wrt: str = "X"
    where: str = None
    layout: str = "denominator"


FIRING = [
    Firing(("d.conj",), "Re(sum(conj(X) ⊙ A))", where=COMPLEX),
    Firing(("adj.conj",), "Re(sum(conj(A X)))", where=COMPLEX),
    Firing(("d.imag", "adj.imag"), "Im(aᴴ X b)", where="a: complex n, b: complex n"),
    Firing(("adj.frobenius_left",), "Re(X : A)", where="X: complex n×m, A: complex n×m"),
    Firing(("d.sin", "d.cos"), "sum(sin(X) + cos(X))"),
    Firing(("d.sigmoid",), "sum(sigmoid(X) ⊙ A)"),
    Firing(("simp.hadamard_cancel_left",), "((A ⊙ B) ⊘ A) : X"),
    Firing(("d.softplus",), "sum(softplus(X))"),
    Firing(("d.sqrt",), "sum(sqrt(X ⊙ X + 𝟙))"),
    Firing(("d.divide", "adj.divide"), "tr(X ⊘ (X ⊙ X + 𝟙))"),
    Firing(("d.element_power",), "sum(X.^3)"),
    Firing(("d.vec", "adj.vec"), "vec(X)ᵀ vec(X)"),
    Firing(("d.unvec", "adj.unvec"), "tr(A unvec(v, n, m))", wrt="v"),
    Firing(("d.diag", "adj.diag_vector"), "diag(X)ᵀ diag(X)"),
    Firing(("adj.diag_matrix",), "xᵀ diag(x) x", wrt="x"),
    Firing(("adj.kron_left",), "Y : (A ⊗ X)"),
    Firing(("adj.kron_left_literal",), "Y : ([0, −1; 1, 0] ⊗ X)"),
    Firing(("simp.kron_literal_block", "simp.block_part_of_sum"), "‖[0, −1; 1, 0] ⊗ X − Y‖²"),
    Firing(("simp.block_part_of_block",), "‖[X, A; B, X] − Y‖²", where="X: n×n"),
    Firing(("simp.identity_off_diagonal_block",), "tr([X, X; X, X])"),
    Firing(("adj.kron_left_scaled_identity",), "λ tr(A ⊗ X)"),
    Firing(("adj.kron_right",), "Y : (X ⊗ B)"),
    Firing(("adj.kron_right_identity",), "tr(X ⊗ B)"),
    Firing(("adj.kron_right_scaled_identity",), "λ tr(X ⊗ B)"),
    Firing(("simp.divide_self",), "sum(log(exp(x)))", wrt="x"),
    Firing(("simp.hadamard_reciprocal",), "sum(log(X ⊙ X + 𝟙))"),
    Firing(("simp.conj_product",), "Re(sum((A B) ⊙ X))", where=COMPLEX),
    Firing(("simp.conj_transpose",), "Re(sum(Aᵀ ⊙ X))", where=COMPLEX),
    Firing(("simp.inverse_adjoint",), "Re(tr((Xᴴ)⁻¹ A))", where=COMPLEX),
    Firing(("simp.frobenius_scalar_left",), "((λ A) : X)^2"),
    Firing(("simp.frobenius_scalars",), "(λ : μ) λ", wrt="λ"),
    Firing(("simp.norm_zero",), "λ ‖X − X‖_F", wrt="λ"),
    Firing(("simp.transpose_hadamard",), "sum(A ⊙ B ⊙ X)", layout="numerator"),
    Firing(("simp.transpose_kron",), "sum((A ⊗ B) ⊙ X)", where="A: m×m, B: n×n", layout="numerator"),
    Firing(("simp.hadamard_identity_diagonal",), "tr(D D)", wrt="D", where="D: n×n diagonal"),
    Firing(("simp.hadamard_identity_twice",), "tr(C X) + Z : (I ⊙ X)", where="X: n×n diagonal"),
    Firing(("simp.hadamard_identity_twice_scaled",), "‖Z − 2 I ⊙ (A X)‖_F²"),
    Firing(("simp.adjoint_hermitian",), "Re(tr(S X))", where="S: complex n×n hermitian, X: complex n×n"),
    Firing(("d.block", "adj.block"), "‖[A, X; X, A]‖_F²"),
    Firing(("d.block_part", "adj.block_part"), "tr(A X[n:2n, 0:n])", where="X: 2n×2n"),
    Firing(("simp.one_minus_sigmoid", "simp.entrywise_cancel", "simp.entrywise_expand"),
           "−(yᵀ log(sigmoid(X w)) + (𝟙 − y)ᵀ log(𝟙 − sigmoid(X w)))", wrt="w", where="X: n×m"),
    Firing(("simp.entrywise_cancel_quotient",), "sum(X ⊙ log(X ⊘ (W H)) − X + W H)", wrt="H",
           where="X: m×n, W: m×k"),
    Firing(("simp.kron_vec", "simp.vec_difference"), "‖(A ⊗ B) vec(X) − vec(C)‖²",
           where="A: n×n, B: n×n, X: n×n, C: n×n"),
    Firing(("simp.vec_sum",), "‖(A ⊗ B) vec(X) + vec(C)‖²", where="A: n×n, B: n×n, X: n×n, C: n×n"),
    Firing(("simp.vec_inner",), "λ vec(A)ᵀvec(B)", wrt="λ"),
    Firing(("simp.vec_absorbs",), "‖(A ⊗ B) vec(X) − c‖²", where="A: n×n, B: n×n, X: n×n"),
    Firing(("simp.inverse_frobenius_transpose",), "det(λ X)", wrt="λ"),
    Firing(("simp.sign_into_difference",), "‖A − W H‖_F²", wrt="H"),
    Firing(("d.sym", "adj.sym"), "tr(Sym(A X))"),
    Firing(("d.log_sum_exp", "d.logsumexp"), "log(sum(exp(x))) − yᵀx", wrt="x"),
    Firing(("d.logsumexp_entries",), "logsumexp(X A)"),
    Firing(("d.log_of_sigmoid", "d.log_sigmoid"), "−sum(log(sigmoid(X w)))", wrt="w"),
    Firing(("d.log_softmax",), "−yᵀ log(softmax(z))", wrt="z"),
    Firing(("d.softmax",), "aᵀ softmax(x)", wrt="x"),
    Firing(("d.softmax_columns",), "tr(Aᵀ softmax(X))"),
    Firing(("d.softmax_rows",), "tr(Aᵀ softmax_rows(X))"),
    Firing(("d.step",), "sum(A ⊙ step(X) + B ⊙ X)"),
    Firing(("d.relu", "d.max", "d.min"), "sum(A ⊙ relu(X) + B ⊙ max(X, C) + C ⊙ min(X, 0))"),
    Firing(("d.scalar_power_exponent",), "det(X)^α", wrt="α"),
    Firing(("d.element_power_exponent",), "sum(X.^λ)", wrt="λ", where="X: n×m positive"),
    Firing(("d.symbolic_matrix_power", "adj.power_sum"), "tr(A X^k)", where="k: integer"),
    Firing(("d.power_sum",), "tr(B power_sum(A, k, X))", where="k: integer, A: n×n"),
    Firing(("simp.power_sum_identity",), "tr(X^k)", where="k: integer"),
    Firing(("simp.power_sum_scaled_identity",), "λ tr(X^k)", where="k: integer"),
    Firing(("simp.simplex_total",), "−yᵀ log(softmax(x))", wrt="x", where="y: n simplex"),
    Firing(("simp.simplex_sum",), "logsumexp(x) sum(y) − yᵀx", wrt="x", where="y: n simplex"),
    Firing(("d.log1p", "d.expm1", "d.sinh", "d.cosh"), "sum(log1p(exp(X)) + expm1(X) + sinh(X) + cosh(X))"),
    # matrix functions
    Firing(("d.expm", "adj.frechet_exp", "simp.frechet_exp_identity", "simp.expm_transpose"), "tr(expm(X))"),
    Firing(("d.logm", "adj.frechet_log", "simp.frechet_log_identity"), "tr(logm(X))"),
    Firing(("d.sqrtm", "adj.frechet_sqrt", "simp.frechet_sqrt_identity", "simp.sqrtm_transpose"),
           "tr(sqrtm(X))"),
    Firing(("simp.logm_transpose",), "tr(A logm(Xᵀ))", wrt="A"),
    Firing(("d.frechet_exp",), "tr(A L_exp(X, B))"),
    Firing(("d.frechet_log",), "tr(A L_log(X, B))"),
    Firing(("d.frechet_sqrt",), "tr(A L_sqrt(X, B))"),
    Firing(("d.powm",), "tr(A S^0.5)", wrt="S", where="S: spd"),
    # spectral functions
    Firing(("d.lambda_max",), "λ_max(X)"),
    Firing(("d.lambda_min",), "λ_min(X)"),
    Firing(("d.u_max",), "sum(u_max(X))"),
    Firing(("d.spectral_norm",), "‖X‖₂", where="X: n×m"),
    Firing(("d.nuclear_norm",), "‖X‖_*", where="X: n×m"),
    Firing(("d.eigvals",), "sum(log(eigvals(X)))", where="X: spd"),
    Firing(("d.eigvecs",), "a' eigvecs(X) b", where="X: symmetric"),
    Firing(("simp.eigen_decomposition",), "sum(eigvals(X) ⊙ eigvals(X))", where="X: symmetric"),
]

#: Hessians differentiate their slope df[V], which the simplifier has closed first.
HESSIANS = [
    Firing(("simp.power_sum_trace", "simp.power_sum_scalar"), "tr(X^k)", where="k: integer"),
    Firing(("d.power_sum_varying",), "tr(A X^k)", where="k: integer"),
]

#: Code generation applies rules/lowering.toml: each gradient below, generated, needs the rules.
GENERATED = [
    Firing(("lower.logdet_power", "lower.det_power"), "logdet(S^3) + det(X^3)", wrt="S", where="S: n×n spd"),
    Firing(("lower.logdet_scalar", "lower.det_scalar"), "logdet(x' x) + det(x' x)", wrt="x"),
    Firing(("lower.logsumexp", "lower.log_sigmoid", "lower.log_softmax"),
           "log(sum(exp(x))) + sum(log(sigmoid(x))) + yᵀ log(softmax(x))", wrt="x"),
]


#: Custom gradients keep a second form by rules/sizes.toml, chosen at call time by the sizes.
SIZED = [
    Firing(("size.woodbury",), "(ρ I + Dᴴ D)⁻¹ x", wrt="D", where="D: complex m×n, x: complex n, ρ > 0"),
    Firing(("size.push_through",), "(ρ I + Dᴴ D)⁻¹ Dᴴ", wrt="D", where="D: complex m×n, ρ > 0"),
]


def _corpus_cases():
    if not CORPUS.is_file():
        return []
    spec = importlib.util.spec_from_file_location("corpus_of_rules", CORPUS)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(CORPUS.parent))  # corpus.py imports numerics beside it
    spec.loader.exec_module(module)
    return [case for case in module.CASES if case.kind != "error"]


CORPUS_CASES = _corpus_cases()


def _derive_corpus_case(case):
    options = {"wrt": case.wrt, **({"where": case.where} if case.where else {})}
    if case.kind == "vjp":
        return matcalc.vjp(case.expr, upstream="G", **options)
    return {"gradient": matcalc.grad, "jacobian": matcalc.jacobian,
            "hessian": matcalc.hessian}[case.kind](case.expr, **options)


def _rules_fired(corpus_cases):
    """The ids of the rules applied by every derivation this test knows of, steps included
    (they simplify too)."""
    with recording_rules() as fired:
        for case in test_cookbook.CASES:
            matcalc.grad(case.text, wrt=case.wrt, where=case.where).steps
        for text, wrt, where, _ in test_gradients.PINNED:
            matcalc.grad(text, wrt=wrt, where=where).steps
        for firing in FIRING:
            matcalc.grad(firing.text, wrt=firing.wrt, where=firing.where, layout=firing.layout).result
        for firing in HESSIANS:
            matcalc.hessian(firing.text, wrt=firing.wrt, where=firing.where).check(seed=0)
        for firing in GENERATED:
            matcalc.grad(firing.text, wrt=firing.wrt, where=firing.where).source
        for firing in SIZED:
            custom_gradient_source(firing.text, [firing.wrt], firing.where, "torch")
        for case in corpus_cases:
            _derive_corpus_case(case)
    return fired


@pytest.mark.parametrize("corpus_cases", [CORPUS_CASES, []], ids=["with the corpus", "without it"])
def test_every_rule_fires_or_is_canonical(corpus_cases):
    fired = _rules_fired(corpus_cases)
    silent = sorted(rule.id for rule in all_rules() if rule.id not in fired and not rule.canonical)
    assert not silent, f"rules that no derivation applies (shadowed or unreachable): {silent}"
    canonical_fired = sorted(rule.id for rule in all_rules() if rule.canonical and rule.id in fired)
    assert not canonical_fired, f"canonical rules are the constructors' work, not a pass's: {canonical_fired}"


@pytest.mark.parametrize("firing", FIRING, ids=[" ".join(f.rules) for f in FIRING])
def test_a_derivation_applies_the_rule(firing):
    with recording_rules() as fired:
        result = matcalc.grad(firing.text, wrt=firing.wrt, where=firing.where, layout=firing.layout)
        result.result
    assert set(firing.rules) <= fired
    assert result.check(seed=0).passed


@pytest.mark.parametrize("case", CORPUS_CASES or [None], ids=lambda c: c.id if c else "no corpus")
def test_corpus_derivations_apply_rules(case):
    if case is None:
        pytest.skip("the corpus is not beside this checkout")
    with recording_rules() as fired:
        _derive_corpus_case(case)
    assert fired, f"{case.id}: no rule applied"


def test_recording_holds_every_logged_step():
    """What the steps log is recorded, and more: rules applied while a rule function
    simplifies pieces of its own are recorded but not logged."""
    with recording_rules() as fired:
        result = matcalc.grad("u1ᵀ W (W E Wᵀ + λI)⁻¹ Wᵀ u2", wrt="W", where="E: n×n symmetric")
    logged = {step.rule_id for step in result.log}
    assert {"d.inverse", "adj.left_factor", "simp.common_factor"} <= logged <= fired


def test_recording_stops_with_its_block():
    with recording_rules() as fired:
        pass
    matcalc.grad("tr(X)", wrt="X")
    assert fired == set()


# ------------------------------------------------------- canonical entries

@pytest.mark.parametrize("entry, complaint", [
    ({"canonical": True}, "names its constructor"),
    ({"constructor": "algebra.transpose"}, "names its constructor"),
    ({"canonical": True, "constructor": "algebra.transposed"}, "no constructor"),
    ({"canonical": True, "constructor": "shapes.transpose"}, "no constructor"),
])
def test_a_canonical_entry_names_a_constructor_of_algebra(entry, complaint):
    with pytest.raises(MatcalcError, match=complaint):
        rulebook._load_rule("simplify", {"id": "simp.example", "lhs": "(Aᵀ)ᵀ", "rhs": "A", **entry})


def test_no_pass_tries_a_canonical_entry():
    for kind in rulebook.RULE_FILES:
        applied = rulebook.applied(kind)
        assert not any(rule.canonical for rule in applied)
        assert len(applied) + sum(rule.canonical for rule in rulebook.load(kind)) == len(rulebook.load(kind))
    assert any(rule.canonical for rule in rulebook.load("simplify"))


@pytest.mark.parametrize("firing", GENERATED, ids=[" ".join(f.rules) for f in GENERATED])
def test_generated_code_applies_the_lowering_rule(firing):
    result = matcalc.grad(firing.text, wrt=firing.wrt, where=firing.where)
    with recording_rules() as fired:
        result.source
    assert set(firing.rules) <= fired
    assert result.check(seed=0).passed


@pytest.mark.parametrize("firing", HESSIANS, ids=[" ".join(f.rules) for f in HESSIANS])
def test_a_hessian_applies_the_rule(firing):
    with recording_rules() as fired:
        result = matcalc.hessian(firing.text, wrt=firing.wrt, where=firing.where)
    assert set(firing.rules) <= fired
    assert result.check(seed=0).passed
