"""The shape of the package: no module imports another that imports it back.

Every import counts, wherever it is written: at the top, inside a function, or under
`if TYPE_CHECKING:` (an import hidden there still ties the two modules together; the way out
is a leaf module both can import). The command line's imports inside its commands are no
exception, and need none: cli imports the pipeline, the pipeline never imports cli.
"""

from __future__ import annotations

import ast
from pathlib import Path

import roadmap_kg

PACKAGE = Path(roadmap_kg.__file__).parent

Graph = dict[str, set[str]]  # module → the modules of the package it imports


def module_names(root: Path, package: str) -> dict[str, Path]:
    """Dotted name → file of every module under root (a package's own name → __init__.py)."""
    names = {}
    for path in sorted(root.rglob("*.py")):
        parts = [package, *path.relative_to(root).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def imported(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The modules of the package that module imports, anywhere in its text."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(module, is_package, node.level, node.module)
            for alias in node.names:
                # `from . import x` (or `from .pkg import x`) imports the module x if there is one
                submodule = f"{source}.{alias.name}"
                found.add(submodule if submodule in modules else source)
    return {name for name in found if name in modules and name != module}


def _absolute(module: str, is_package: bool, level: int, name: str | None) -> str:
    """The dotted name a relative import refers to ('.x' in a.b.c → a.b.x)."""
    if level == 0:
        return name or ""
    parts = module.split(".")
    if not is_package:
        parts = parts[:-1]  # a plain module's imports are relative to its package
    base = parts[: len(parts) - (level - 1)]
    return ".".join([*base, name] if name else base)


def import_graph(root: Path, package: str) -> Graph:
    modules = module_names(root, package)
    return {module: imported(module, path, modules) for module, path in modules.items()}


def find_cycle(graph: Graph) -> list[str] | None:
    """One cycle of the graph as the modules along it, the first repeated at the end; or
    None. Depth first, modules in name order, so the same cycle is reported every time."""
    done: set[str] = set()
    path: list[str] = []
    on_path: set[str] = set()

    def visit(module: str) -> list[str] | None:
        path.append(module)
        on_path.add(module)
        for target in sorted(graph.get(module, ())):
            if target in on_path:
                return [*path[path.index(target) :], target]
            if target not in done:
                cycle = visit(target)
                if cycle:
                    return cycle
        path.pop()
        on_path.discard(module)
        done.add(module)
        return None

    for module in sorted(graph):
        if module not in done:
            cycle = visit(module)
            if cycle:
                return cycle
    return None


def test_no_module_imports_one_that_imports_it_back() -> None:
    graph = import_graph(PACKAGE, "roadmap_kg")
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " → ".join(cycle or ())


def test_the_walk_sees_the_package_it_is_given() -> None:
    """The graph of the real package has the edges the checks rely on."""
    graph = import_graph(PACKAGE, "roadmap_kg")
    assert "roadmap_kg.pipeline" in graph["roadmap_kg.cli"]  # inside a command
    assert "roadmap_kg.publish.model" in graph["roadmap_kg.publish.catalog"]
    assert "roadmap_kg.publish.downloads" in graph["roadmap_kg.pipeline"]  # from .publish import
    assert "roadmap_kg" in graph["roadmap_kg.remote"]  # from . import __version__


def test_a_cycle_hidden_in_functions_or_type_checking_is_found(tmp_path: Path) -> None:
    root = tmp_path / "pkg"
    (root / "sub").mkdir(parents=True)
    (root / "__init__.py").write_text("", encoding="utf-8")
    (root / "sub" / "__init__.py").write_text("", encoding="utf-8")
    (root / "a.py").write_text("from .sub import b\n", encoding="utf-8")
    (root / "sub" / "b.py").write_text(
        "def f():\n    from . import c\n    return c\n", encoding="utf-8"
    )
    (root / "sub" / "c.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..a import thing\n",
        encoding="utf-8",
    )
    graph = import_graph(root, "pkg")
    assert graph["pkg.a"] == {"pkg.sub.b"}
    assert graph["pkg.sub.b"] == {"pkg.sub.c"}
    assert graph["pkg.sub.c"] == {"pkg.a"}
    assert find_cycle(graph) == ["pkg.a", "pkg.sub.b", "pkg.sub.c", "pkg.a"]
    (root / "sub" / "c.py").write_text("import os\n", encoding="utf-8")
    assert find_cycle(import_graph(root, "pkg")) is None


LONGEST_FUNCTION = 60  # lines from `def` to its last line: a longer one reads as steps


def long_functions(root: Path) -> list[str]:
    """'file:line name (N lines)' for every function of root's modules over the limit."""
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > LONGEST_FUNCTION:
                    where = path.relative_to(root.parent)
                    found.append(f"{where}:{node.lineno} {node.name} ({length} lines)")
    return found


def test_no_function_is_longer_than_a_screen() -> None:
    assert long_functions(PACKAGE) == []


def test_a_long_function_is_found(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    body = "".join(f"    x{n} = {n}\n" for n in range(LONGEST_FUNCTION))
    (package / "m.py").write_text(f"def short():\n    pass\n\n\ndef long():\n{body}", "utf-8")
    assert long_functions(package) == [f"pkg/m.py:5 long ({LONGEST_FUNCTION + 1} lines)"]
