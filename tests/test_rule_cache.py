"""The rule files load from a compiled cache that a changed file, a damaged cache file,
an unwritable folder or two processes starting at once cannot break."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from matcalc.derivation import rule_cache, rulebook

ROOT = Path(__file__).resolve().parent.parent
TEXT = (rulebook.rules_path() / "simplify.toml").read_text(encoding="utf-8")


def _build(text, calls):
    calls.append(text)
    return rulebook._read_rules("simplify", text)


@pytest.fixture
def cache_home(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "matcalc"


def test_the_second_load_reads_the_rules_the_first_wrote(cache_home):
    calls = []
    first = rule_cache.compiled("simplify", TEXT, lambda text: _build(text, calls))
    second = rule_cache.compiled("simplify", TEXT, lambda text: _build(text, calls))
    assert len(calls) == 1
    assert [r.lhs for r in second] == [r.lhs for r in first]
    assert [r.function for r in second] == [r.function for r in first]
    assert len(list(cache_home.glob("rules-simplify-*.pickle"))) == 1


def test_a_changed_rule_file_is_read_again(cache_home):
    calls = []
    rule_cache.compiled("simplify", TEXT, lambda text: _build(text, calls))
    changed = TEXT + "\n# a comment changes the digest\n"
    rule_cache.compiled("simplify", changed, lambda text: _build(text, calls))
    assert calls == [TEXT, changed]
    assert len(list(cache_home.glob("rules-simplify-*.pickle"))) == 2


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05truncated"])
def test_a_damaged_cache_file_is_rebuilt(cache_home, damage):
    calls = []
    rule_cache.compiled("simplify", TEXT, lambda text: _build(text, calls))
    (path,) = cache_home.glob("rules-simplify-*.pickle")
    path.write_bytes(damage)
    rules = rule_cache.compiled("simplify", TEXT, lambda text: _build(text, calls))
    assert len(calls) == 2 and len(rules) == len(rulebook.load("simplify"))
    assert path.stat().st_size > 1000  # written whole again


def test_an_unwritable_cache_folder_means_no_cache(monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker / "below"))
    calls = []
    for _ in range(2):
        rule_cache.compiled("simplify", TEXT, lambda text: _build(text, calls))
    assert len(calls) == 2


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_read_only_cache_folder_means_no_cache(cache_home):
    cache_home.mkdir()
    cache_home.chmod(0o500)
    try:
        calls = []
        rule_cache.compiled("simplify", TEXT, lambda text: _build(text, calls))
        assert calls and not list(cache_home.iterdir())
    finally:
        cache_home.chmod(0o700)


def test_processes_starting_at_once_all_derive_right(tmp_path):
    """Four processes with an empty cache: each writes its own temporary file and renames it
    into place, so none reads a half-written file, and each derives the same gradient."""
    code = "import matcalc; print(matcalc.grad('u1ᵀ W (W E Wᵀ + λI)⁻¹ Wᵀ u2', wrt='W'))"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    started = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, encoding="utf-8", env=env) for _ in range(4)]
    outputs = [process.communicate(timeout=300) for process in started]
    assert all(process.returncode == 0 for process in started), [err for _, err in outputs]
    assert len({out for out, _ in outputs}) == 1 and "where" in outputs[0][0]
    assert not list((tmp_path / "matcalc").glob("*.tmp"))
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8",
                           env=env, timeout=300)
    assert again.stdout == outputs[0][0]  # now from the cache the others wrote
