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
#: Spelled names, longest first, so that `epsilon` is not read as `eta` and more.
_BY_LENGTH = sorted(GREEK, key=len, reverse=True)


def other_spellings(name):
    """The other spellings of a name that starts with a Greek letter: λ, lambda and lam (as
    `lambda` is a Python keyword) are one name, θ1 and theta1 another; () for other names."""
    letter = SPELLED.get(name[:1])
    if letter is not None:
        spelled, rest = letter, name[1:]
    else:
        spelled = next((g for g in _BY_LENGTH if name.startswith(g) and g in SPELLED.values()), None)
        if spelled is None:
            return ()
        rest = name[len(spelled):]
    forms = [GREEK[spelled] + rest, spelled + rest] + (["lam" + rest] if spelled == "lambda" else [])
    return tuple(form for form in dict.fromkeys(forms) if form != name)
