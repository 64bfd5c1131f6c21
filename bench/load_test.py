"""Load (and fault) test: concurrent workers submitting reports to gunicorn.

    .venv/bin/python bench/load_test.py                                   # SQLite
    scripts/with-postgres .venv/bin/python bench/load_test.py             # PostgreSQL
    scripts/with-postgres .venv/bin/python bench/load_test.py --fault
    .venv/bin/python bench/load_test.py --fault slow-clients [--direct]

Without DATABASE_URL it uses a new SQLite file of its own (the embedded
default, with its settings), never the development database.

First a burst: 120 clients (threads with their own connections and
cookies) fetch the report form, then all send it at the same moment, as
when a union shares the link in a group chat. Then 50 clients each fetch
the form and send it, over and over, for 60 seconds. Both against the stack
`make serve` runs (scripts/serve: nginx in front of gunicorn) on loopback, or
against gunicorn alone with --direct; the submission rate limit is raised for the run through its
environment variable. It reports requests per second, p50/p99 latency,
statuses, and compares accepted submissions with the rows in the database:
none may be lost, with no 5xx.

With --fault, the database goes away in the middle of the load: PostgreSQL
is restarted; on SQLite another process (a careless backup, a long
migration) holds the write lock for 25 s, longer than the 20 s a writer
waits. Requests meanwhile must get the 503 "try again" page that keeps the
answers, the app must recover by itself, and no half-written record may
remain. A submission is lost when it was neither saved nor given back.

With --fault slow-clients, two more clients than gunicorn has workers send
their request headers a byte every 2 s for 25 s (reconnecting when dropped),
as a slowloris attack or a very bad link does, and the latency of the normal
requests meanwhile is reported apart.
"""

import argparse
import http.client
import os
import re
import shlex
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stats_benchmark import ROOT, django_env, free_port, manage  # noqa: E402

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CODE = re.compile(r"GT-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}")


def answers(client_number, token):
    fields = {
        "csrfmiddlewaretoken": token,
        "platform": "1",
        "country": ["KE", "PH", "UG", "IN", "VE"][client_number % 5],
        "task_type": "3",
        "period": "2026-09",
        "pay_amount": f"{1 + client_number % 7}.{client_number % 100:02d}",
        "currency": "USD",
        "pay_unit": "hour",
        "paid_hours_per_week": "40",
        "unpaid_hours_per_week": "10",
        "contract_type": "independent_contractor",
    }
    for slug in (
        "keystroke_monitoring", "disturbing_content", "psychological_support",
        "health_insurance", "paid_leave", "unpaid_training", "rejected_without_pay",
        "late_payment", "deactivated", "unpredictable_work", "confidentiality_agreement",
    ):  # fmt: skip
        fields[slug] = "yes" if client_number % 2 else "no"
    return fields


class Worker(threading.Thread):
    def __init__(self, number, port, until, results, lock):
        super().__init__(daemon=True)
        self.number, self.port, self.until = number, port, until
        self.results, self.lock = results, lock

    def request(self, connection, method, path, body=None, headers=None):
        started = time.perf_counter()
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        content = response.read().decode("utf-8", "replace")
        elapsed = time.perf_counter() - started
        return response, content, elapsed

    def run(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        cookie = ""
        while time.monotonic() < self.until:
            record = {"at": time.monotonic()}
            try:
                response, content, elapsed = self.request(
                    connection, "GET", "/report/", headers={"Cookie": cookie}
                )
                set_cookie = response.getheader("Set-Cookie") or ""
                if "csrftoken=" in set_cookie:
                    cookie = set_cookie.split(";", 1)[0]
                token = TOKEN.search(content)
                if response.status != 200 or not token:
                    record.update(kind="form", status=response.status, seconds=elapsed)
                else:
                    fields = answers(self.number, token.group(1))
                    response, content, elapsed = self.request(
                        connection,
                        "POST",
                        "/report/",
                        body=urlencode(fields),
                        headers={
                            "Cookie": cookie,
                            "Content-Type": "application/x-www-form-urlencoded",
                            "Origin": f"http://127.0.0.1:{self.port}",
                        },
                    )
                    record.update(
                        kind="submit",
                        status=response.status,
                        seconds=elapsed,
                        accepted=response.status == 200 and bool(CODE.search(content)),
                        kept=response.status == 503
                        and f'value="{fields["pay_amount"]}"' in content,
                    )
            except (OSError, http.client.HTTPException) as error:
                record.update(kind="error", status=type(error).__name__, seconds=0)
                connection.close()
                connection = http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=60
                )
                time.sleep(0.2)
            record["end"] = time.monotonic()
            with self.lock:
                self.results.append(record)


