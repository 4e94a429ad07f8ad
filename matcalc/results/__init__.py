"""What grad, vjp, jacobian and hessian return: the derivation's passes run in order, and
every output made from their result — text, LaTeX, SymPy, steps, generated code, checks.

It sits above the derivation, presentation, code generation and checking, which know
nothing of it.
"""
