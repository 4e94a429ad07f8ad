"""The identities of rules/*.toml, loaded once, parsed by the language's grammar.

A rule is one identity: `lhs` and `rhs` in the expression language (every name
a pattern variable, `d(·)` a differential), an `id`, the source it comes from,
and side conditions (`given = ["A constant", "S symmetric"]`). Identities the
surface syntax cannot state name a `function` of rule_functions.py instead of an
`rhs`. A rule marked `real_part = true` holds only under Re(·), which is where
the adjoint pass works: the differential of a real function is real.

A rule marked `canonical = true` is part of the canonical form: the constructor of
core/algebra.py it names (`constructor = "algebra.transpose"`) applies it whenever
a node is built, so no pass tries it; it is listed, sourced and checked like the rest.

`check` tells the numeric test of every rule (tests/test_rules.py) how to sample
what its side conditions cannot say: `where` declarations ("α: positive") and
`examples`, bindings of pattern variables to expressions ({ κ = "3" }).
"""
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import block_functions, rule_cache, rule_functions
from ..core import algebra, ir
from ..errors import MatcalcError
from ..language.declarations import default_kind
from ..language.parse import parse_raw
from .conditions import PREDICATES

RULE_FILES = ("differential", "adjoint", "simplify", "lowering", "sizes")


def rules_path():
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "rules", package.parent / "rules"):
        if (candidate / "differential.toml").is_file():
            return candidate
    raise MatcalcError("the rule files are missing from the installation")


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    lhs: ir.Node
    rhs: ir.Node = None
    function: object = None
    given: tuple = ()
    real_part: bool = False
    why: str = ""
    source: str = ""
    lhs_text: str = ""
    rhs_text: str = ""
    conditions: dict = field(default_factory=dict, compare=False)
    check: dict = field(default_factory=dict, compare=False)
    constructor: object = None  #: the constructor of algebra that applies a canonical rule

    @property
    def canonical(self):
        return self.constructor is not None

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
    for n in ir.walk(lhs):
        if isinstance(n, ir.Symbol) and default_kind(n.name) == "scalar":
            conditions.setdefault(n.name, []).append("scalar")
    return conditions


KEYS = {"id", "lhs", "rhs", "function", "given", "real_part", "why", "source", "check",
        "canonical", "constructor"}
CHECK_KEYS = {"where", "examples"}


def _load_rule(kind, entry):
    rule_id = entry["id"]
    unknown = (set(entry) - KEYS) | (set(entry.get("check", {})) - CHECK_KEYS)
    if unknown:
        raise MatcalcError(f"rule {rule_id}: unknown keys {sorted(unknown)}")
    lhs = parse_raw(entry["lhs"])[0]
    rhs = parse_raw(entry["rhs"])[0] if "rhs" in entry else None
    function = _function(rule_id, entry["function"]) if "function" in entry else None
    if (rhs is None) == (function is None):
        raise MatcalcError(f"rule {rule_id} needs exactly one of rhs and function")
    constructor = _constructor(rule_id, entry)
    names = {n.name for n in ir.walk(lhs) if isinstance(n, ir.Symbol)}
    for example in entry.get("check", {}).get("examples", ()):
        strangers = set(example) - names - {"where"}
        if strangers:
            raise MatcalcError(f"rule {rule_id}: an example binds {sorted(strangers)}, not in its lhs")
    given = tuple(entry.get("given", ()))
    return Rule(rule_id, kind, lhs, rhs, function, given, entry.get("real_part", False),
                entry.get("why", ""), entry.get("source", ""), entry["lhs"], entry.get("rhs", ""),
                _conditions(rule_id, given, lhs), entry.get("check", {}), constructor)


def _function(rule_id, name):
    """The rule function `name`, from rule_functions.py or, for blocks and Kronecker products, block_functions.py."""
    for module in (rule_functions, block_functions):
        if callable(getattr(module, name, None)):
            return getattr(module, name)
    raise MatcalcError(f"rule {rule_id}: no rule function {name!r}")


def _constructor(rule_id, entry):
    """The constructor named by a canonical rule: `canonical = true` and `constructor` go together."""
    canonical = entry.get("canonical", False)
    if canonical != ("constructor" in entry) or (canonical and "rhs" not in entry):
        raise MatcalcError(f"rule {rule_id}: a canonical rule names its constructor and states an rhs")
    if "constructor" not in entry:
        return None
    module, _, name = entry["constructor"].partition(".")
    if module != "algebra" or not callable(getattr(algebra, name, None)):
        raise MatcalcError(f"rule {rule_id}: no constructor {entry['constructor']!r} in core/algebra.py")
    return getattr(algebra, name)


@lru_cache(maxsize=None)
def load(kind):
    """The rules of rules/<kind>.toml, in file order (earlier rules win), parsed once across runs."""
    text = (rules_path() / f"{kind}.toml").read_text(encoding="utf-8")
    return rule_cache.compiled(kind, text, lambda text: _read_rules(kind, text))


def _read_rules(kind, text):
    rules = tuple(_load_rule(kind, entry) for entry in tomllib.loads(text).get("rule", ()))
    ids = [r.id for r in rules]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise MatcalcError(f"duplicate rule ids in {kind}.toml: {sorted(duplicates)}")
    return rules


def applied(kind):
    """The rules of rules/<kind>.toml that its pass tries: all but the canonical ones."""
    return tuple(rule for rule in load(kind) if rule.constructor is None)


def all_rules():
    return tuple(rule for kind in RULE_FILES for rule in load(kind))
