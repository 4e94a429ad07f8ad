"""The input language: the lark grammar, text to typed IR, and declarations."""
