"""The `matcalc` command line.

Exit status: 0 success, 1 a numerical check failed, 2 bad input (or input matcalc
cannot handle), 130 interrupted. An error is one line on standard error; `--debug`
shows the traceback instead. Where standard output cannot encode Unicode
(PYTHONIOENCODING=ascii, a Latin-1 terminal), formulas print in the ASCII input
notation and the remaining symbols are spelled out (λ → lambda, ᵀ → ^T).
"""
import argparse
import os
import sys
import warnings

from .output import (description, dims, formatted, print_json, spell_out_what_output_cannot_encode,
                     stdout_is_unicode, text)

EXAMPLES = """\
examples:
  matcalc grad "tr(A X B)" --wrt X
  matcalc grad "u1ᵀ W (W E Wᵀ + λI)⁻¹ Wᵀ u2" --wrt W --where "E: n×n symmetric" --steps --check
  matcalc grad "||X w - y||^2 + lambda ||w||^2" --wrt w --format latex
  matcalc grad "a' X b" --wrt X --layout numerator        # the transpose, b aᵀ
  matcalc grad "logdet(S) + tr(S⁻¹ A)" --wrt S --where "S: n×n spd" --format json
  matcalc jacobian "Rᵀ R" --wrt R --check                # (Rᵀ ⊗ I)K + I ⊗ Rᵀ, K the commutation matrix
  matcalc hessian "‖A X B − C‖²" --wrt X                  # H[V] = 2AᵀAVBBᵀ;  H = 2((BBᵀ) ⊗ (AᵀA))
  matcalc vjp "X^-1" --wrt X --steps
  matcalc check "a' inv(X) b" --wrt X --points 5 --seed 0
  matcalc check "100000000 + 1e-3 tr(A X)" --wrt X --claim "1e-3 Aᵀ"
  matcalc derive '\\frac{\\partial \\mathbf{A}\\mathbf{x}}{\\partial \\mathbf{x}}'     # the Jacobian, A
  matcalc derive "f(X) = tr(A X); df/dX"
  matcalc grad '\\nabla_W \\left( u^T_1 W \\left( W E W^T + \\lambda I \\right)^{-1} W^{T} u_2 \\right)'
  matcalc codegen "u1ᵀ W (W E Wᵀ + λI)⁻¹ Wᵀ u2" --wrt W,E --where "E: n×n symmetric" -o grad_w.py
  matcalc parse "‖Z − I ⊙ (RᵀA + QᵀB)‖_F² + ‖W − [R, −Q; Q, R] P Sᵀ‖_F²"
  matcalc solve "‖A x − b‖²" --wrt x --subject-to "x ≥ 0" -o nnls.py
  echo "xᵀ B x" | matcalc grad - --wrt x
  matcalc serve --open                    # a local page: type, see the derivative, steps and code
  matcalc grad --wrt X -- "-tr(X)"        # an expression starting with '-' goes after --

exit status: 0 success, 1 a numerical check failed, 2 bad input, 130 interrupted
"""

GRAD_FORMATS = ("text", "ascii", "latex", "sympy", "numpy", "json")
PARSE_FORMATS = ("text", "ascii", "latex", "sympy", "json")
COMMENT = {"numpy": "# ", "latex": "% "}  # steps and reports stay comments in code formats
INTERRUPTED, BROKEN_PIPE = 130, 141


class _Parser(argparse.ArgumentParser):
    """argparse with usage errors on one line (exit status 2, like every bad input)."""

    def error(self, message):
        if "EXPR" in message:
            message += "; an expression starting with '-' goes after '--'"
        self.exit(2, f"{self.prog}: {message} (see '{self.prog} --help')\n")


def _number(kind, acceptable, wording):
    """An argparse type: text read as `kind` and refused unless `acceptable`."""
    def convert(text):
        try:
            value = kind(text)
        except ValueError:
            value = None
        if value is None or not acceptable(value):
            raise argparse.ArgumentTypeError(f"{text!r} is not {wording}")
        return value
    return convert


POSITIVE_WHOLE = _number(int, lambda value: value > 0, "a positive whole number")
NATURAL = _number(int, lambda value: value >= 0, "a whole number ≥ 0")
POSITIVE = _number(float, lambda value: value > 0, "a positive number")


