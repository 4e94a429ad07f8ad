"""The package's structure: imports run one way, and modules stay small.

The import graph is read from the source (every import, at the top or inside a
function), so a cycle hidden behind a function-local import fails here too.
"""
import ast
import tomllib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "matcalc"
#: Modules that import inside functions on purpose: the command line loads the engine
#: only for the command that needs it, so that --help and --version answer at once.
LAZY_BY_DESIGN = {"matcalc.cli", "matcalc.cli.output", "matcalc"}
MAX_LINES = 420
#: The layers of the pipeline, lowest first: each imports only layers before it. `__init__`
#: is the package's face, matcalc.grad and the rest, which it loads lazily from `results`.
LAYERS = ("errors", "core", "language", "printing", "checking", "derivation", "presentation", "codegen",
          "results", "code", "solvers", "web", "__init__", "cli", "__main__")


def module_name(path):
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports(name):
    """(imported module, inside a function?) for every import of a module of the package."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []

    def visit(node, nested):
        for child in ast.iter_child_nodes(node):
            inner = nested or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.ImportFrom):
                base = package.split(".")[: len(package.split(".")) - child.level + 1] if child.level else []
                source = ".".join(base + ([child.module] if child.module else []))
                for alias in child.names:
                    target = f"{source}.{alias.name}"
                    found.append((target if target in MODULES else source, inner))
            elif isinstance(child, ast.Import):
                found.extend((alias.name, inner) for alias in child.names)
            visit(child, inner)

    visit(tree, False)
    return [(target, inner) for target, inner in found if target in MODULES and target != name]


def test_the_import_graph_has_no_cycle():
    graph = {name: {target for target, _ in imports(name)} for name in MODULES}
    state, path = {}, []

    def visit(name):
        state[name] = "open"
        path.append(name)
        for target in sorted(graph[name]):
            if state.get(target) == "open":
                cycle = path[path.index(target):] + [target]
                pytest.fail("import cycle: " + " → ".join(cycle))
            if target not in state:
                visit(target)
        path.pop()
        state[name] = "done"

    for name in sorted(MODULES):
        if name not in state:
            visit(name)


def layer(name):
    return LAYERS.index(name.split(".")[1] if "." in name else "__init__")


def test_each_layer_imports_only_the_layers_below_it():
    upward = sorted(f"{name} imports {target}" for name in MODULES for target, _ in imports(name)
                    if layer(target) > layer(name))
    assert upward == []


def test_imports_inside_functions_only_where_loading_is_lazy_by_design():
    nested = sorted(f"{name} imports {target}" for name in MODULES if name not in LAZY_BY_DESIGN
                    for target, inner in imports(name) if inner)
    assert nested == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_stay_small(name):
    lines = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{name} has {lines} lines"


def test_every_subpackage_ships_in_the_wheel():
    pyproject = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(pyproject["tool"]["setuptools"]["packages"])
    packages = {module_name(path) for path in PACKAGE.rglob("__init__.py")}
    assert packages - listed == set()
