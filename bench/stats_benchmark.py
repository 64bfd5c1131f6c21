"""Speed and memory of the published statistics, at 10,000 and 1,000,000 reports.

Run on a throwaway PostgreSQL cluster (the script never touches another
database):

    scripts/with-postgres .venv/bin/python bench/stats_benchmark.py --reports 1000000

In two rounds, at 10,000 reports and then at the full count, it loads
synthetic reports (`generate_demo_data --no-release`), times one SQL pass
over the snapshot a release reads and `release_stats` itself (with its peak
memory), then serves the app with gunicorn (one worker, as configured in
production) on loopback and measures, next to the trivial page /privacy/
of the same server:

- every kind of public statistics read, each cold (cache emptied first) and
  warm (median of repeated requests): the page with several offered
  filters, the CSV file, the API, the incidents page;
- the form-and-post cycle of a worker sending a report;
- the serving worker's peak memory.

It prints each figure next to its baseline from the same run, the targets,
and ends with one summary line.
"""

import argparse
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
READS = [
    "/stats/",
    "/stats/?group_by=country",
    "/stats/?country=KE&group_by=platform",
    "/stats/?platform=sama&group_by=quarter",
    "/stats/?task_type=content-moderation&period=2025",
    "/fr/stats/?country=PH&platform=appen",
    "/stats.csv?group_by=platform&period=2025-Q4",
    "/api/v1/stats/?group_by=task_type&country=IN",
    "/api/v1/stats/?period=2025-Q2&group_by=platform",
    "/stats/incidents/?group_by=country",
]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FORM_TOKEN = re.compile(r'name="submission_token" value="([^"]+)"')
CODE = re.compile(r"GT-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}")


def django_env():
    env = dict(os.environ)
    env.update(
        SECRET_KEY="benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        LOG_LEVEL="WARNING",
        RATE_LIMIT_SUBMISSIONS_PER_HOUR="0",
        RATE_LIMIT_ENTRY_POSTS_PER_HOUR="0",
    )
    env.pop("DEBUG", None)
    return env


def manage(*arguments, env):
    return subprocess.run(
        [PYTHON, "manage.py", *arguments], cwd=ROOT, env=env, check=True,
        capture_output=True, text=True,
    )  # fmt: skip


def timed_manage(*arguments, env):
    """Run a command; (seconds, its peak memory in MB, its last output line)."""
    started = time.perf_counter()
    before = _children_peak()
    done = manage(*arguments, env=env)
    seconds = time.perf_counter() - started
    lines = done.stdout.strip().splitlines()
    return seconds, max(_children_peak(), before), lines[-1] if lines else ""


def _children_peak():
    import resource

    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url):
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        response.read()
        assert response.status == 200, (url, response.status)
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


SQL_PASS = """
import time
from django.db import connection
from surveys.models import Report
from django.utils import timezone
queryset = Report.objects.counted_at(timezone.now()).values_list(
    "record_key", "receipt_id", "submitted_on", "platform_id", "country",
    "task_type_id", "period", "hourly_usd", "effective_hourly_usd",
    "paid_hours_per_week", "unpaid_hours_per_week", "conditions_yes",
    "conditions_answered", "below_minimum_wage")
sql, params = queryset.query.sql_with_params()
started = time.perf_counter()
with connection.cursor() as cursor:
    cursor.execute(sql, params)
    rows = 0
    while batch := cursor.fetchmany(50000):
        rows += len(batch)
print(f"{time.perf_counter() - started:.3f} {rows}")
"""


def one_sql_pass(env):
    """Seconds to read the snapshot's columns with one plain query."""
    output = manage("shell", "-c", SQL_PASS, env=env).stdout.strip().splitlines()[-1]
    seconds, rows = output.split()
    return float(seconds), int(rows)


class Server:
    """gunicorn with the production configuration, one worker, on loopback."""

    def __init__(self, env):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [str(Path(PYTHON).parent / "gunicorn"), "-c", "config/gunicorn_conf.py",
             "config.wsgi", "--bind", f"127.0.0.1:{self.port}", "--workers", "1",
             "--timeout", "120"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(150):
            try:
                get(self.base + "/privacy/")
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def stop(self):
        memory = peak_memory_mb(worker_pid(self.process.pid))
        self.process.terminate()
        self.process.wait(timeout=30)
        return memory


def submission_cycle(base, platform_id, task_type_id, conditions, cycles):
    """Median seconds of a worker's form-and-post cycle, over `cycles`."""
    import http.client

    port = int(base.rsplit(":", 1)[1])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    cookie, times, accepted = "", [], 0
    for number in range(cycles):
        started = time.perf_counter()
        connection.request("GET", "/report/", headers={"Cookie": cookie})
        response = connection.getresponse()
        page = response.read().decode()
        set_cookie = response.getheader("Set-Cookie") or ""
        if "csrftoken=" in set_cookie:
            cookie = set_cookie.split(";", 1)[0]
        fields = {
            "csrfmiddlewaretoken": TOKEN.search(page).group(1),
            "submission_token": FORM_TOKEN.search(page).group(1),
            "platform": platform_id, "country": "KE", "task_type": task_type_id,
            "period": "2026-09", "pay_amount": f"{2 + number % 5}.{number % 100:02d}",
            "currency": "USD", "pay_unit": "hour", "paid_hours_per_week": "40",
            "unpaid_hours_per_week": "10", "contract_type": "independent_contractor",
            **dict.fromkeys(conditions, "unsure"),
        }  # fmt: skip
        connection.request(
            "POST", "/report/", body=urlencode(fields),
            headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded",
                     "Origin": base},
        )  # fmt: skip
        response = connection.getresponse()
        accepted += bool(CODE.search(response.read().decode()))
        times.append(time.perf_counter() - started)
    assert accepted == cycles, f"{accepted} of {cycles} reports accepted"
    return statistics.median(times[2:])