def _parser():
    from .. import __version__
    parser = _Parser(prog="matcalc", epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
                     description="Closed-form matrix derivatives, their derivation, and NumPy code.")
    parser.add_argument("--version", action="version", version=f"matcalc {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the traceback of an error")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name, description, wrt=None, formats=None, default_format="text"):
        """A subcommand taking EXPR, [--wrt], --where, [--format] and --debug, in that order."""
        sub = commands.add_parser(name, help=description, description=description, epilog=EXAMPLES,
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
        sub.add_argument("expression", metavar="EXPR", help="the expression; - reads it from standard input")
        if wrt:
            sub.add_argument("--wrt", required=name not in ("grad", "check", "derive"), metavar=wrt[0], help=wrt[1])
        sub.add_argument("--where", metavar="DECLS", help='declarations, e.g. "E: n×n symmetric, λ > 0"')
        sub.add_argument("--latex", action="store_true",
                         help="read EXPR as LaTeX (found without it when EXPR has a command such as \\odot)")
        if formats:
            sub.add_argument("--format", choices=formats, default=default_format,
                             help=f"how to print it (default {default_format})")
        sub.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                         help="show the traceback of an error")
        return sub

    def checking(sub, title):
        group = sub.add_argument_group(title)
        group.add_argument("--points", metavar="N", type=POSITIVE_WHOLE, default=3,
                           help="random points (default 3)")
        group.add_argument("--seed", metavar="S", type=NATURAL, help="seed of the random points (default: fresh)")
        group.add_argument("--tolerance", metavar="T", type=POSITIVE, default=1e-6,
                           help="largest relative error accepted (default 1e-6)")

    def derivative(name, description, layout=True):
        """A subcommand printing a derivative as grad does: --steps, [--layout], --check."""
        sub = command(name, description, ("X", "the variable"), GRAD_FORMATS)
        sub.add_argument("--steps", action="store_true", help="print the derivation step by step")
        if layout:
            sub.add_argument("--layout", choices=("denominator", "numerator"), default="denominator",
                             help="numerator prints the transpose, the Jacobian-row convention "
                                  "(default denominator)")
        sub.add_argument("--check", action="store_true", help=f"check the {name} against central differences")
        checking(sub, "with --check")
        return sub

    derivative("grad", "the gradient of a scalar expression")
    jacobian = derivative("jacobian", "the Jacobian ∂vec(F)/∂vec(X)ᵀ of a vector or matrix expression",
                          layout=False)
    jacobian.add_argument("--convention", choices=("real-imaginary", "wirtinger"), default="real-imaginary",
                          help="for a complex X: the pair ∂F/∂Re X, ∂F/∂Im X (default) or ∂F/∂X, ∂F/∂X̄")
    derivative("hessian", "the Hessian of a scalar expression: its action H[V] and its matrix", layout=False)
    vjp = derivative("vjp", "backpropagation: the gradient of G : F(X) for an upstream gradient G")
    vjp.add_argument("--upstream", metavar="NAME", default="G", help="the upstream gradient's name (default G)")

    check = command("check", "derive a gradient and check it against central differences, or a claimed one",
                    ("X", "the variable"), ("text", "json"))
    checking(check, "the check")
    check.add_argument("--claim", metavar="TEXT", help='a gradient worked out by hand, e.g. "2(AWB − BWᵀAWBWE) '
                       'where A = Sym(u1 u2ᵀ), B = (WEWᵀ + λI)⁻¹": correct, transposed or wrong')
    check.add_argument("--layout", choices=("denominator", "numerator"),
                       help="the layout of the claim (default: denominator for a gradient, numerator for a Jacobian)")
    check.add_argument("--upstream", metavar="G", help="the claim is the backpropagation rule of EXPR for the "
                       "upstream gradient named G: the gradient of G : EXPR")

    codegen = command("codegen", "a self-contained Python module computing the value and the gradients",
                      ("X,Y", "the variables, separated by commas"))
    codegen.add_argument("-o", "--output", metavar="FILE", help="write the module here (default: stdout)")
    codegen.add_argument("--target", metavar="LIBRARY", default="numpy",
                         help="the array library the module uses: numpy (default), jax, torch or tensorflow")
    codegen.add_argument("--custom-gradient", action="store_true",
                         help="backpropagation through y = EXPR: the module ends with custom_gradient(*arrays), "
                              "the framework's custom gradient (jax.custom_vjp, torch.autograd.Function, "
                              "tf.custom_gradient) whose backward is the derived rule")

    solve = command("solve", "a self-contained Python module minimizing a real scalar expression",
                    ("X,Y", "the variables to solve for, separated by commas"))
    solve.add_argument("--subject-to", metavar="CONSTRAINTS",
                       help='constraints separated by ";", e.g. "‖x‖² = 1" or "A x ≤ b; x ≥ 0"')
    solve.add_argument("-o", "--output", metavar="FILE", help="write the module here (default: stdout)")

    command("derive", "the gradient, Jacobian or Hessian a question asks for: \\nabla_X f, df/dX, d/dX f, …",
            ("X", "the variable, where the question names none"), ("text", "latex"))

    command("parse", "read an expression and print it back with its shape", formats=PARSE_FORMATS)

    serve = commands.add_parser("serve", help="a local page: type an expression, see its derivative, steps and code",
                                description="Serve the page on this machine until Ctrl-C.")
    serve.add_argument("--port", type=NATURAL, default=8765, help="the port (default 8765; 0 picks a free one)")
    serve.add_argument("--host", default="127.0.0.1",
                       help="the address to bind (default 127.0.0.1: this machine only)")
    serve.add_argument("--open", action="store_true", help="open the page in the web browser")
    serve.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show the traceback of an error")
    return parser


