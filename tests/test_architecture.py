"""Imports go one way: accounts ← forum ← conversations ← {moderation, notifications},
and forum ← search. A lower app announces events; it never imports a higher one (config
and ops may use all). Search never imports conversations: private messages are never
searched."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HIGHER = {
    "accounts": {"forum", "conversations", "moderation", "notifications", "search"},
    "forum": {"conversations", "moderation", "notifications", "search"},
    "conversations": {"moderation", "notifications", "search"},
    "search": {"conversations"},
}


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("app", sorted(HIGHER))
def test_a_lower_app_imports_no_higher_one(app):
    modules = [p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts]
    assert modules
    offending = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path) & HIGHER[app])
        for path in modules
        if imported_apps(path) & HIGHER[app]
    }
    assert offending == {}


def test_no_module_outgrows_what_a_newcomer_can_read():
    """400 lines at most, outside migrations, tests and the settings."""
    too_long = {}
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in {".venv", "tests", "static"} or "migrations" in relative.parts:
            continue
        if str(relative) == "config/settings.py":
            continue
        lines = len(path.read_text().splitlines())
        if lines > 400:
            too_long[str(relative)] = lines
    assert too_long == {}
