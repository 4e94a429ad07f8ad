"""The rule files compiled once: parsed rules pickled beside the built parser.

Parsing every identity of rules/*.toml takes longer than a derivation, so the parsed
rules of each file are kept in the cache folder under a name holding a digest of the
file and of the code that reads it (a change to either is a new name). The file is
written to a temporary name and renamed into place, so two processes starting at once
each see a whole file or none. A file that cannot be read back is rebuilt; a folder
that cannot be written is done without.
"""
import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

from ..language.parse import cache_folder, grammar_text

#: The packages whose code decides what a parsed rule is.
READERS = ("core", "language", "derivation")


def compiled(kind, text, build):
    """build(text), or the rules it built from the same text and code in an earlier run."""
    folder = cache_folder()
    if folder is None:
        return build(text)
    path = folder / f"rules-{kind}-{_digest(text)}.pickle"
    try:
        return pickle.loads(path.read_bytes())
    except Exception:  # noqa: BLE001 - missing, damaged or unreadable: build it again
        pass
    rules = build(text)
    _write(path, pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL))
    return rules


def _digest(text):
    digest = hashlib.sha256(text.encode("utf-8"))
    digest.update(_code_digest().encode("ascii"))
    return digest.hexdigest()[:20]


@lru_cache(maxsize=None)
def _code_digest():
    """A digest of the grammar and of every module that parses and represents rules."""
    digest = hashlib.sha256(grammar_text().encode("utf-8"))
    package = Path(__file__).resolve().parent.parent
    for folder in READERS:
        for source in sorted((package / folder).glob("*.py")):
            digest.update(source.name.encode("utf-8") + source.read_bytes())
    return digest.hexdigest()


def _write(path, data):
    """Write `data` to `path` all at once, or not at all."""
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    except OSError:  # a folder that cannot be written to: no cache
        return
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass
