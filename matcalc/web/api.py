"""POST /api/derive: one JSON request in, everything the page shows out.

The answer is made by the same functions as the command line and the Python API
(parse, grad, jacobian, hessian, vjp, check, the code generators); this module only
reads the request and writes what they return as JSON.
"""
import math
from dataclasses import dataclass

from .. import code as generated_code
from ..checking.sampling import variables
from ..core.shapes import show_dim
from ..derivation.rulebook import all_rules
from ..errors import MatcalcError, located
from ..language.parse import parse
from ..language.pasted import asked_variable
from ..presentation.steps import function_name
from ..printing.mathml import math_element
from ..results.claims import check as check_claim
from ..results.custom_gradient import custom_gradient_source
from ..results.gradient import Gradient, grad, vjp
from ..results.jacobians import hessian, jacobian
from ..solvers.api import solver

KINDS = ("gradient", "jacobian", "hessian", "backprop")
BACKENDS = ("numpy", "jax", "torch", "tensorflow")
#: A custom gradient's tab names its framework: custom_jax, custom_torch, custom_tensorflow.
CUSTOM_GRADIENTS = {f"custom_{framework}": framework for framework in BACKENDS[1:]}
CODE_TARGETS = (*BACKENDS, *CUSTOM_GRADIENTS, "solver")
FIELDS = {"expr": str, "wrt": (str, list), "where": str, "kind": str, "upstream": str, "targets": list,
          "claim": str, "check": bool}


class RequestError(MatcalcError):
    """A request the API cannot read: answered with HTTP 400."""


@dataclass(frozen=True)
class Request:
    expr: str
    wrt: tuple = ()
    where: str = ""
    kind: str = "gradient"
    upstream: str = "G"
    targets: tuple = ("numpy",)
    claim: str = ""
    check: bool = True

    @classmethod
    def from_json(cls, data):
        """The request of a decoded JSON body, or a RequestError saying what is wrong with it."""
        if not isinstance(data, dict):
            raise RequestError("the request must be a JSON object such as {\"expr\": \"tr(A X)\", \"wrt\": \"X\"}")
        for name, value in data.items():
            if name not in FIELDS:
                raise RequestError(f"unknown field {name!r}; the fields are: {', '.join(FIELDS)}")
            if value is not None and not isinstance(value, FIELDS[name]):
                raise RequestError(f"the field {name!r} has the wrong type")
        if not (data.get("expr") or "").strip():
            raise RequestError("type an expression")
        wrt = data.get("wrt") or ()
        wrt = tuple(name.strip() for name in (wrt.split(",") if isinstance(wrt, str) else wrt) if name.strip())
        kind = data.get("kind") or "gradient"
        if kind not in KINDS:
            raise RequestError(f"unknown kind {kind!r}; the kinds are: {', '.join(KINDS)}")
        targets = tuple(("numpy",) if data.get("targets") is None else data["targets"])
        unknown = [t for t in targets if t not in CODE_TARGETS]
        if unknown:
            raise RequestError(f"unknown code target {unknown[0]!r}; the targets are: {', '.join(CODE_TARGETS)}")
        return cls(data["expr"], wrt, data.get("where") or "", kind, data.get("upstream") or "G", targets,
                   data.get("claim") or "", data.get("check", True) is not False)


def answer(data):
    """The JSON answer to one request (a decoded body); MatcalcError for bad input."""
    request = Request.from_json(data)
    expression = parse(request.expr, where=request.where or None)
    wrt = request.wrt or _asked_or_only_variable(request.expr, expression)
    response = {"expression": _expression(expression), "wrt": list(wrt), "kind": request.kind}
    results = [_derived(request, expression, name) for name in wrt]
    first = results[0]
    response.update(_shown(first))
    response["results"] = [dict(_shown(result), wrt=name) for name, result in zip(wrt, results)]
    response["check"] = _checked(first) if request.check else None
    response["code"] = {target: _code(target, request, expression, wrt, first) for target in request.targets}
    response["code"] = {target: source for target, source in response["code"].items() if source is not None}
    response["verdict"] = _verdict(request, wrt[0]) if request.claim else None
    return response


