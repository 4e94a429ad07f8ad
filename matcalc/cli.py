"""The `matcalc` command line.

Exit status: 0 success, 1 a numerical check failed, 2 bad input. Errors are one
message on standard error; `--debug` shows the traceback instead.
"""
import argparse
import json
import sys

EXAMPLES = """\
examples:
  matcalc grad "tr(A X B)" --wrt X
  matcalc grad "u1ᵀ W (W E Wᵀ + λI)⁻¹ Wᵀ u2" --wrt W --where "E: n×n symmetric" --steps
  matcalc grad "||X w - y||^2 + lambda ||w||^2" --wrt w --format latex
  matcalc grad "logdet(S) + tr(S⁻¹ A)" --wrt S --where "S: n×n spd" --check
  matcalc check "a' inv(X) b" --wrt X
  matcalc codegen "u1ᵀ W (W E Wᵀ + λI)⁻¹ Wᵀ u2" --wrt W --where "E: n×n symmetric" -o grad_w.py
  matcalc parse "‖Z − I ⊙ (RᵀA + QᵀB)‖_F² + ‖W − [R, −Q; Q, R] P Sᵀ‖_F²"
  echo "xᵀ B x" | matcalc grad - --wrt x
"""

FORMATS = ("text", "ascii", "latex", "sympy", "numpy", "json")


def _parser():
    from . import __version__
    parser = argparse.ArgumentParser(
        prog="matcalc", description="Closed-form matrix derivatives, their derivation, and NumPy code.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"matcalc {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def expression_command(name, help_text):
        command = commands.add_parser(name, help=help_text, epilog=EXAMPLES,
                                      formatter_class=argparse.RawDescriptionHelpFormatter)
        command.add_argument("expression", metavar="EXPR", help="the expression; - reads standard input")
        command.add_argument("--where", default=None, metavar="DECLS",
                             help='declarations, e.g. "X: n×n symmetric, λ > 0"')
        command.add_argument("--debug", action="store_true", help="show tracebacks of errors")
        return command

    parse_command = expression_command("parse", "read an expression and print it back, with its shape")
    parse_command.add_argument("--format", choices=("text", "ascii", "latex", "sympy"), default="text")

    grad = expression_command("grad", "the gradient of a scalar expression")
    grad.add_argument("--wrt", required=True, metavar="X", help="the variable")
    grad.add_argument("--format", choices=FORMATS, default="text")
    grad.add_argument("--steps", action="store_true", help="print the derivation step by step")
    grad.add_argument("--check", action="store_true", help="check against finite differences")
    grad.add_argument("--tolerance", type=float, default=1e-6,
                      help="largest relative error a check accepts (default 1e-6)")
    grad.add_argument("--layout", choices=("denominator", "numerator"), default="denominator",
                      help="numerator layout gives the transpose (Jacobian-row convention)")

    check = expression_command("check", "derive a gradient and check it numerically")
    check.add_argument("--wrt", required=True, metavar="X")
    check.add_argument("--points", type=int, default=3)
    check.add_argument("--seed", type=int, default=None)
    check.add_argument("--tolerance", type=float, default=1e-6)

    codegen = expression_command("codegen", "a self-contained Python module computing the value and gradients")
    codegen.add_argument("--wrt", required=True, metavar="X,Y", help="comma-separated variables")
    codegen.add_argument("-o", "--output", metavar="FILE", help="write the module here (default: stdout)")
    return parser


def main(argv=None):
    from .errors import MatcalcError
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        return _COMMANDS[args.command](args)
    except MatcalcError as error:
        if args.debug:
            raise
        print(f"matcalc: {error}", file=sys.stderr)
        return 2
    except (OSError, UnicodeError) as error:
        if args.debug:
            raise
        print(f"matcalc: {error}", file=sys.stderr)
        return 2


def _expression(args):
    if args.expression == "-":
        return sys.stdin.read().strip()
    return args.expression


def _parse(args):
    from . import parse
    expression = parse(_expression(args), where=args.where)
    from .shapes import show_shape
    text = {"text": str, "ascii": lambda e: e.ascii(), "latex": lambda e: e.latex(),
            "sympy": lambda e: str(e.to_sympy())}[args.format](expression)
    print(f"{text}    ({show_shape(expression.shape)})")
    return 0


def _grad(args):
    from . import grad
    result = grad(_expression(args), wrt=args.wrt, where=args.where, layout=args.layout)
    if args.steps:
        print(result.steps)
        print()
    print(_formatted(result, args.format))
    if args.check:
        report = result.check(tolerance=args.tolerance)
        print(report)
        return 0 if report.passed else 1
    return 0


def _formatted(result, form):
    if form == "text":
        return str(result)
    if form == "ascii":
        return result.result.ascii()
    if form == "latex":
        return result.latex()
    if form == "sympy":
        return str(result.sympy)
    if form == "numpy":
        return result.source
    return json.dumps({"variable": result.variable.name, "gradient": str(result),
                       "ascii": result.result.ascii(), "latex": result.latex(),
                       "layout": result.layout}, ensure_ascii=False, indent=2)


def _check(args):
    from . import grad
    result = grad(_expression(args), wrt=args.wrt, where=args.where)
    report = result.check(points=args.points, seed=args.seed, tolerance=args.tolerance)
    print(f"{result}\n{report}")
    return 0 if report.passed else 1


def _codegen(args):
    from .codegen import module_source
    source = module_source(_expression(args), [w.strip() for w in args.wrt.split(",") if w.strip()],
                           where=args.where)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            out.write(source)
    else:
        print(source)
    return 0


_COMMANDS = {"parse": _parse, "grad": _grad, "check": _check, "codegen": _codegen}
