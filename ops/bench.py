"""Load benchmark: gunicorn (production settings, 2 workers) on the seeded PostgreSQL
database, driven by wrk over loopback. Prints a Markdown table and, with --write, puts
it into docs/benchmarks.md. Run through `make bench` (ops/bench.sh prepares everything).

Every page is reported against the framework ceiling: a trivial Django view (/healthz)
served by the same processes with the same middleware, measured before and after the
read pages; the higher of the two is the reference.
"""

import argparse
import json
import os
import platform
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_wrk import serve, wait_ready, worker_peak_memory_mb, wrk, wrk_together  # ops/

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PORT = int(os.environ.get("BENCH_PORT", "8200"))
BASE = f"http://127.0.0.1:{PORT}"
# The read pages measured again with the page cache off (their names start so).
UNCACHED_LINES = ("home", "community, first page", "discussion")


def django_setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def prepare() -> dict:
    """What to request: the pages, and a signed-in member's session and CSRF token."""
    django_setup()
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret

    from accounts.models import User
    from forum.management.commands.seed_bench import BENCH_EMAIL
    from forum.models import Community, Post, Thread

    member = User.objects.get(email=BENCH_EMAIL)
    busiest = Thread.objects.order_by("-reply_count").first()
    community = busiest.community
    per_page = settings.FORUM_THREADS_PER_PAGE
    deep_page = max(1, (community.thread_count // per_page) - 1)
    last_page = max(1, -(-(busiest.last_post_number - 1) // settings.FORUM_REPLIES_PER_PAGE))
    author = (
        Post.objects.filter(thread=busiest).exclude(author=None).values_list("author", flat=True)
    ).first()
    from conversations.models import Participant

    conversation = (
        Participant.objects.filter(user=member).order_by("-last_message_at").first().conversation_id
    )
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(member.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = member.get_session_auth_hash()
    store.create()
    secret = _get_new_csrf_string()
    # Searches that were never made: two words of the generated text each, never the
    # same pair twice, so no cache helps (the line "search, each query new").
    from random import Random

    from forum.management.commands.seed_bench import VOCABULARY

    rng = Random(7)
    pairs = {tuple(rng.sample(VOCABULARY, 2)) for _ in range(4000)}
    return {
        "new_searches": [f"/search/?q={a}+{b}" for a, b in sorted(pairs)],
        "community_pages": Community.objects.count(),
        "pages": {
            "home": "/",
            "community, first page": community.get_absolute_url(),
            f"community, page {deep_page}": f"{community.get_absolute_url()}?page={deep_page}",
            f"discussion ({busiest.reply_count:,} replies), first page": busiest.get_absolute_url(),
            f"discussion, last page ({last_page})": (
                f"{busiest.get_absolute_url()}?page={last_page}"
            ),
            "search, a repeated query": "/search/?q=insulin+tremor",
            "profile": f"/members/{author}/",
        },
        # A member's own pages, never cached: their private messages.
        "member_pages": {
            "private messages (inbox)": "/messages/",
            "a private conversation": f"/messages/{conversation}/",
        },
        "reply_url": f"/discussions/{busiest.pk}/replies/new/",
        "session": store.session_key,
        "csrf_secret": secret,
        "csrf_token": _mask_cipher_secret(secret),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args()

    plan = (
        json.loads(
            subprocess.run(
                [sys.executable, __file__, "--prepare"], capture_output=True, text=True, check=True
            ).stdout
        )
        if "--prepare" not in sys.argv
        else None
    )

    # The server's log goes to a file: a pipe nobody reads fills up and stalls gunicorn
    # (every refused visitor's profile logs a warning).
    server_log = open(Path(tempfile.gettempdir()) / "bench-gunicorn.log", "w")  # noqa: SIM115
    server = serve("config.wsgi", PORT, server_log)
    # The second ceiling: a bare Django project (ops/bare_django.py) behind the same
    # gunicorn settings, on the next port.
    bare = serve(
        "ops.bare_django:application", PORT + 1, server_log, GUNICORN_PROC_NAME="bare-ceiling"
    )
    bare_url = f"http://127.0.0.1:{PORT + 1}/"
    # The same project with the page cache off (PAGE_CACHE_SECONDS=0): every page made
    # for its request, as the first view after a write is.
    uncached = serve("config.wsgi", PORT + 2, server_log, PAGE_CACHE_SECONDS="0")
    uncached_base = f"http://127.0.0.1:{PORT + 2}"
    # The Celery worker that sends notifications and emails (CELERY_TASK_ALWAYS_EAGER=0
    # in ops/bench.sh), as in production: a reply's request does not wait for them.
    worker = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/celery"),
            "-A",
            "config",
            "worker",
            "--loglevel=WARNING",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=os.environ,
        stdout=subprocess.DEVNULL,
        stderr=server_log,
    )
    rows = []
    try:
        wait_ready(BASE + "/readyz")
        wait_ready(bare_url)
        wait_ready(uncached_base + "/readyz")
        run = dict(seconds=args.seconds, connections=args.connections)
        wrk(bare_url, seconds=3, connections=args.connections)  # warm up
        first_bare = wrk(bare_url, **run)
        rows.append(("bare Django view (startproject), first", "visitor", first_bare))
        wrk(BASE + "/healthz", seconds=3, connections=args.connections)  # warm up
        first_ceiling = wrk(BASE + "/healthz", **run)
        rows.append(("framework ceiling (/healthz), first", "visitor", first_ceiling))
        for name, path in plan["pages"].items():
            wrk(BASE + path, seconds=2, connections=args.connections)  # warm caches
            rows.append((name, "visitor", wrk(BASE + path, **run)))
        cookie = f"Cookie: sessionid={plan['session']}; csrftoken={plan['csrf_secret']}"
        # The same trivial view for a member: what being signed in costs by itself
        # (session, member row, consent check).
        rows.append(
            (
                "framework ceiling (/healthz), signed in",
                "member",
                wrk(BASE + "/healthz", headers=[cookie], **run),
            )
        )
        for name, path in [*plan["pages"].items(), *plan["member_pages"].items()]:
            wrk(BASE + path, seconds=2, headers=[cookie], connections=args.connections)
            rows.append((name, "member", wrk(BASE + path, headers=[cookie], **run)))
        # With the page cache off: what the first view after a write costs.
        for who, headers in (("visitor", []), ("member", [cookie])):
            for name, path in plan["pages"].items():
                if name.startswith(UNCACHED_LINES):
                    wrk(uncached_base + path, seconds=2, headers=headers, connections=8)
                    result = wrk(uncached_base + path, headers=headers, **run)
                    rows.append((f"{name}, page cache off", who, result))
        # Measured again: on a shared machine one measurement can catch a slow spell,
        # and the higher of the two is the (stricter) reference.
        last_ceiling = wrk(BASE + "/healthz", **run)
        rows.append(("framework ceiling (/healthz), again", "visitor", last_ceiling))
        last_bare = wrk(bare_url, **run)
        rows.append(("bare Django view (startproject), again", "visitor", last_bare))
        ceiling = max(first_ceiling, last_ceiling, key=lambda result: result["rps"])
        bare_ceiling = max(first_bare, last_bare, key=lambda result: result["rps"])
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            lua.write(
                'wrk.method = "POST"\n'
                f'wrk.body = "csrfmiddlewaretoken={plan["csrf_token"]}&body=Measured+reply"\n'
                'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
            )
        # Replies, with their notification fan-out on the Celery worker the bench started.
        rows.append(
            (
                "posting a reply",
                "member",
                wrk(BASE + plan["reply_url"], headers=[cookie], script=lua.name, **run),
            )
        )
        # Reading while replies arrive: members read the discussion (seven connections)
        # while replies come in at a busy forum's pace, about five a second (one
        # connection that waits 200 ms between replies), both for the same time.
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as paced:
            paced.write(Path(lua.name).read_text() + "function delay() return 200 end\n")
        discussion = next(
            path
            for name, path in plan["pages"].items()
            if name.startswith("discussion") and "first page" in name
        )
        reading, posting = wrk_together(
            (BASE + discussion, dict(seconds=args.seconds, connections=7, headers=[cookie])),
            (
                BASE + plan["reply_url"],
                dict(
                    seconds=args.seconds,
                    connections=1,
                    threads=1,
                    headers=[cookie],
                    script=paced.name,
                ),
            ),
        )
        rows.append(("discussion, first page, while replies arrive", "member", reading))
        rows.append(("replies arriving meanwhile (paced)", "member", posting))
        # Last: these slow requests must not delay the lines after them.
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            lua.write(
                "local paths = {" + ",".join(json.dumps(p) for p in plan["new_searches"]) + "}\n"
                "local n = 0\n"
                "function setup(thread) thread:set('offset', n); n = n + 1 end\n"
                "local i = nil\n"
                "function request()\n"
                "  i = (i or offset) + 2\n"
                "  return wrk.format('GET', paths[(i % #paths) + 1])\n"
                "end\n"
            )
        rows.append(
            ("search, a new query each time", "visitor", wrk(BASE + "/", script=lua.name, **run))
        )
        memory = worker_peak_memory_mb(server.pid)
    finally:
        worker.send_signal(signal.SIGTERM)
        bare.send_signal(signal.SIGTERM)
        uncached.send_signal(signal.SIGTERM)
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:  # workers still busy with slow searches
            server.kill()
            server.wait()

    bare.wait(timeout=30)
    uncached.wait(timeout=30)
    worker.wait(timeout=60)
    table = render(rows, ceiling["rps"], bare_ceiling["rps"], memory, args)
    print(table)
    if args.write:
        write_docs(table)


def render(rows, ceiling, bare, memory, args) -> str:
    lines = [
        f"wrk, 2 threads, {args.connections} connections, {args.seconds} s per line; "
        f"gunicorn with 2 sync workers; peak worker memory (VmHWM) {memory:.0f} MB. "
        "Two ceilings: /healthz (a trivial view behind our middleware) and a bare Django "
        "view (ops/bare_django.py, startproject's settings).",
        "",
        "| page | who | requests/s | of /healthz | of bare Django | p50 ms | p99 ms | errors |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, who, result in rows:
        lines.append(
            f"| {name} | {who} | {result['rps']:.0f} | {result['rps'] / ceiling:.0%} | "
            f"{result['rps'] / bare:.0%} | {result['p50']:.1f} | {result['p99']:.1f} | "
            f"{result['errors']} |"
        )
    return "\n".join(lines)


def write_docs(table: str):
    docs = ROOT / "docs" / "benchmarks.md"
    text = docs.read_text() if docs.exists() else "# Benchmarks\n\n<!-- results -->\n"
    versions = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, psycopg2; print(django.__version__, psycopg2.__version__.split()[0])",
        ],
        capture_output=True,
        text=True,
    ).stdout.split()
    pg = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    block = (
        "<!-- results -->\n"
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {os.cpu_count()} "
        f"cores ({cpu}), Python {platform.python_version()}, Django {versions[0]}, "
        f"psycopg2 {versions[1]}, {pg}.\n\n{table}\n<!-- /results -->"
    )
    text = re.sub(
        r"<!-- results -->.*?(<!-- /results -->|\Z)", lambda m: block, text, count=1, flags=re.S
    )
    docs.write_text(text)
    print(f"\nwritten to {docs}")
    from bench_chart import SVG, chart, rows_from_docs  # ops/, beside this script

    SVG.write_text(chart(*rows_from_docs(text)))
    print(f"chart drawn in {SVG}")


if __name__ == "__main__":
    if "--prepare" in sys.argv:
        print(json.dumps(prepare()))
    else:
        main()
