"""The Greek letters of the language: spelled names and the letters they stand for.

`lambda` and `λ` are one name to the parser, the printers and the declarations: a
spelled Greek name is a scalar by default (a capitalised one a matrix), is never an
unknown function, and prints as its letter.
"""
_NAMES = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron "
          "pi rho sigma tau upsilon phi chi psi omega").split()

#: Spelled Greek names and their letters, both cases: lambda → λ, Sigma → Σ.
GREEK = dict(zip(_NAMES, "αβγδεζηθικλμνξοπρστυφχψω"))
GREEK.update({name.capitalize(): letter.upper() for name, letter in GREEK.items()})
GREEK.update(varepsilon="ϵ", vartheta="ϑ", varphi="ϕ", varrho="ϱ", varsigma="ς")
#: Each letter's spelled name: λ → lambda.
SPELLED = {letter: name for name, letter in GREEK.items()}
#: The spelled names in lower case, as a declaration or a call is checked against them.
GREEK_NAMES = frozenset(name.lower() for name in GREEK)
