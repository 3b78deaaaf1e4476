"""The load tools of `make bench` (ops/bench.py): gunicorn servers, wrk runs and what
they print, the workers' peak memory."""

import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def serve(app: str, port: int, log, **env) -> subprocess.Popen:
    """`app` served by gunicorn with the project's settings (gunicorn.conf.py), two
    workers, on 127.0.0.1:`port`; `env` adds to the environment."""
    return subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py", app],
        cwd=ROOT,
        env={
            **os.environ,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": "2",
            "GUNICORN_ACCESS_LOG": "/dev/null",
            **env,
        },
        stdout=subprocess.DEVNULL,
        stderr=log,
    )


def _wrk_command(url, *, seconds, connections, headers=(), script=None, threads=2) -> list:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    # As a browser asks: pages come compressed (GZipMiddleware).
    for header in ("Accept-Encoding: gzip", *headers):
        command += ["-H", header]
    if script:
        command += ["-s", script]
    return [*command, url]


def wrk(url, **options) -> dict:
    out = subprocess.run(
        _wrk_command(url, **options), capture_output=True, text=True, check=True
    ).stdout
    return _parse(out)


def wrk_together(*runs: tuple[str, dict]) -> list[dict]:
    """Several wrk runs at the same time (each a URL and its options): their results."""
    started = [
        subprocess.Popen(_wrk_command(url, **options), stdout=subprocess.PIPE, text=True)
        for url, options in runs
    ]
    return [_parse(process.communicate()[0]) for process in started]


def _parse(out: str) -> dict:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"50%\s+([\d.]+\w+)", out).group(1))
    p99 = _ms(re.search(r"99%\s+([\d.]+\w+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = int(non2xx.group(1)) if non2xx else 0
    return {"rps": rps, "p50": p50, "p99": p99, "errors": errors}


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def worker_peak_memory_mb(master_pid: int) -> float:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    peaks = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024)
    return max(peaks)


def wait_ready(url):
    for _ in range(100):
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    sys.exit("FAIL: gunicorn did not become ready")
