"""The package's layout rules, checked on the source so that they cannot erode unnoticed.

The tree should read as the pipeline (text -> page -> spans -> document -> report, with the
surfaces beside it), so: few modules at the top, short functions, no import cycles, span kinds
named in one place, and surfaces (CLI, review UI, batch I/O) that call the public API rather
than the stages below it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "detector"
MAX_TOP_MODULES = 12
MAX_FUNCTION_LINES = 60
STAGES = ("page", "lm", "spans", "document")  # what a surface must reach through the public API


def _modules() -> Iterator[tuple[str, Path, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        yield name, path, ast.parse(path.read_text(encoding="utf-8"))


def _imports(name: str, tree: ast.Module, known: set[str]) -> set[str]:
    """Every detector module `name` imports, at the top or inside a function (imports for type
    checkers only run under a type checker, never at run time)."""
    out = set()
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
            out.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {m for m in out if m in known and m != name}


def _runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            continue
        yield node
        yield from _runtime_nodes(node)


def test_few_modules_at_the_top() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= MAX_TOP_MODULES, top


def test_no_long_functions_outside_training() -> None:
    long = [
        f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for _, path, tree in _modules()
        if "training" not in path.parts
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and (node.end_lineno or node.lineno) - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long == []


def test_no_import_cycles() -> None:
    modules = {name: tree for name, _, tree in _modules()}
    known = set(modules)
    # A package's __init__ importing its own modules is how a package is built, not a cycle.
    graph = {
        name: {m for m in _imports(name, tree, known) if not m.startswith(name + ".")} for name, tree in modules.items()
    }
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(path[path.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_span_kinds_are_named_only_in_types() -> None:
    """Kinds are `SpanKind` members everywhere but where they are defined."""
    kinds = {"fingerprint", "pps", "discovery", "mt"}
    found = []
    for _, path, tree in _modules():
        if path.name == "types.py":
            continue
        for node in ast.walk(tree):
            strings: list[ast.AST] = []
            if isinstance(node, ast.Compare) and isinstance(node.left, ast.Attribute) and node.left.attr == "kind":
                strings = [c for comp in node.comparators for c in ast.walk(comp)]
            elif isinstance(node, ast.Call):
                strings = [kw.value for kw in node.keywords if kw.arg == "kind"]
            elif isinstance(node, ast.ClassDef):
                strings = [
                    stmt.value
                    for stmt in node.body
                    if isinstance(stmt, ast.Assign) and any(getattr(t, "id", "") == "kind" for t in stmt.targets)
                ]
            for s in strings:
                if isinstance(s, ast.Constant) and s.value in kinds:
                    found.append(f"{path.relative_to(ROOT)}:{s.lineno} {s.value!r}")
    assert found == []


def test_surfaces_call_the_public_api() -> None:
    """The CLI, the review UI and the batch and review helpers reach the stages only through
    `detector` / `detector.api`."""
    surfaces = [
        PACKAGE / "cli.py",
        ROOT / "app.py",
        *(PACKAGE / "batch").glob("*.py"),
        *(PACKAGE / "review").glob("*.py"),
    ]
    reaching = []
    for path in surfaces:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for module in names:
                parts = module.split(".")
                if parts[0] == "detector" and len(parts) > 1 and parts[1] in STAGES:
                    reaching.append(f"{path.relative_to(ROOT)}:{node.lineno} {module}")
    assert reaching == []
