"""Imports run one way and are visible: the rules of Tribune's layering, checked on its source.

- No circle between modules (imports at module level; TYPE_CHECKING blocks aside).
- No import inside a function, unless the line above it is a comment saying why.
- Selectors never import services.
- Floors: newsroom imports neither discussion nor donations; the comment section imports none of
  the discussion's other rooms; moderation and notifications import each other not at all, nor
  portability.
"""

import ast
from pathlib import Path

import tribune

PACKAGE = Path(tribune.__file__).resolve().parent
ROOT = PACKAGE.parent

FORBIDDEN = {
    "tribune.newsroom": ("tribune.discussion", "tribune.donations"),
    "tribune.core": ("tribune.newsroom", "tribune.discussion", "tribune.donations"),
    "tribune.discussion.comments": ("tribune.discussion.moderation", "tribune.discussion.notifications",
                                    "tribune.discussion.portability"),
    "tribune.discussion.moderation": ("tribune.discussion.notifications", "tribune.discussion.portability"),
    "tribune.discussion.notifications": ("tribune.discussion.moderation", "tribune.discussion.portability"),
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if "tests" in parts or "migrations" in parts or path.name == "conftest.py":
            continue
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _absolute(node: ast.ImportFrom, module: str, path: Path) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _targets(node, module: str, path: Path) -> list[str]:
    """Return the tribune modules an import statement loads."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name.startswith("tribune")]
    target = _absolute(node, module, path)
    if not target.startswith("tribune"):
        return []
    # `from package import submodule` loads the submodule too.
    return [target] + [f"{target}.{alias.name}" for alias in node.names if f"{target}.{alias.name}" in MODULES]


def _in_type_checking(node, parents) -> bool:
    parent = parents.get(node)
    while parent is not None:
        if isinstance(parent, ast.If) and "TYPE_CHECKING" in ast.unparse(parent.test):
            return True
        parent = parents.get(parent)
    return False


def _scan():
    """Return module-level import edges and the imports found inside functions."""
    edges, inner = {}, []
    for module, path in MODULES.items():
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        lines = source.splitlines()
        parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
        edges[module] = set()
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom) or _in_type_checking(node, parents):
                continue
            inside = False
            parent = parents.get(node)
            while parent is not None:
                if isinstance(parent, ast.FunctionDef | ast.AsyncFunctionDef):
                    inside = True
                    break
                parent = parents.get(parent)
            if inside:
                above = lines[node.lineno - 2].strip() if node.lineno >= 2 else ""
                # A run of imports (blank lines between groups included) shares one comment.
                line = node.lineno - 1
                while line > 1 and (not above or above.startswith(("from ", "import "))):
                    line -= 1
                    above = lines[line - 1].strip()
                if not above.startswith("#"):
                    inner.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)}")
                continue
            edges[module].update(t for t in _targets(node, module, path) if t in MODULES and t != module)
    return edges, inner


EDGES, INNER = _scan()


def test_no_import_inside_a_function_without_a_comment_saying_why():
    assert INNER == []


def test_no_circle_between_modules():
    circles, state = [], {}

    def visit(module, trail):
        state[module] = "open"
        for target in sorted(EDGES.get(module, ())):
            # A package importing its own submodules to re-export them is not a way back up.
            if state.get(target) == "open" and not target.startswith(module + "."):
                cycle = trail[trail.index(target):] + [target]
                if not all(b.startswith(a + ".") for a, b in zip(cycle, cycle[1:], strict=False)):
                    circles.append(" -> ".join(cycle))
            elif target not in state:
                visit(target, trail + [target])
        state[module] = "done"

    for module in sorted(EDGES):
        if module not in state:
            visit(module, [module])
    assert circles == []


def test_selectors_never_import_services():
    offenders = [f"{module} -> {target}" for module, targets in EDGES.items()
                 if module.rsplit(".", 1)[-1] == "selectors" or ".selectors." in module
                 for target in targets if ".services" in target]
    assert offenders == []


def test_each_floor_imports_only_what_lies_below_it():
    offenders = []
    for module, targets in EDGES.items():
        for floor, forbidden in FORBIDDEN.items():
            if module == floor or module.startswith(floor + "."):
                offenders += [f"{module} -> {t}" for t in targets
                              if any(t == f or t.startswith(f + ".") for f in forbidden)]
    assert offenders == []
