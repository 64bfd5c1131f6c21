"""Speed and memory of the public statistics at a million reports.

Run on a throwaway PostgreSQL cluster (the script never touches another
database):

    scripts/with-postgres .venv/bin/python bench/stats_benchmark.py --reports 1000000

It migrates, loads synthetic reports with `generate_demo_data` (timed),
serves the app with gunicorn (one worker, as in production) on loopback,
then measures /stats/ and /api/v1/stats/?group_by=platform cold (the cache
emptied before each request) and warm (median of repeated requests), next
to a trivial page of the same app, and the worker's peak memory. It ends
with one line per figure and the targets of issue 6.
"""

import argparse
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def django_env():
    env = dict(os.environ)
    env.update(
        SECRET_KEY="benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        LOG_LEVEL="WARNING",
    )
    env.pop("DEBUG", None)
    return env


def manage(*arguments, env):
    return subprocess.run(
        [PYTHON, "manage.py", *arguments], cwd=ROOT, env=env, check=True,
        capture_output=True, text=True,
    )  # fmt: skip


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url):
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        response.read()
        assert response.status == 200, response.status
    return time.perf_counter() - started


def empty_cache(env):
    manage("shell", "-c", "from django.core.cache import cache; cache.clear()", env=env)


def peak_memory_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def worker_pid(master):
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return int(children[0])


def machine():
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor(),
    )  # fmt: skip
    memory = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
    return f"{cpu}, {os.cpu_count()} cores, {int(memory) // 1024 // 1024} GiB, Python {platform.python_version()}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--warm-requests", type=int, default=20)
    parser.add_argument("--cold-requests", type=int, default=3)
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Run me under scripts/with-postgres: DATABASE_URL must be PostgreSQL.")
    env = django_env()

    print("Migrating...", flush=True)
    manage("migrate", "--noinput", env=env)
    manage("createcachetable", env=env)
    manage("collectstatic", "--noinput", env=env)
    print(f"Generating {options.reports:,} reports...", flush=True)
    started = time.perf_counter()
    generated = subprocess.run(
        [PYTHON, "manage.py", "generate_demo_data", "--reports", str(options.reports),
         "--seed", str(options.seed)],
        cwd=ROOT, env=env, check=True, text=True, stdout=subprocess.PIPE,
    )  # fmt: skip
    generation = time.perf_counter() - started
    print(generated.stdout.strip(), flush=True)
    manage(
        "shell",
        "-c",
        "from django.db import connection; connection.cursor().execute('VACUUM ANALYZE surveys_report')",
        env=env,
    )

    port = free_port()
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--timeout", "120"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                get(base + "/privacy/")
                break
            except OSError:
                time.sleep(0.2)
        results = {}
        pages = {
            "trivial page /privacy/": "/privacy/",
            "/stats/": "/stats/",
            "/api/v1/stats/?group_by=platform": "/api/v1/stats/?group_by=platform",
        }
        for name, path in pages.items():
            cold = []
            if path != "/privacy/":
                for _ in range(options.cold_requests):
                    empty_cache(env)
                    cold.append(get(base + path))
            get(base + path)
            warm = [get(base + path) for _ in range(options.warm_requests)]
            results[name] = (
                statistics.median(cold) if cold else None,
                statistics.median(warm),
            )
            print(f"  measured {name}", flush=True)
        memory = peak_memory_mb(worker_pid(server.pid))
    finally:
        server.terminate()
        server.wait(timeout=30)

    baseline = results["trivial page /privacy/"][1]
    print()
    print(f"Machine: {machine()}")
    print(
        f"Reports: {options.reports:,} (seed {options.seed}), PostgreSQL via DATABASE_URL"
    )
    print(f"Generation: {generation:.1f} s (target: under 120 s)")
    for name, (cold, warm) in results.items():
        cold_text = f"cold {cold * 1000:.0f} ms, " if cold is not None else ""
        print(
            f"{name}: {cold_text}warm {warm * 1000:.1f} ms ({warm / baseline:.1f}x the trivial page)"
        )
    print(f"Peak memory of the serving worker: {memory:.0f} MB (target: under 150 MB)")
    print("Targets: cold under 2000 ms; warm within 3x the trivial page.")
    worst_cold = max(cold for cold, _warm in results.values() if cold is not None)
    print(
        f"Summary: {options.reports:,} reports generated in {generation:.0f} s; "
        f"slowest cold page {worst_cold * 1000:.0f} ms; peak worker memory {memory:.0f} MB."
    )


if __name__ == "__main__":
    main()
