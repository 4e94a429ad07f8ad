def to_text(node):
    return repr(node)
