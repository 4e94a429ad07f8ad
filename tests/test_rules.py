"""Every identity of rules/*.toml, checked numerically at random points.

Each rule is applied by the engine itself (its matcher, side conditions and rule function)
to an instance of its own left side, whose pattern variables are random arrays of
consistent shapes honoring the rule's `given` conditions; a rule that does not apply
to its own left side fails. Then:

- differential rules, d(P) = R: R, with every d(Q) in it the derivative of Q along a
  random direction, equals the central difference of P along that direction;
- adjoint rules, M : L(Y) = L*(M) : Y: both sides are equal, and at a fresh point the
  dot-product test ⟨M, L(V)⟩ = ⟨L*(M), V⟩ holds for a map L that is linear in V;
  rules marked real_part = true are compared under Re(·);
- simplification and lowering rules: both sides are equal.

Every check runs with real and with complex values (except where a rule asks for
real ones). What the generic sampler cannot guess, the rule entry says as data:
`check = { where = "α: positive", examples = [{ "κ" = "3" }] }`; an example may
have its own `where`.
"""
import tomllib
import zlib

import numpy as np
import pytest

from matcalc.core import algebra, ir
from matcalc.checking import differences, numeric, sampling
from matcalc.language import declarations as decl
from matcalc.language.parse import parse_declarations, parse_raw, type_expression
from matcalc.derivation.rewrite import Context, RuleSet
from matcalc.derivation.rulebook import RULE_FILES, all_rules, rules_path
from matcalc.core.shapes import SCALAR, dimension
from matcalc.derivation.simplify import simplify

RULES = {rule.id: rule for rule in all_rules()}
TIME = ir.Symbol("_t", SCALAR)
TOLERANCE = 1e-6
FIELDS = ("real", "complex")
SIZES = (3, 4, 2, 5, 6)  #: distinct, so that a mixed-up axis shows

#: What a `given` condition asks of the sampled value, as a declaration.
PROPERTY_CONDITIONS = {"symmetric", "hermitian", "diagonal"}


# ------------------------------------------------------------ instances

def _substitute_raw(node, bindings):
    """The raw pattern with pattern variables replaced by example expressions, sums and
    products kept flat; the pattern `[A]` (any block matrix) becomes the block bound to A."""
    if isinstance(node, ir.Symbol):
        return bindings.get(node.name, node)
    children = node.children()
    if not children:
        return node
    new = [_substitute_raw(child, bindings) for child in children]
    if isinstance(node, ir.Block) and len(new) == 1 and isinstance(new[0], ir.Block):
        return new[0]
    if isinstance(node, (ir.Add, ir.Mul)):  # flat, as the engine keeps sums and products
        return type(node)(tuple(part for child in new
                                for part in (child.children() if type(child) is type(node) else (child,))))
    return node.rebuild(new)


def _declarations(rule, raw, field, example):
    """Declarations for the instance's names: the rule's conditions, the field, and the
    `where` of the rule's check and of the example."""
    names = {n.name for n in ir.walk(raw) if isinstance(n, ir.Symbol)}
    said = [d for where in (rule.check.get("where", ""), example.get("where", ""))
            for d in parse_declarations(where) if d.name in names]
    field_said = {d.name for d in said if d.complex is not None}
    wanted = []
    for name in names:
        conditions = set(rule.conditions.get(name, ()))
        properties = frozenset(conditions & PROPERTY_CONDITIONS)
        shape = (dimension("q"),) * 2 if "square" in conditions else None
        kind = "vector" if "vector" in conditions else None
        complex_ = None if name in field_said else (
            False if "real" in conditions else ("complex" in conditions or field == "complex"))
        wanted.append(decl.Declaration(name, shape, complex_, properties, kind))
    return decl.collect(wanted + said)


def _bindings(example):
    """An example's bindings of pattern variables (its `where` aside)."""
    return {name: text for name, text in example.items() if name != "where"}


def _names(node):
    return {n.name for n in ir.walk(node) if isinstance(n, ir.Symbol)}


def _varying_names(rule, typed, example):
    """Names that carry the differential: in the part a rule differentiates, not constant."""
    if rule.kind in ("simplify", "lowering", "sizes"):  # equalities: nothing is differentiated
        return set()
    scope = typed.arg if rule.kind == "differential" else typed.right
    raw_example = {name: parse_raw(text)[0] for name, text in _bindings(example).items()}
    constant, varying = set(), set()
    for name, conditions in rule.conditions.items():
        covered = _names(raw_example[name]) if name in raw_example else {name}
        if "constant" in conditions:
            constant |= covered
        if "varying" in conditions:
            varying |= covered
    return (_names(scope) - constant) | varying


def _replace(node, mapping):
    if node in mapping:
        return mapping[node]
    children = node.children()
    if not children:
        return node
    return node.rebuild([_replace(child, mapping) for child in children])


