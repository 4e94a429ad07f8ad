"""The built wheel works on its own: grammar/ and rules/ ship inside it and are found at run time.

The wheel is installed with --no-deps into a fresh virtual environment that sees
the sympy, numpy, scipy and lark of the interpreter running the tests (its own
virtual environment's, when it runs in one) but not this checkout, and is run from
an empty directory.
"""
import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("pyproject.toml", "README.md", "matcalc", "grammar", "rules")

PROBE = """
import json, sys
import matcalc
from matcalc.language.parse import grammar_path
from matcalc.derivation.rulebook import rules_path
result = matcalc.grad("u1ᵀ W (W E Wᵀ + λI)⁻¹ Wᵀ u2", wrt="W", where="E: n×n symmetric")
json.dump({"module": matcalc.__file__, "grammar": str(grammar_path()), "rules": str(rules_path()),
           "shape": str(matcalc.parse("a' X b").shape), "gradient": str(result),
           "checked": bool(result.check(points=1, seed=0)), "prefix": sys.prefix}, sys.stdout)
"""


def run(command, cwd, **kwargs):
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    completed = subprocess.run(command, cwd=cwd, env=environment, capture_output=True, text=True,
                               timeout=300, **kwargs)
    assert completed.returncode == 0, completed.stderr[-2000:]
    return completed.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A virtual environment with the wheel of this checkout installed, and its python."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"  # a copy, so that the build leaves nothing in the checkout
    source.mkdir()
    for part in SOURCES:
        if (ROOT / part).is_dir():
            shutil.copytree(ROOT / part, source / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(ROOT / part, source / part)
    run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--quiet", "-w", str(base / "dist")],
        cwd=base)
    wheel = next((base / "dist").glob("matcalc-*.whl"))
    venv.create(base / "env", system_site_packages=True, with_pip=False)
    python = base / "env" / "bin" / "python"
    target = run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=base).strip()
    # pip of the outer interpreter installs into the environment's site-packages
    run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-compile",
         "--target", target, str(wheel)], cwd=base)
    see_dependencies(Path(target))
    empty = base / "empty"
    empty.mkdir()
    return python, Path(target), empty, wheel


def see_dependencies(target):
    """Let the environment import what the running interpreter imports.

    A virtual environment made from inside another one is made from the base interpreter,
    so its system site-packages lack what only the outer environment installed. The outer
    directories are listed in a .pth file: they follow the wheel on sys.path, and their own
    .pth files (an editable install of this checkout among them) are not run.
    """
    directories = dict.fromkeys([*site.getsitepackages(), sysconfig.get_paths()["purelib"],
                                 sysconfig.get_paths()["platlib"]])
    (target / "outer_site_packages.pth").write_text("".join(f"{d}\n" for d in directories))


def test_the_wheel_holds_the_grammar_and_the_rules(installed):
    import zipfile
    names = zipfile.ZipFile(installed[3]).namelist()
    assert "matcalc/grammar/matcalc.lark" in names
    assert {"matcalc/rules/differential.toml", "matcalc/rules/adjoint.toml", "matcalc/rules/simplify.toml"} <= set(names)


def test_the_installed_wheel_parses_and_derives(installed):
    python, target, empty, _ = installed
    report = json.loads(run([str(python), "-c", PROBE], cwd=empty))
    assert Path(report["module"]).is_relative_to(target), "the checkout, not the wheel, was imported"
    assert Path(report["grammar"]).is_relative_to(target) and Path(report["rules"]).is_relative_to(target)
    assert report["shape"] == "(1, 1)"
    assert report["gradient"].startswith("2(AWB − BWᵀAWBWE)")
    assert report["checked"]
