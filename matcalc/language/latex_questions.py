r"""The question a LaTeX formula asks, read by the LaTeX reader: \nabla_X f, \nabla^2_X f,
\frac{\partial f}{\partial X}, \frac{d f}{d x}, \partial f / \partial X; and f(X), a function the
formula names but does not say, which stands in the text as a mark that is an error only
where it is the expression read (in a definition's head it is not).
"""
import re

from .marks import unmark

#: An application of a function the text does not say: the mark, numbered.
UNSAID = re.compile("\uE000([0-9]+)\uE001")


class Questions:
    """The part of the LaTeX reader that reads questions (a mixin of latex_input.Reader)."""

    def nabla(self, offset):
        r"""\nabla_X (the gradient) or \nabla^2_X (the Hessian): what follows is the function."""
        order = 1
        while self.peek(skip_spaces=False) in ("_", "^"):
            mark, _ = self.take()
            content, where = self.braced_tokens()
            if mark == "^":
                if content.strip() != "2":
                    raise self.error(where, "only \\nabla and \\nabla^2 can be read")
                order = 2
            else:
                self.ask(order, self.sub(content), where)
        if self.question is None:
            raise self.error(offset, "\\nabla needs the variable as its subscript: \\nabla_X f")
        self.question = (order, self.question[1])
        return ""

    def slashed_derivative(self, offset):
        r"""\partial f / \partial X: the gradient of f with respect to X."""
        function = self.sequence({"/"}, offset)
        self.expect(r"\partial")
        token, where = self.take()
        self.ask(1, self.atom(token, where)[0], where)
        return f"( {function} )", "group"

    def derivative(self, offset):
        """A fraction that asks for a derivative, as (its function's text, kind), or None."""
        start = self.position
        numerator, _ = self.braced_tokens()
        denominator, where = self.braced_tokens()
        top = re.match(r"\s*(\\partial|d(?![A-Za-z]{2}))\s*(\^\s*\{?\s*2\s*\}?)?", numerator)
        bottom = re.match(r"\s*(\\partial|d)(?=[\s\\A-Za-z])", denominator)
        if not (top and bottom):
            self.position = start
            return None
        variable = denominator[bottom.end():].split("\\partial")[0]
        self.ask(2 if top.group(2) else 1, self.sub(variable).split("ᵀ")[0], where)
        function = self.sub(numerator[top.end():])
        return (f"( {function} )", "group") if function.strip() else ("", "other")

    def ask(self, order, variable, where):
        variable = variable.strip()
        if not re.fullmatch(r"[^\s()]+", variable):
            raise self.error(where, f"cannot read {variable!r} as the variable to differentiate by")
        self.question = (order, variable)

    def unsaid_function(self, name, offset):
        """f(X) with f a letter the formula does not define: a numbered mark, with its offset kept."""
        argument = unmark(self.atom(*self.take())[0])[0]
        self.unsaid.append((offset, f"{name}{argument.replace(' ', '')}"))
        return f"\uE000{len(self.unsaid) - 1}\uE001", "group"
