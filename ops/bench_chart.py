"""The benchmark's table drawn as a chart: each line's requests per second as a bar, with
the two ceilings (/healthz and the bare Django view) as lines across, in SVG (no script,
no font to fetch). `make bench` (ops/bench.py --write) draws docs/benchmarks.svg; this
also draws it again from the table in docs/benchmarks.md:

    python ops/bench_chart.py
"""

import re
import sys
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "benchmarks.md"
SVG = ROOT / "docs" / "benchmarks.svg"

BAR_WIDTH, ROW, TOP = 430, 22, 54
# Room for the labels, right-aligned before the bars: 12 px sans-serif runs at most about
# 7 px a character for these labels (lower-case text, digits, parentheses).
CHAR_WIDTH, LABEL_MIN = 7, 330
COLOURS = {"visitor": "#1f6f6b", "member": "#7a4fa3"}


def chart(rows: list[tuple[str, str, float]], ceiling: float, bare: float) -> str:
    """rows: (page, who, requests per second)."""
    scale = max([bare, ceiling, *(rps for _, _, rps in rows)]) * 1.05
    height = TOP + ROW * len(rows) + 30
    longest = max((len(f"{name} ({who})") for name, who, _ in rows), default=0)
    label_width = max(LABEL_MIN, 16 + CHAR_WIDTH * longest)
    width = label_width + BAR_WIDTH + 70
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12" '
        'role="img" aria-labelledby="title">',
        '<title id="title">Requests per second for each page, beside the two ceilings</title>',
        f'<rect width="{width}" height="{height}" fill="#fff"/>',
        '<text x="10" y="18" font-size="14" font-weight="bold">make bench: requests per '
        "second (higher is better)</text>",
        f'<text x="10" y="38" fill="{COLOURS["visitor"]}">■ visitor</text>',
        f'<text x="80" y="38" fill="{COLOURS["member"]}">■ member</text>',
    ]
    for index, (name, who, rps) in enumerate(rows):
        y = TOP + index * ROW
        length = BAR_WIDTH * rps / scale
        colour = COLOURS.get(who, "#555")
        out += [
            f'<text x="{label_width - 8}" y="{y + 14}" text-anchor="end">'
            f"{escape(name)} ({who})</text>",
            f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" height="14" '
            f'fill="{colour}"/>',
            f'<text x="{label_width + length + 4:.1f}" y="{y + 14}">{rps:,.0f}</text>',
        ]
    bottom = TOP + ROW * len(rows)
    for value, label, dash in ((ceiling, "/healthz", "6 3"), (bare, "bare Django", "2 2")):
        x = label_width + BAR_WIDTH * value / scale
        out += [
            f'<line x1="{x:.1f}" y1="{TOP - 6}" x2="{x:.1f}" y2="{bottom}" stroke="#b00" '
            f'stroke-dasharray="{dash}"/>',
            f'<text x="{x:.1f}" y="{bottom + 16}" text-anchor="middle" fill="#b00">'
            f"{label} {value:,.0f}</text>",
        ]
    out.append("</svg>")
    return "\n".join(out) + "\n"


def rows_from_docs(text: str) -> tuple[list[tuple[str, str, float]], float, float]:
    """The measured lines, and the two ceilings, from the results in docs/benchmarks.md."""
    block = text.split("<!-- results -->", 1)[1].split("<!-- /results -->", 1)[0]
    rows = []
    for line in block.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and re.fullmatch(r"[\d.]+", cells[2]):
            rows.append((cells[0], cells[1], float(cells[2])))
    ceiling = max(rps for name, _, rps in rows if name.startswith("framework ceiling"))
    bare = max([rps for name, _, rps in rows if name.startswith("bare Django")] or [ceiling])
    pages = [row for row in rows if not row[0].startswith(("framework ceiling", "bare Django"))]
    return pages, ceiling, bare


if __name__ == "__main__":
    pages, ceiling, bare = rows_from_docs(DOCS.read_text())
    SVG.write_text(chart(pages, ceiling, bare))
    print(f"written to {SVG}", file=sys.stderr)
