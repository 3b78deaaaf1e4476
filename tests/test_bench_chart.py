"""The benchmark's chart (ops/bench_chart.py) is drawn from the table in the docs."""

import importlib.util
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("bench_chart", ROOT / "ops" / "bench_chart.py")
bench_chart = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench_chart)


def test_the_chart_has_a_bar_per_page_and_both_ceilings():
    pages, ceiling, bare = bench_chart.rows_from_docs((ROOT / "docs/benchmarks.md").read_text())
    assert pages and bare >= ceiling > 0
    assert not any(name.startswith(("framework ceiling", "bare Django")) for name, _, _ in pages)
    svg = ElementTree.fromstring(bench_chart.chart(pages, ceiling, bare))
    ns = "{http://www.w3.org/2000/svg}"
    bars = [rect for rect in svg.iter(f"{ns}rect") if rect.get("x")]
    assert len(bars) == len(pages)
    widths = {
        (name, who): float(bar.get("width"))
        for (name, who, _), bar in zip(pages, bars, strict=True)
    }
    name, who, _ = max(pages, key=lambda row: row[2])
    assert widths[(name, who)] == max(widths.values())
    texts = " ".join(text.text or "" for text in svg.iter(f"{ns}text"))
    assert f"/healthz {ceiling:,.0f}" in texts and f"bare Django {bare:,.0f}" in texts


def test_the_committed_chart_is_the_one_the_table_draws():
    text = (ROOT / "docs/benchmarks.md").read_text()
    assert "(benchmarks.svg)" in text
    expected = bench_chart.chart(*bench_chart.rows_from_docs(text))
    assert (ROOT / "docs/benchmarks.svg").read_text() == expected


def test_the_longest_label_has_room_before_the_bars():
    pages = [
        ("home", "visitor", 1800.0),
        ("discussion (4,866 replies), first page, page cache off", "visitor", 180.0),
    ]
    svg = ElementTree.fromstring(bench_chart.chart(pages, 1600.0, 3000.0))
    ns = "{http://www.w3.org/2000/svg}"
    bar_start = min(float(rect.get("x")) for rect in svg.iter(f"{ns}rect") if rect.get("x"))
    longest = max(len(f"{name} ({who})") for name, who, _ in pages)
    # Each label ends 8 px before the bars; 12 px sans-serif needs up to ~7 px a character.
    assert bar_start - 8 >= longest * 7
