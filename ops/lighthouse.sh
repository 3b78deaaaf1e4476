#!/usr/bin/env bash
# Lighthouse performance scores of a running Patient Forum, as a phone sees it
# (Lighthouse's default mobile form factor and simulated throttling).
#
#   ops/lighthouse.sh [BASE_URL] [PATH ...]
#
# BASE_URL defaults to http://127.0.0.1:8000. Without paths it measures the home page,
# the first community and the first discussion the home page links to. Each page is run
# three times, one run at a time, and the table shows the median of each metric (the
# score's lowest and highest too). The JSON reports are kept for a closer look.
#
# Serve the site in production mode first (DEBUG=0, collectstatic, gunicorn), or the
# numbers say little about production: see the README's deployment section.
#
# Environment (all optional):
#   LIGHTHOUSE_RUNS     runs per page (3)
#   LIGHTHOUSE_VERSION  the npm version installed (12.8.2)
#   LIGHTHOUSE_CACHE    where it is installed, outside the repository
#                       (~/.cache/patient-forum-lighthouse)
#   LIGHTHOUSE_OUT      where the JSON reports go (a new temporary folder)
#   CHROME_PATH         the browser (/usr/bin/chromium)
#   LIGHTHOUSE_INSECURE 1 to accept a self-signed certificate (a local nginx with TLS)
set -euo pipefail

BASE=${1:-http://127.0.0.1:8000}
BASE=${BASE%/}
if [ $# -gt 0 ]; then shift; fi
RUNS=${LIGHTHOUSE_RUNS:-3}
VERSION=${LIGHTHOUSE_VERSION:-12.8.2}
CACHE=${LIGHTHOUSE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/patient-forum-lighthouse}
OUT=${LIGHTHOUSE_OUT:-$(mktemp -d -t lighthouse.XXXXXX)}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
# Headless, and nothing that would reach the internet while measuring.
CHROME_FLAGS="--headless=new --no-sandbox --disable-gpu --disable-background-networking \
--disable-component-update --disable-sync --no-first-run"
CURL=(curl -fsS)
if [ "${LIGHTHOUSE_INSECURE:-0}" = 1 ]; then
  CHROME_FLAGS="$CHROME_FLAGS --ignore-certificate-errors"
  CURL+=(-k)
fi

command -v node >/dev/null || { echo "FAIL: node is not installed" >&2; exit 1; }
[ -x "$CHROME_PATH" ] || { echo "FAIL: no browser at $CHROME_PATH" >&2; exit 1; }

# Lighthouse itself, installed once with npm into the cache folder.
LH="$CACHE/$VERSION/node_modules/lighthouse/cli/index.js"
if [ ! -f "$LH" ]; then
  echo "== installing lighthouse $VERSION into $CACHE/$VERSION"
  mkdir -p "$CACHE/$VERSION"
  (cd "$CACHE/$VERSION" && npm init -y >/dev/null \
    && npm install --no-audit --no-fund --loglevel=error "lighthouse@$VERSION" >/dev/null)
fi

# Without paths: the home page, then the first community and the first discussion it
# links to (forum/urls.py: /communities/<slug>/ and /discussions/<id>/<slug>/).
if [ $# -eq 0 ]; then
  home=$("${CURL[@]}" "$BASE/") || { echo "FAIL: $BASE/ does not answer" >&2; exit 1; }
  community=$(grep -oE 'href="/communities/[A-Za-z0-9_-]+/"' <<<"$home" | head -n1 | cut -d'"' -f2 || true)
  discussion=$(grep -oE 'href="/discussions/[0-9]+/[A-Za-z0-9_-]+/"' <<<"$home" | head -n1 | cut -d'"' -f2 || true)
  [ -n "$community" ] && [ -n "$discussion" ] \
    || { echo "FAIL: no community or discussion link on the home page" >&2; exit 1; }
  set -- / "$community" "$discussion"
fi

mkdir -p "$OUT"
echo "== lighthouse $VERSION, mobile, simulated throttling, $RUNS runs per page; reports in $OUT"
for page in "$@"; do
  slug=$(tr -c 'A-Za-z0-9\n' '_' <<<"$page")
  for run in $(seq 1 "$RUNS"); do
    # One run at a time: runs side by side would slow each other down. Lighthouse now
    # and then fails to record the trace (NO_NAVSTART); such a run is tried again.
    echo "   $page, run $run" >&2
    report="$OUT/page${slug}-run$run.json"
    for attempt in 1 2 3; do
      if node "$LH" "$BASE$page" --chrome-flags="$CHROME_FLAGS" --only-categories=performance \
        --output=json --output-path="$report" --quiet \
        && ! grep -q '"runtimeError"' "$report"; then
        break
      fi
      [ "$attempt" = 3 ] && { echo "FAIL: lighthouse failed 3 times on $page" >&2; exit 1; }
      echo "   $page, run $run failed, trying again" >&2
    done
  done
done

# The table: the median of each metric over the runs of a page.
node - "$OUT" "$RUNS" "$@" <<'JS'
const fs = require("fs");
const [out, runs, ...pages] = process.argv.slice(2);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b), m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const sec = (ms) => (ms / 1000).toFixed(2) + " s";
const rows = [["page", "score", "(min-max)", "FCP", "LCP", "TBT", "CLS", "SI"]];
for (const page of pages) {
  const slug = page.replace(/[^A-Za-z0-9]/g, "_");
  const reports = [];
  for (let run = 1; run <= Number(runs); run++) {
    reports.push(JSON.parse(fs.readFileSync(`${out}/page${slug}-run${run}.json`, "utf8")));
  }
  const metric = (id) => median(reports.map((r) => r.audits[id].numericValue));
  const scores = reports.map((r) => r.categories.performance.score);
  rows.push([
    page,
    median(scores).toFixed(2),
    `(${Math.min(...scores).toFixed(2)}-${Math.max(...scores).toFixed(2)})`,
    sec(metric("first-contentful-paint")),
    sec(metric("largest-contentful-paint")),
    Math.round(metric("total-blocking-time")) + " ms",
    metric("cumulative-layout-shift").toFixed(3),
    sec(metric("speed-index")),
  ]);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i])).join("  "));
JS