def main(argv=None):
    """Run one command; the exit status."""
    spell_out_what_output_cannot_encode()
    args = _parser().parse_args(argv)
    if args.command is None:
        print("matcalc: a command is needed: grad, jacobian, hessian, vjp, check, derive, codegen, solve, parse "
              "or serve (see 'matcalc --help')",
              file=sys.stderr)
        return 2
    try:
        with warnings.catch_warnings():
            if not args.debug:  # a check's numerical warnings at a random point are not the user's errors
                warnings.simplefilter("ignore")
            status = _COMMANDS[args.command](args)
        sys.stdout.flush()  # here, so that a reader who left is noticed below
        return status
    except KeyboardInterrupt:
        return INTERRUPTED
    except BrokenPipeError:  # the reader left (| head): stop quietly, as the Python docs advise
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return BROKEN_PIPE
    except Exception as error:  # noqa: BLE001 — every failure becomes one line
        if args.debug:
            raise
        print(f"matcalc: {_one_line(error)}", file=sys.stderr)
        return 2


def _one_line(error):
    """The message of an error on one line; a parse error's caret becomes a column number:
    column 9 of "tr(A X B": the text ends too early; expected ')'."""
    from ..errors import MAX_MESSAGE, MatcalcError, located
    message, column = located(error)
    if column is not None:
        return f'column {column + 1} of "{str(error).split(chr(10))[1][2:].rstrip()}": {message}'
    if isinstance(error, (MatcalcError, OSError)):
        return message
    return f"internal error ({type(error).__name__}: {message[:MAX_MESSAGE]}); --debug shows the traceback"


# ------------------------------------------------------------------ commands

def _parse(args):
    from .. import parse
    from ..core.shapes import show_shape
    expression = parse(_expression(args), where=args.where, latex=args.latex or None)
    if args.format == "json":
        from ..checking.sampling import variables
        print_json({"expression": str(expression), "ascii": expression.ascii(), "latex": expression.latex(),
                     "shape": dims(expression.shape),
                     "variables": {v.name: dims(v.shape) for v in variables(expression)}})
        return 0
    print(f"{_notation(expression, args.format)}    ({show_shape(expression.shape)})")
    return 0


def _notation(expression, form):
    if form == "text":
        return str(expression) if stdout_is_unicode() else expression.ascii()
    if form == "ascii":
        return expression.ascii()
    if form == "latex":
        return expression.latex()
    return str(expression.to_sympy())


def _grad(args):
    from .. import grad
    return _derivative(args, grad(_input(args), wrt=_wrt(args), where=args.where, layout=args.layout))


def _jacobian(args):
    from .. import jacobian
    return _derivative(args, jacobian(_input(args), wrt=_wrt(args), where=args.where,
                                      convention=args.convention))


def _hessian(args):
    from .. import hessian
    return _derivative(args, hessian(_input(args), wrt=_wrt(args), where=args.where))


