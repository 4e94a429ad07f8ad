"""Printers of the IR in the notations a person reads: text, ASCII, LaTeX and SymPy."""
