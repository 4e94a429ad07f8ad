"""The identities of rules/*.toml, loaded once, parsed by the language's grammar.

A rule is one identity: `lhs` and `rhs` in the expression language (every name
a pattern variable, `d(·)` a differential), an `id`, the source it comes from,
and side conditions (`given = ["A constant", "S symmetric"]`). Identities the
surface syntax cannot state name a `builder` in matcalc.builders instead of an
`rhs`. A rule marked `real_part = true` holds only under Re(·), which is where
the adjoint pass works: the differential of a real function is real.

`check` tells the numeric test of every rule (tests/test_rules.py) how to sample
what its side conditions cannot say: `where` declarations ("α: positive") and
`examples`, bindings of pattern variables to expressions ({ κ = "3" }).
"""
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import rule_functions as builders
from ..core import ir, properties
from ..errors import MatcalcError
from ..language.parse import parse_raw

RULE_FILES = ("differential", "adjoint", "simplify", "lowering")


def rules_path():
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "rules", package.parent / "rules"):
        if (candidate / "differential.toml").is_file():
            return candidate
    raise MatcalcError("the rule files are missing from the installation")


def _is_constant(node, context):
    return not ir.contains(node, lambda n: isinstance(n, ir.Diff)
                           or (isinstance(n, ir.Symbol) and n.name == context.variable))


#: Side conditions a rule may state of a pattern variable.
PREDICATES = {
    "constant": _is_constant,
    "varying": lambda node, context: not _is_constant(node, context),
    "scalar": lambda node, context: node.shape == (1, 1),
    "nonscalar": lambda node, context: node.shape != (1, 1),
    "vector": lambda node, context: node.shape[1] == 1 and node.shape[0] != 1,
    "square": lambda node, context: node.shape[0] == node.shape[1],
    "number": lambda node, context: isinstance(node, ir.Number),
    "integer": lambda node, context: isinstance(node, ir.Number) and node.value.is_integer,
    "even": lambda node, context: isinstance(node, ir.Number) and bool(node.value.is_even),
    "symmetric": lambda node, context: properties.is_symmetric(node),
    "hermitian": lambda node, context: properties.is_hermitian(node),
    "diagonal": lambda node, context: properties.is_diagonal(node),
    "real": lambda node, context: properties.is_real(node),
    "complex": lambda node, context: properties.is_complex(node),
    "identity": lambda node, context: isinstance(node, ir.Identity),
    "differential": lambda node, context: isinstance(node, ir.Diff),
}


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    lhs: ir.Node
    rhs: ir.Node = None
    builder: object = None
    given: tuple = ()
    real_part: bool = False
    why: str = ""
    source: str = ""
    lhs_text: str = ""
    rhs_text: str = ""
    conditions: dict = field(default_factory=dict, compare=False)
    check: dict = field(default_factory=dict, compare=False)

    def accept(self, context):
        conditions = self.conditions

        def check(name, value):
            return all(PREDICATES[p](value, context) for p in conditions.get(name, ()))
        return check


def _conditions(rule_id, given, lhs):
    conditions = {}
    for statement in given:
        words = statement.split()
        if len(words) != 2 or words[1] not in PREDICATES:
            raise MatcalcError(f"rule {rule_id}: cannot read the condition {statement!r}")
        conditions.setdefault(words[0], []).append(words[1])
    from ..language.declarations import default_kind
    for n in ir.walk(lhs):
        if isinstance(n, ir.Symbol) and default_kind(n.name) == "scalar":
            conditions.setdefault(n.name, []).append("scalar")
    return conditions


KEYS = {"id", "lhs", "rhs", "builder", "given", "real_part", "why", "source", "check"}
CHECK_KEYS = {"where", "examples"}


def _load_rule(kind, entry):
    rule_id = entry["id"]
    unknown = (set(entry) - KEYS) | (set(entry.get("check", {})) - CHECK_KEYS)
    if unknown:
        raise MatcalcError(f"rule {rule_id}: unknown keys {sorted(unknown)}")
    lhs = parse_raw(entry["lhs"])[0]
    rhs = parse_raw(entry["rhs"])[0] if "rhs" in entry else None
    builder = getattr(builders, entry["builder"]) if "builder" in entry else None
    if (rhs is None) == (builder is None):
        raise MatcalcError(f"rule {rule_id} needs exactly one of rhs and builder")
    names = {n.name for n in ir.walk(lhs) if isinstance(n, ir.Symbol)}
    for example in entry.get("check", {}).get("examples", ()):
        strangers = set(example) - names - {"where"}
        if strangers:
            raise MatcalcError(f"rule {rule_id}: an example binds {sorted(strangers)}, not in its lhs")
    given = tuple(entry.get("given", ()))
    return Rule(rule_id, kind, lhs, rhs, builder, given, entry.get("real_part", False),
                entry.get("why", ""), entry.get("source", ""), entry["lhs"], entry.get("rhs", ""),
                _conditions(rule_id, given, lhs), entry.get("check", {}))


@lru_cache(maxsize=None)
def load(kind):
    """The rules of rules/<kind>.toml, in file order (earlier rules win)."""
    data = tomllib.loads((rules_path() / f"{kind}.toml").read_text(encoding="utf-8"))
    rules = tuple(_load_rule(kind, entry) for entry in data.get("rule", ()))
    ids = [r.id for r in rules]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise MatcalcError(f"duplicate rule ids in {kind}.toml: {sorted(duplicates)}")
    return rules


def all_rules():
    return tuple(rule for kind in RULE_FILES for rule in load(kind))