def _vjp(args):
    from .. import vjp
    return _derivative(args, vjp(_input(args), wrt=_wrt(args), where=args.where, upstream=args.upstream,
                                 layout=args.layout))


def _derivative(args, result):
    """Print a derived gradient, Jacobian or Hessian in the asked format, checked with --check."""
    report = result.check(points=args.points, seed=args.seed, tolerance=args.tolerance) if args.check else None
    if args.format == "json":
        print_json(description(result, report, steps=args.steps))
    else:
        comment = COMMENT.get(args.format, "")
        if args.steps:
            print("\n".join(comment + line for line in str(result.steps).split("\n")) + "\n")
        print(formatted(result, args.format))
        if report is not None:
            print(comment + str(report))
    return 0 if report is None or report.passed else 1


def _check(args):
    from .. import check, grad
    if args.claim is not None:
        report = check(_input(args), wrt=_wrt(args), claim=args.claim, where=args.where, layout=args.layout,
                       points=args.points, seed=0 if args.seed is None else args.seed, upstream=args.upstream)
        print(report)
        return 0 if report.ok else 1
    result = grad(_input(args), wrt=_wrt(args), where=args.where)
    report = result.check(points=args.points, seed=args.seed, tolerance=args.tolerance)
    if args.format == "json":
        print_json(description(result, report))
    else:
        print(f"{text(result)}\n{report}")
    return 0 if report.passed else 1


def _derive(args):
    from .. import derive
    result = derive(_expression(args), where=args.where, wrt=args.wrt, latex=args.latex or None)
    if args.format == "latex":
        print(result.latex())
    else:  # a gradient as grad prints it; a Jacobian or Hessian spelt out where Unicode cannot show
        print(text(result) if hasattr(result, "result") else result)
    return 0


def _codegen(args):
    from ..code import module_source
    from ..results.custom_gradient import custom_gradient_source
    variables = [name.strip() for name in args.wrt.split(",") if name.strip()]
    if args.custom_gradient:
        source = custom_gradient_source(_input(args), variables, args.where, args.target)[0]
    else:
        source = module_source(_input(args), variables, where=args.where, backend=args.target)
    _write_module(source, args.output)
    return 0


def _solve(args):
    from .. import solver
    result = solver(_input(args), wrt=args.wrt, where=args.where, subject_to=args.subject_to)
    _write_module(result.source, args.output)
    return 0


def _write_module(source, output):
    """The module written to the file `output`, or to standard output."""
    if output:
        from ..errors import MatcalcError
        try:
            with open(output, "w", encoding="utf-8") as module:
                module.write(source)
        except OSError as error:
            raise MatcalcError(f"cannot write {output}: {error.strerror or error}") from None
    else:
        print(source, end="" if source.endswith("\n") else "\n")


def _serve(args):
    from ..web.server import serve
    try:
        serve(args.host, args.port, open_browser=args.open)
    except OSError as error:
        from ..errors import MatcalcError
        raise MatcalcError(f"cannot serve on {args.host}:{args.port}: {error.strerror or error}") from None
    return 0


_COMMANDS = {"parse": _parse, "grad": _grad, "jacobian": _jacobian, "hessian": _hessian, "vjp": _vjp, "check": _check,
             "derive": _derive, "codegen": _codegen, "solve": _solve, "serve": _serve}


# ------------------------------------------------------------------ input and output

def _input(args):
    """The expression, parsed here when --latex says it is LaTeX, else its text."""
    if not args.latex:
        return _expression(args)
    from .. import parse
    return parse(_expression(args), where=args.where, latex=True)


def _wrt(args):
    """--wrt, or the variable the expression's question names (\\nabla_W f)."""
    from ..language.pasted import asked_variable
    wrt = args.wrt or asked_variable(_expression(args))
    if wrt is None:
        _Parser(prog=f"matcalc {args.command}").error("the following arguments are required: --wrt")
    return wrt


def _expression(args):
    from ..errors import ParseError
    if args.expression != "-":
        return args.expression
    data = getattr(sys.stdin, "buffer", sys.stdin).read()  # bytes: the language is UTF-8 whatever the locale
    try:
        content = (data.decode("utf-8-sig") if isinstance(data, bytes) else data).strip()
    except UnicodeDecodeError:
        raise ParseError("standard input is not UTF-8 text") from None
    if not content:
        raise ParseError("standard input is empty: it should hold the expression")
    return content
