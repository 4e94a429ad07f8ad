"""The built parser is cached between runs, and no state of the cache breaks parsing;
`import matcalc` leaves the derivation engine (and sympy) for first use."""
import importlib
import subprocess
import sys

import pytest

import matcalc

parse_module = importlib.import_module("matcalc.language.parse")


@pytest.fixture
def fresh_parser():
    parse_module._parser.cache_clear()
    yield
    parse_module._parser.cache_clear()


def test_an_unusable_cache_folder_means_no_cache(monkeypatch, tmp_path, fresh_parser):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker / "below-a-file"))
    assert parse_module._parser_cache("grammar") is False
    assert str(matcalc.parse("tr(A X B)")) == "tr(AXB)"


@pytest.mark.parametrize("content", [None, b"not a cached parser\n", b""])
def test_a_missing_or_damaged_cache_file_is_rebuilt(monkeypatch, tmp_path, fresh_parser, content):
    cache = tmp_path / "parser.pickle"
    if content is not None:
        cache.write_bytes(content)
    monkeypatch.setattr(parse_module, "_parser_cache", lambda grammar: str(cache))
    assert str(matcalc.parse("a' X b")) == "aᵀX b"
    parse_module._parser.cache_clear()
    assert str(matcalc.parse("a' X b")) == "aᵀX b"  # now read from the cache written above
    assert cache.stat().st_size > 1000


def test_a_changed_grammar_has_its_own_cache_file(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert parse_module._parser_cache("start: a") != parse_module._parser_cache("start: b")


def test_import_is_light_and_parse_stays_the_function():
    code = ("import sys, matcalc; light = 'sympy' not in sys.modules\n"
            "import matcalc.language.parse, matcalc.derivation\n"
            "print(light, callable(matcalc.parse), matcalc.grad('tr(X)', wrt='X'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "True", "I"]
