"""No shadowed rules: every entry of rules/*.toml fires in some derivation, or is part of
the canonical form (`canonical = true`), applied by the constructor it names.

The derivations are the pinned textbook cases (tests/test_cookbook.py,
tests/test_gradients.py), the corpus beside the checkout where it is present, and
FIRING below: for each rule those leave out, a function whose derivation needs it,
derived and checked numerically.
"""
import importlib.util
import sys
from pathlib import Path

import pytest

import matcalc
import test_cookbook
import test_gradients
from matcalc.derivation import rulebook
from matcalc.derivation.rewrite import recording_rules
from matcalc.derivation.rulebook import all_rules
from matcalc.errors import MatcalcError

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "corpus.py"

#: (rule id, function, wrt, declarations, layout): a derivation that applies the rule.
FIRING = [
    ("d.conj", "Re(sum(conj(X) ⊙ A))", "X", "X: complex n×n, A: complex n×n", "denominator"),
    ("adj.conj", "Re(sum(conj(A X)))", "X", "X: complex n×n, A: complex n×n", "denominator"),
    ("d.imag", "Im(aᴴ X b)", "X", "a: complex n, b: complex n", "denominator"),
    ("adj.imag", "Im(aᴴ X b)", "X", "a: complex n, b: complex n", "denominator"),
    ("adj.frobenius_left", "Re(X : A)", "X", "X: complex n×m, A: complex n×m", "denominator"),
    ("d.sin", "sum(sin(X) + cos(X))", "X", None, "denominator"),
    ("d.cos", "sum(sin(X) + cos(X))", "X", None, "denominator"),
    ("d.sigmoid", "sum(sigmoid(X))", "X", None, "denominator"),
    ("d.softplus", "sum(softplus(X))", "X", None, "denominator"),
    ("d.sqrt", "sum(sqrt(X ⊙ X + 𝟙))", "X", None, "denominator"),
    ("d.divide", "tr(X ⊘ (X ⊙ X + 𝟙))", "X", None, "denominator"),
    ("adj.divide", "tr(X ⊘ (X ⊙ X + 𝟙))", "X", None, "denominator"),
    ("d.element_power", "sum(X.^3)", "X", None, "denominator"),
    ("d.vec", "vec(X)ᵀ vec(X)", "X", None, "denominator"),
    ("adj.vec", "vec(X)ᵀ vec(X)", "X", None, "denominator"),
    ("d.diag", "diag(X)ᵀ diag(X)", "X", None, "denominator"),
    ("adj.diag_vector", "diag(X)ᵀ diag(X)", "X", None, "denominator"),
    ("adj.diag_matrix", "xᵀ diag(x) x", "x", None, "denominator"),
    ("adj.kron_left_scaled_identity", "λ tr(A ⊗ X)", "X", None, "denominator"),
    ("adj.kron_left", "Y : (A ⊗ X)", "X", None, "denominator"),
    ("adj.kron_right", "Y : (X ⊗ B)", "X", None, "denominator"),
    ("adj.kron_right_identity", "tr(X ⊗ B)", "X", None, "denominator"),
    ("adj.kron_right_scaled_identity", "λ tr(X ⊗ B)", "X", None, "denominator"),
    ("simp.divide_self", "sum(log(exp(x)))", "x", None, "denominator"),
    ("simp.hadamard_reciprocal", "sum(log(X ⊙ X + 𝟙))", "X", None, "denominator"),
    ("simp.hadamard_cancel_left", "sum(log(sigmoid(X)))", "X", None, "denominator"),
    ("simp.conj_product", "Re(sum((A B) ⊙ X))", "X", "X: complex n×n, A: complex n×n, B: complex n×n",
     "denominator"),
    ("simp.conj_transpose", "Re(sum(Aᵀ ⊙ X))", "X", "X: complex n×n, A: complex n×n", "denominator"),
    ("simp.inverse_adjoint", "Re(tr((Xᴴ)⁻¹ A))", "X", "X: complex n×n, A: complex n×n", "denominator"),
    ("simp.frobenius_scalar_left", "((λ A) : X)^2", "X", None, "denominator"),
    ("simp.frobenius_scalars", "(λ : μ) λ", "λ", None, "denominator"),
    ("simp.norm_zero", "λ ‖X − X‖_F", "λ", None, "denominator"),
    ("simp.transpose_hadamard", "sum(A ⊙ B ⊙ X)", "X", None, "numerator"),
    ("simp.transpose_kron", "sum((A ⊗ B) ⊙ X)", "X", "A: m×m, B: n×n", "numerator"),
    ("simp.hadamard_identity_diagonal", "tr(D D)", "D", "D: n×n diagonal", "denominator"),
    ("simp.hadamard_identity_twice", "tr(C X) + Z : (I ⊙ X)", "X", "X: n×n diagonal", "denominator"),
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


def _derive_all():
    """Every derivation this test knows of, its steps included (they simplify too)."""
    for case in test_cookbook.CASES:
        matcalc.grad(case.text, wrt=case.wrt, where=case.where).steps
    for text, wrt, where, _ in test_gradients.PINNED:
        matcalc.grad(text, wrt=wrt, where=where).steps
    for _, text, wrt, where, layout in FIRING:
        matcalc.grad(text, wrt=wrt, where=where, layout=layout).result
    for case in CORPUS_CASES:
        _derive_corpus_case(case)


def test_every_rule_fires_or_is_canonical():
    with recording_rules() as fired:
        _derive_all()
    silent = sorted(rule.id for rule in all_rules() if rule.id not in fired and not rule.canonical)
    assert not silent, f"rules that no derivation applies (shadowed or unreachable): {silent}"
    canonical_fired = sorted(rule.id for rule in all_rules() if rule.canonical and rule.id in fired)
    assert not canonical_fired, f"canonical rules are the constructors' work, not a pass's: {canonical_fired}"


@pytest.mark.parametrize("rule_id, text, wrt, where, layout", FIRING, ids=[f[0] for f in FIRING])
def test_a_derivation_applies_the_rule(rule_id, text, wrt, where, layout):
    with recording_rules() as fired:
        result = matcalc.grad(text, wrt=wrt, where=where, layout=layout)
        result.result
    assert rule_id in fired
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
