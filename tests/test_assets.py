"""Lean assets: pages load Bootstrap's CSS purged of the components we never use
(ops/purge_css.py), and no Bootstrap script."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("purge_css", ROOT / "ops" / "purge_css.py")
purge_css = importlib.util.module_from_spec(spec)
spec.loader.exec_module(purge_css)

FULL = (ROOT / "static/vendor/bootstrap/bootstrap.min.css").read_text()
PURGED = (ROOT / "static/vendor/bootstrap/bootstrap.purged.min.css").read_text()


def defined(css: str) -> set[str]:
    """The classes the rules' selectors name (not the numbers in their declarations)."""
    names = set()
    for prelude, body in purge_css._blocks(css):
        if body is None:
            continue
        if prelude.startswith("@"):
            if prelude.startswith(("@media", "@supports", "@container", "@layer")):
                names |= defined(body)
            continue
        names |= {name.replace("\\", "") for name in purge_css.CLASS.findall(prelude)}
    return names


def test_every_bootstrap_class_our_code_names_is_kept():
    ours = [path for path in purge_css.sources() if ROOT in path.parents]
    wanted = defined(purge_css.purge(FULL, *purge_css.used_words(ours)))
    assert wanted - defined(PURGED) == set(), "run: python ops/purge_css.py"


def test_the_purged_file_keeps_what_the_script_keeps_today():
    rules = purge_css.purge(FULL, *purge_css.used_words(purge_css.sources()))
    assert defined(rules) <= defined(PURGED), "run: python ops/purge_css.py"


def test_the_components_we_never_use_are_gone_and_the_file_is_small():
    gone = {"carousel-item", "toast-header", "offcanvas-end", "spinner-grow", "popover-arrow"}
    assert not gone & defined(PURGED)
    assert len(PURGED) < 0.4 * len(FULL)


def test_pages_load_the_purged_css_and_no_bootstrap_script(client, db):
    page = client.get("/").content.decode()
    assert "bootstrap.purged.min.css" in page and "bootstrap.min.css" not in page
    assert "bootstrap.bundle" not in page and "/static/js/menu.js" in page