def burst(port, clients):
    """Every client fetches the form, then all send it at the same moment."""
    workers = [
        Worker(10_000 + n, port, 0, [], threading.Lock()) for n in range(clients)
    ]
    forms, connections = [], []
    for worker in workers:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        response, content, _elapsed = worker.request(connection, "GET", "/report/")
        cookie = (response.getheader("Set-Cookie") or "").split(";", 1)[0]
        forms.append((cookie, answers(worker.number, TOKEN.search(content).group(1))))
        connections.append(connection)
    start = threading.Barrier(clients)
    outcomes = [None] * clients

    def send(number):
        cookie, fields = forms[number]
        start.wait()
        try:
            response, content, _elapsed = workers[number].request(
                connections[number], "POST", "/report/", body=urlencode(fields),
                headers={"Cookie": cookie,
                         "Content-Type": "application/x-www-form-urlencoded",
                         "Origin": f"http://127.0.0.1:{port}"},
            )  # fmt: skip
            outcomes[number] = (response.status, bool(CODE.search(content)))
        except (OSError, http.client.HTTPException) as error:
            outcomes[number] = (type(error).__name__, False)

    threads = [threading.Thread(target=send, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = Counter(str(status) for status, _accepted in outcomes)
    return clients, sum(accepted for _status, accepted in outcomes), statuses


def hold_write_lock(path, seconds):
    """What a careless `sqlite3 db.sqlite3 .backup` or long migration does:
    keep every other writer waiting."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    time.sleep(seconds)
    connection.execute("ROLLBACK")
    connection.close()


def hold_slow_connections(port, count, seconds):
    """Clients that send their request headers a byte every 2 s: each holds
    whatever reads its request until the headers end, which they never do."""

    def connect():
        connection = socket.create_connection(("127.0.0.1", port), timeout=5)
        connection.sendall(b"GET / HTTP/1.1\r\n")
        return connection

    connections = [connect() for _ in range(count)]
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        time.sleep(2)
        for number, connection in enumerate(connections):
            try:
                connection.send(b"X")
            except OSError:
                # Dropped (nginx's header timeout): an attacker comes back.
                connection.close()
                connections[number] = connect()
    for connection in connections:
        connection.close()


def wait_for_health(port, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(0.3)
    sys.exit("The server did not answer /healthz.")


def percentile(values, fraction):
    ordered = sorted(values)
    return (
        ordered[min(int(fraction * len(ordered)), len(ordered) - 1)] if ordered else 0
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument(
        "--fault",
        nargs="?",
        const="database",
        choices=["database", "slow-clients"],
        help="database: restart PostgreSQL, or lock SQLite for 25 s, midway; "
        "slow-clients: workers + 2 slowloris connections for 25 s, midway",
    )
    parser.add_argument(
        "--direct",
        action="store_true",
        help="gunicorn alone, without nginx in front (how it ran before)",
    )
    parser.add_argument("--burst", type=int, default=120, help="clients at once")
    options = parser.parse_args()
    env = django_env()
    env["RATE_LIMIT_SUBMISSIONS_PER_HOUR"] = "10000000"
    env["RATE_LIMIT_ENTRY_POSTS_PER_HOUR"] = "10000000"
    postgres = env.get("DATABASE_URL", "").startswith("postgres")
    if not postgres:
        sqlite_path = Path(tempfile.mkdtemp(prefix="gt-load-")) / "load.sqlite3"
        env["DATABASE_URL"] = f"sqlite:///{sqlite_path}"
    print(f"Database: {'PostgreSQL' if postgres else 'SQLite'}", flush=True)
    print("Migrating...", flush=True)
    manage("migrate", "--noinput", env=env)
    manage("collectstatic", "--noinput", env=env)

    port = free_port()
    if options.direct:
        command = [
            str(Path(sys.executable).parent / "gunicorn"), "-c", "config/gunicorn_conf.py",
            "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(options.workers),
        ]  # fmt: skip
    else:
        command = ["scripts/serve"]
        env |= {"BIND": f"127.0.0.1:{port}", "WORKERS": str(options.workers)}
    print(f"Serving: {'gunicorn alone' if options.direct else 'nginx, then gunicorn'}")
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    wait_for_health(port)
    burst_sent, burst_accepted, burst_statuses = burst(port, options.burst)
    print(
        f"Burst: {burst_sent} sent at once, {burst_accepted} accepted, "
        f"statuses {dict(burst_statuses)}",
        flush=True,
    )
    results, lock = [], threading.Lock()
    started = time.monotonic()
    until = started + options.seconds
    workers = [Worker(n, port, until, results, lock) for n in range(options.clients)]
    outage = slow_window = None
    try:
        for worker in workers:
            worker.start()
        print(f"{options.clients} clients for {options.seconds} s...", flush=True)
        if options.fault == "slow-clients":
            time.sleep(options.seconds / 3)
            slow_start = time.monotonic()
            slow = options.workers + 2
            print(f"{slow} slow clients for 25 s...", flush=True)
            hold_slow_connections(port, slow, seconds=25)
            slow_window = (slow_start, time.monotonic())
        elif options.fault:
            time.sleep(options.seconds / 3)
            outage_start = time.monotonic()
            if postgres:
                print("Restarting PostgreSQL...", flush=True)
                control = shlex.split(os.environ["GT_PG_CTL"])
                subprocess.run(
                    [*control, "restart", "-m", "fast", "-w", "-s"], check=True
                )
            else:
                print("Holding SQLite's write lock for 25 s...", flush=True)
                hold_write_lock(sqlite_path, seconds=25)
            outage = (outage_start, time.monotonic() + 2)
        for worker in workers:
            worker.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    elapsed = time.monotonic() - started

    rows = int(
        manage("shell", "-c", "from surveys.models import Report; print(Report.objects.count())", env=env)
        .stdout.strip().splitlines()[-1]
    )  # fmt: skip
    orphans = int(
        manage(
            "shell", "-c",
            "from receipts.models import Receipt; print(Receipt.objects.empty().count())",
            env=env,
        ).stdout.strip().splitlines()[-1]
    )  # fmt: skip
    submits = [r for r in results if r["kind"] == "submit"]
    accepted = sum(1 for r in submits if r["accepted"])
    statuses = Counter(str(r["status"]) for r in results)
    latencies = [r["seconds"] for r in results if r["seconds"]]

    def in_outage(record):
        # A request that overlapped the restart, give or take reconnecting.
        return outage and record["at"] <= outage[1] + 5 and record["end"] >= outage[0]

    server_errors_outside = [
        r for r in results
        if (str(r["status"]).startswith("5") or r["kind"] == "error") and not in_outage(r)
    ]  # fmt: skip
    during = [r for r in submits if r["status"] == 503]
    # A submission is two requests: the form, then the post.
    requests = sum(2 if r["kind"] == "submit" else 1 for r in results)
    print()
    print(
        f"Requests: {requests} in {elapsed:.1f} s = {requests / elapsed:.0f} per second "
        f"({len(submits)} submissions)"
    )
    print(
        f"Latency: p50 {statistics.median(latencies) * 1000:.0f} ms, p99 {percentile(latencies, 0.99) * 1000:.0f} ms"
    )
    print(f"Statuses: {dict(statuses)}")
    accepted += burst_accepted
    # Neither saved nor given back to send again.
    lost = (burst_sent - burst_accepted) + sum(
        1 for r in submits if not r["accepted"] and not r["kept"]
    )
    print(
        f"Accepted submissions (burst and load): {accepted}; reports in the database: "
        f"{rows}; receipts without an entry: {orphans}; lost submissions: {lost}"
    )
    if slow_window:
        meanwhile = [
            r["seconds"] for r in results
            if r["seconds"] and r["at"] <= slow_window[1] and r["end"] >= slow_window[0]
        ]  # fmt: skip
        print(
            f"While slow clients held connections: {len(meanwhile)} requests, "
            f"p50 {statistics.median(meanwhile or [0]) * 1000:.0f} ms, "
            f"p99 {percentile(meanwhile, 0.99) * 1000:.0f} ms"
        )
    if options.fault == "database":
        kept = sum(1 for r in during if r["kept"])
        print(
            f"During the outage: {len(during)} submissions answered 503, {kept} of them with the answers kept"
        )
    print(f"5xx or connection errors outside the outage: {len(server_errors_outside)}")
    if outage:
        overlapping = Counter(str(r["status"]) for r in results if in_outage(r))
        print(f"Answers to requests overlapping the outage: {dict(overlapping)}")
    ok = accepted == rows and orphans == 0 and not server_errors_outside and not lost
    print(
        f"Summary: {'PASS' if ok else 'FAIL'} on {'PostgreSQL' if postgres else 'SQLite'}: "
        f"burst {burst_accepted}/{burst_sent}, {accepted} accepted = {rows} rows, "
        f"{lost} lost, {len(server_errors_outside)} errors outside the outage, "
        f"{requests / elapsed:.0f} requests/s."
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