def reference_ids(env):
    script = (
        "from surveys.models import Platform, TaskType, Condition; "
        "print(Platform.objects.get(slug='outlier-ai').pk, "
        "TaskType.objects.get(slug='response-rating').pk, "
        "','.join(Condition.objects.active().values_list('slug', flat=True)))"
    )
    output = manage("shell", "-c", script, env=env).stdout.strip().splitlines()[-1]
    platform_id, task_type_id, slugs = output.split()
    return platform_id, task_type_id, slugs.split(",")


def measure_reads(server, env, warm_requests, cold_requests):
    """(cold, warm) median seconds of each statistics read."""
    results = {}
    for path in READS:
        cold = []
        for _ in range(cold_requests):
            empty_cache(env)
            cold.append(get(server.base + path))
        get(server.base + path)
        warm = [get(server.base + path) for _ in range(warm_requests)]
        results[path] = (statistics.median(cold), statistics.median(warm))
    return results


def round_of(env, options, ids, label):
    """One round: release, reads, submissions, memory, at the current size."""
    sql_seconds, rows = one_sql_pass(env)
    release_seconds, release_memory, release_line = timed_manage(
        "release_stats", env=env
    )
    print(f"  [{label}] {release_line}", flush=True)
    manage(
        "shell",
        "-c",
        "from django.db import connection; connection.cursor().execute('VACUUM ANALYZE')",
        env=env,
    )
    server = Server(env)
    try:
        get(server.base + "/privacy/")
        privacy = statistics.median(
            get(server.base + "/privacy/") for _ in range(options.warm_requests)
        )
        reads = measure_reads(server, env, options.warm_requests, options.cold_requests)
        cycle = submission_cycle(server.base, *ids, options.cycles)
    finally:
        memory = server.stop()
    return {
        "rows": rows, "sql": sql_seconds, "release": release_seconds,
        "release_memory": release_memory, "privacy": privacy, "reads": reads,
        "cycle": cycle, "memory": memory,
    }  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--warm-requests", type=int, default=20)
    parser.add_argument("--cold-requests", type=int, default=3)
    parser.add_argument("--cycles", type=int, default=40)
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Run me under scripts/with-postgres: DATABASE_URL must be PostgreSQL.")
    env = django_env()

    print("Migrating...", flush=True)
    manage("migrate", "--noinput", env=env)
    manage("collectstatic", "--noinput", env=env)
    ids = reference_ids(env)
    rounds = {}
    loaded = 0
    for size in (options.small, options.reports):
        print(f"Generating {size - loaded:,} reports (to {size:,})...", flush=True)
        started = time.perf_counter()
        manage(
            "generate_demo_data", "--reports", str(size - loaded),
            "--seed", str(options.seed + loaded), "--no-release", env=env,
        )  # fmt: skip
        print(f"  generated in {time.perf_counter() - started:.0f} s", flush=True)
        loaded = size
        rounds[size] = round_of(env, options, ids, f"{size:,}")

    small, large = rounds[options.small], rounds[options.reports]
    print()
    print(f"Machine: {machine()}")
    print(
        f"Reports: {options.small:,} then {options.reports:,} (seed {options.seed}), PostgreSQL"
    )
    print(
        f"release_stats at {large['rows']:,}: {large['release']:.1f} s, peak memory "
        f"{large['release_memory']:.0f} MB; one SQL pass over the same snapshot "
        f"{large['sql']:.1f} s ({large['release'] / large['sql']:.1f}x). Target: under 120 s."
    )
    baseline = large["privacy"]
    print(f"Trivial page /privacy/: {baseline * 1000:.1f} ms (the baseline)")
    worst = 1.0
    for path, (cold, warm) in large["reads"].items():
        worst = max(worst, cold / baseline, warm / baseline)
        print(
            f"  {path}: cold {cold * 1000:.1f} ms ({cold / baseline:.2f}x), "
            f"warm {warm * 1000:.1f} ms ({warm / baseline:.2f}x)"
        )
    print("Target: every read, cold or warm, within 1.5x the trivial page.")
    change = large["cycle"] / small["cycle"] - 1
    print(
        f"Form-and-post cycle: {small['cycle'] * 1000:.1f} ms at {small['rows']:,}, "
        f"{large['cycle'] * 1000:.1f} ms at {large['rows']:,} ({change:+.1%}). "
        "Target: within 10%."
    )
    print(
        f"Peak memory of the serving worker: {large['memory']:.0f} MB "
        f"(at {small['rows']:,}: {small['memory']:.0f} MB). Target: under 120 MB."
    )
    print(
        f"Summary: release {large['release']:.0f} s at {large['rows']:,} reports "
        f"({large['sql']:.0f} s for one SQL pass); slowest read {worst:.2f}x the trivial "
        f"page; submission {change:+.1%} from {small['rows']:,}; worker {large['memory']:.0f} MB."
    )


if __name__ == "__main__":
    main()
