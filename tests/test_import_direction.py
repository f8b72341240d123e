"""The direction of imports (docs/adr/0005): apps are layers, and each imports only below it.

Every module's imports are read from its source (also those inside functions), so a
cycle or a shortcut into another app's pages fails here before it grows.
"""

import ast
import sys
from pathlib import Path

import samverkan

ROOT = Path(samverkan.__file__).parent

# Lowest first. An app may import from the apps before it, never from those after it.
LAYERS = [
    {"lib"},
    # The trash, and operations (background jobs and their progress, health, backups):
    # every app may start a job, so operations knows no app.
    {"history", "operations"},
    {"organisation"},
    {"policy"},
    {"registry"},
    {"activities"},
    {"funding"},
    {"applications"},
    {"monitoring"},
    {"followup"},
    # The adapters: above every app, and none of them above another.
    # (lib.views holds the page helpers every app's pages use; the API uses none of them.)
    {"public", "api", "demo"},
    # The site shell wires them all (urls.py, views.py, cli.py, settings.py).
    {"<site>"},
]
RANK = {app: rank for rank, apps in enumerate(LAYERS) for app in apps}


def _app_of(parts: tuple[str, ...]) -> str:
    """The app a dotted module path (without "samverkan.") belongs to."""
    if not parts:
        return "<site>"
    first = parts[0]
    return first if first in RANK else "<site>"


def _modules():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if "migrations" in relative.parts:
            continue
        parts = relative.with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield path, parts, path.name == "__init__.py"


def _imports(path: Path, parts: tuple[str, ...], is_package: bool):
    """(line, imported module parts under samverkan) for each import of the project."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = parts if is_package else parts[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                names = alias.name.split(".")
                if names[0] == "samverkan":
                    yield node.lineno, tuple(names[1:])
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                target = (*base, *(node.module.split(".") if node.module else ()))
            elif node.module and node.module.split(".")[0] == "samverkan":
                target = tuple(node.module.split(".")[1:])
            else:
                continue
            # `from samverkan.x import views` imports the module x.views: name what is imported.
            for alias in node.names:
                yield node.lineno, (*target, alias.name)


def _is_pages(target: tuple[str, ...]) -> bool:
    return any(part == "views" or part.startswith("views_") for part in target)


def _violations():
    found = []
    for path, parts, is_package in _modules():
        app = _app_of(parts)
        where = f"samverkan/{path.relative_to(ROOT)}"
        for line, target in _imports(path, parts, is_package):
            other = _app_of(target)
            if other == app:
                continue
            if RANK[other] >= RANK[app]:
                found.append(f"{where}:{line}: {app} imports {'.'.join(target)} ({other})")
            elif _is_pages(target) and other != "lib" and app != "<site>":
                found.append(f"{where}:{line}: imports another app's pages {'.'.join(target)}")
            if app == "api" and _is_pages(target):
                found.append(f"{where}:{line}: the API imports page code {'.'.join(target)}")
    return sorted(set(found))


def test_every_import_points_down_the_layers():
    violations = _violations()
    assert not violations, "Imports against docs/adr/0005:\n" + "\n".join(violations)


def test_the_check_sees_a_violation(tmp_path, monkeypatch):
    """The checker itself: an app importing one above it, and another app's views."""
    fake = tmp_path / "samverkan"
    (fake / "registry").mkdir(parents=True)
    (fake / "registry" / "__init__.py").write_text("")
    (fake / "registry" / "bad.py").write_text(
        "from samverkan.followup import figures\n"
        "from samverkan.activities.views import helpers\n"
        "def later():\n    from ..funding import models\n"
    )
    monkeypatch.setattr(sys.modules[__name__], "ROOT", fake)
    found = _violations()
    assert any("registry imports followup.figures" in v for v in found), found
    assert any("registry imports activities.views.helpers (activities)" in v for v in found)
    assert any("registry imports funding.models (funding)" in v for v in found)