class Instance:
    """A rule's left side at random values: `node` holds the moving parts (X + tV in a
    differential rule, d(X) in an adjoint rule); `inputs` holds every value, and
    `direction_of` names the direction V of each moving variable."""

    def __init__(self, rule, example, field, rng):
        raw = _substitute_raw(parse_raw(rule.lhs_text)[0],
                              {name: parse_raw(text)[0] for name, text in _bindings(example).items()})
        typed = type_expression(raw, _declarations(rule, raw, field, example))
        self.rule, self.rng = rule, rng
        dimensions = sampling.dimension_symbols(typed)
        self.sizes = sampling.default_sizes(typed, {str(d): size for d, size in zip(dimensions, SIZES)})
        self.symbols = sampling.variables(typed)
        varying = [s for s in self.symbols if s.name in _varying_names(rule, typed, example)]
        self.direction_of = {s: ir.Symbol(f"∂{s.name}", s.shape_, s.complex,
                                          s.properties - {"spd", "positive", "invertible"})
                             for s in varying}
        self.sample()
        if rule.kind == "differential":
            moving = {s: algebra.add(s, algebra.mul(TIME, v)) for s, v in self.direction_of.items()}
        else:
            moving = {s: ir.Diff(s) for s in varying}
        self.node = _replace(typed, moving)

    def sample(self):
        """New random values for every variable and direction."""
        self.inputs = {s.name: sampling.sample(s, self.sizes, self.rng) for s in self.symbols}
        self.inputs.update(self.sample_directions())
        self.inputs[TIME.name] = 0.0

    def sample_directions(self):
        return {v.name: sampling.sample(v, self.sizes, self.rng) for v in self.direction_of.values()}

    def evaluate(self, node, **changes):
        """The value of `node`, each d(Q) in it valued by `self.differential(Q)`."""
        inputs = {**self.inputs, **changes}
        differentials = {n for n in ir.walk(node) if isinstance(n, ir.Diff)}
        stand_ins = {}
        for index, diff in enumerate(sorted(differentials, key=algebra.sort_key)):
            stand_ins[diff] = ir.Symbol(f"#d{index}", diff.shape)
            inputs[stand_ins[diff].name] = self.differential(diff.arg, inputs)
        return numeric.evaluate(_replace(node, stand_ins), inputs, self.sizes)

    def differential(self, node, inputs):
        if self.rule.kind == "differential":
            return differences.derivative(lambda h: self.evaluate(node, **{**inputs, TIME.name: h}))
        assert node in self.direction_of, f"d({node}) is not the differential of a variable"
        return inputs[self.direction_of[node].name]


def apply_rule(rule, instance):
    """The rule's right side for the instance, made by the engine's own rewrite."""
    context = Context(variable=TIME.name, simplify=simplify)
    step = RuleSet([rule], under_real_part=True).rewrite(instance.node, context)
    assert step is not None, f"{rule.id} does not apply to {instance.node}, an instance of its lhs"
    return step[1]


# --------------------------------------------------------------- checks

def assert_close(value, reference, what):
    error = differences.relative_error(value, reference)
    assert error < TOLERANCE, f"{what}: relative error {error:.1e}\n{value}\nvs\n{reference}"


def check_differential(rule, instance, result):
    central = differences.derivative(lambda h: instance.evaluate(instance.node.arg, _t=h))
    assert np.all(np.isfinite(central)), f"{rule.id}: the instance has no value"
    assert_close(instance.evaluate(result), central, f"{rule.id}: rhs vs central difference")


def check_adjoint(rule, instance, result):
    part = np.real if rule.real_part else (lambda value: value)
    assert_close(part(instance.evaluate(result)), part(instance.evaluate(instance.node)),
                 f"{rule.id}: both sides")
    instance.sample()
    mapped = instance.evaluate(instance.node.right)
    forward = np.vdot(instance.evaluate(instance.node.left), mapped)
    backward = sum(np.vdot(instance.evaluate(term.left), instance.evaluate(term.right))
                   for term in _frobenius_terms(result))
    assert_close(part(backward), part(forward), f"{rule.id}: dot-product test")
    directions = {v.name: instance.inputs[v.name] for v in instance.direction_of.values()}
    other = instance.sample_directions()
    combined = instance.evaluate(instance.node.right,
                                 **{n: other[n] + 2 * directions[n] for n in directions})
    assert_close(combined, instance.evaluate(instance.node.right, **other) + 2 * mapped,
                 f"{rule.id}: L is linear in the differential")


def _frobenius_terms(node):
    if algebra.is_zero(node):
        return []
    terms = node.terms if isinstance(node, ir.Add) else (node,)
    assert all(isinstance(t, ir.Frobenius) for t in terms), f"{node} is not a sum of G : Y"
    return terms


def check_simplify(rule, instance, result):
    assert_close(instance.evaluate(result), instance.evaluate(instance.node), f"{rule.id}: both sides")
    if rule.canonical:
        built = rule.constructor(*instance.node.children())
        assert built == result, f"{rule.id}: its constructor makes {built}, not {result}"


CHECKS = {"differential": check_differential, "adjoint": check_adjoint, "simplify": check_simplify,
          "lowering": check_simplify, "sizes": check_simplify}


def check_rule(rule, rng):
    for example in rule.check.get("examples", [{}]):
        for field in FIELDS:
            instance = Instance(rule, example, field, rng)
            CHECKS[rule.kind](rule, instance, apply_rule(rule, instance))


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule(rule_id):
    check_rule(RULES[rule_id], np.random.default_rng(zlib.crc32(rule_id.encode())))


@pytest.mark.slow
@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_at_many_points(rule_id):
    rng = np.random.default_rng(zlib.crc32(rule_id.encode()) + 1)
    for _ in range(25):
        check_rule(RULES[rule_id], rng)


def test_every_rule_entry_is_tested():
    """Each entry of each rule file is one case of test_rule, and each kind has a check."""
    entries = set()
    for kind in RULE_FILES:
        data = tomllib.loads((rules_path() / f"{kind}.toml").read_text(encoding="utf-8"))
        entries |= {entry["id"] for entry in data["rule"]}
    assert entries == set(RULES)
    assert {rule.kind for rule in RULES.values()} <= set(CHECKS)
