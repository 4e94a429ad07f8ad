"""Printers of the IR in the notations a person reads: text, ASCII, LaTeX, MathML and SymPy.

Importing any of them registers all five as the printed forms of every node (str(node),
node.ascii(), node.latex(), node.mathml(), node.to_sympy()).
"""
from ..core import ir
from .latex import to_latex
from .mathml import to_mathml
from .sympy import to_sympy
from .text import to_ascii, to_text

ir.provide(text=to_text, ascii=to_ascii, latex=to_latex, mathml=to_mathml, sympy=to_sympy)
