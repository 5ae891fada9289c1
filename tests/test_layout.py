"""The package's shape, as ARCHITECTURE.md states it: stages import only downward, no import cycle
(also none hidden in a function), no function over 60 lines. Read from the source with `ast`, so a
violation anywhere in src/extract fails here with its place named."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "extract"
MAX_FUNCTION_LINES = 60

# Lowest first; a module may import its own layer or lower ones. The key is the first component of
# the module's path under extract/ (a module file or a package).
LAYERS = [
    {"errors", "models", "data_files", "contract", "interrupts"},
    {"text"},
    {"ingest"},
    {"normalise"},
    {"segment"},
    {"targets"},
    {"check"},
    {"export"},
    {"pipeline"},
    {"batch"},
    {"dataset", "verify", "outline"},
    {"cli", "serve", "__main__"},
]
LAYER_OF = {name: i for i, names in enumerate(LAYERS) for name in names}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def resolve(module: str, is_package: bool, node: ast.ImportFrom) -> list[str]:
    """The extract modules an import-from statement names (a package's submodules included)."""
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    if not (target == "extract" or target.startswith("extract.")):
        return []
    return [target] + [f"{target}.{alias.name}" for alias in node.names]


def imports_of(path: Path) -> list[tuple[str, int, bool]]:
    """(imported extract module, line, inside a function?) for every import in the file."""
    module = module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.ImportFrom):
                found.extend((t, child.lineno, in_function) for t in resolve(module, path.name == "__init__.py", child))
            elif isinstance(child, ast.Import):
                found.extend((a.name, child.lineno, in_function) for a in child.names if a.name.startswith("extract"))
            visit(child, inner)

    visit(tree, False)
    known = modules()
    return [(t, line, fn) for t, line, fn in found if t in known]


def layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYER_OF.get(parts[1]) if len(parts) > 1 else None


def graph() -> dict[str, set[str]]:
    return {m: {t for t, _, _ in imports_of(p)} - {m} for m, p in modules().items()}


def test_every_module_has_a_layer():
    unplaced = [m for m in modules() if m != "extract" and layer(m) is None]
    assert unplaced == [], f"add these to LAYERS here and to ARCHITECTURE.md: {unplaced}"


def test_no_stage_imports_a_later_one():
    upward = []
    for m, p in modules().items():
        for target, line, _ in imports_of(p):
            if layer(m) is not None and layer(target) is not None and layer(target) > layer(m):
                upward.append(f"{p.relative_to(SRC)}:{line} imports {target}")
    assert upward == []


def test_no_function_level_import_of_the_package():
    hidden = [f"{p.relative_to(SRC)}:{line} imports {t}" for m, p in modules().items()
              for t, line, in_function in imports_of(p) if in_function]
    assert hidden == []


def test_no_import_cycle():
    edges = graph()
    # a package's __init__ importing its own submodules is how it exports them, not a cycle
    edges = {m: {t for t in ts if not t.startswith(m + ".")} for m, ts in edges.items()}
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def walk(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for t in sorted(edges.get(m, ())):
            if state.get(t) == 1:
                cycles.append(stack[stack.index(t):] + [t])
            elif t not in state:
                walk(t)
        stack.pop()
        state[m] = 2

    for m in sorted(edges):
        if m not in state:
            walk(m)
    assert cycles == []


def long_functions() -> list[str]:
    out = []
    for p in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                first = min([node.lineno] + [d.lineno for d in node.decorator_list])
                n = (node.end_lineno or node.lineno) - first + 1
                if n > MAX_FUNCTION_LINES:
                    out.append(f"{p.relative_to(SRC)}:{node.lineno} {node.name} ({n} lines)")
    return out


def test_no_function_over_60_lines():
    assert long_functions() == []


@pytest.mark.parametrize("source, expected", [
    ("def f():\n    from .models import Target\n", True),
    ("from .models import Target\n", False),
])
def test_the_import_reader_tells_a_function_level_import(tmp_path, source, expected, monkeypatch):
    package = tmp_path / "extract"
    package.mkdir()
    (package / "models.py").write_text("Target = 1\n")
    (package / "check.py").write_text(source)
    monkeypatch.setattr("test_layout.SRC", package)
    assert imports_of(package / "check.py") == [("extract.models", 2 if expected else 1, expected)]