def rule(rule_id):
    """What the steps' link to a rule shows: the identity, why it holds and its source."""
    for entry in all_rules():
        if entry.id == rule_id:
            return {"id": entry.id, "kind": entry.kind, "lhs": entry.lhs_text, "rhs": entry.rhs_text or None,
                    "why": entry.why, "source": entry.source, "file": f"rules/{entry.kind}.toml"}
    raise RequestError(f"no rule {rule_id!r}")


def error_answer(error):
    """{error, column} for a MatcalcError: the column of its caret when it points into the input."""
    message, column = located(error)
    return {"error": message, "column": column}


def _asked_or_only_variable(text, expression):
    asked = asked_variable(text)
    if asked:
        return (asked,)
    names = [symbol.name for symbol in variables(expression)]
    if len(names) == 1:
        return tuple(names)
    if not names:
        raise RequestError("the expression has no variable to differentiate by")
    raise RequestError("say with respect to which variable: " + ", ".join(names))


def _derived(request, expression, name):
    if request.kind == "jacobian":
        return jacobian(expression, name)
    if request.kind == "hessian":
        return hessian(expression, name)
    if request.kind == "backprop":
        return vjp(expression, name, upstream=request.upstream)
    return grad(expression, wrt=name)


def _expression(expression):
    return {"text": str(expression), "latex": expression.latex(), "mathml": math_element(expression.mathml(), True),
            "shape": _dims(expression.shape),
            "variables": {symbol.name: _dims(symbol.shape) for symbol in variables(expression)}}


def _shown(result):
    """A result in every notation the page shows, with its steps."""
    return {"text": str(result), "latex": result.latex(), "shape": _dims(result.result.shape),
            "mathml": _mathml(result),
            "steps": [{"equation": step.equation, "rules": list(dict.fromkeys(step.rules))} for step in result.steps]}


def _mathml(result):
    """The result typeset; a gradient as ∂φ/∂W = … with its `where` definitions, each in a <math> of its own."""
    if not isinstance(result, Gradient):
        return [math_element(result.result.mathml(), True)]
    names = result.abbreviated()
    shown = [math_element(_partial(result) + names.expression.mathml(), True)]
    shown += [math_element(f"{symbol.mathml()}<mo>=</mo>{definition.mathml()}") for symbol, definition in names.names]
    return shown


def _partial(result):
    """∂φ/∂W = , as the gradient is written on paper."""
    over = lambda name: f"<mrow><mo>∂</mo>{name}</mrow>"  # noqa: E731
    return (f"<mfrac>{over(f'<mi>{function_name(result)}</mi>')}{over(result.variable.mathml())}</mfrac>"
            "<mo>=</mo>")


def _checked(result):
    report = result.check(points=3, seed=0)
    error = report.max_relative_error
    return {"passed": report.passed, "max_relative_error": error if _finite(error) else None,
            "tolerance": report.tolerance, "points": report.points, "reason": report.reason or None,
            "summary": str(report)}


def _finite(value):
    return isinstance(value, float) and math.isfinite(value)


def _code(target, request, expression, wrt, result):
    """The source a code tab shows, or None where the target does not apply."""
    if target == "solver":
        if request.kind != "gradient" or expression.shape != (1, 1):
            return None
        return solver(expression, wrt=",".join(wrt), where=request.where or None).source
    if target in CUSTOM_GRADIENTS:  # y = F(inputs) with the derived backward, as a framework layer
        if request.kind == "hessian":
            return None
        return custom_gradient_source(expression, list(wrt), target=CUSTOM_GRADIENTS[target])[0]
    if request.kind == "jacobian":
        return result.source if target == "numpy" else None
    if request.kind == "hessian":  # H itself where it has a matrix form, else its action H[V]
        return (result.code(target) or result.hvp().code(target)).source
    if request.kind == "backprop":
        return result.code(target).source
    return generated_code.module_source(expression, list(wrt), where=request.where or None, backend=target)


def _verdict(request, name):
    report = check_claim(request.expr, wrt=name, claim=request.claim, where=request.where or None)
    error = report.relative_error
    return {"verdict": report.verdict, "ok": report.ok, "message": report.message,
            "relative_error": error if _finite(error) else None, "report": str(report)}


def _dims(shape):
    return [show_dim(d) for d in shape]
