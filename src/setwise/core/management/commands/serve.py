"""``setwise serve``: run the product, the web server (gunicorn) and a background task worker, on one machine.

Runs ``migrate`` (and ``collectstatic`` when SETWISE_ENV=production), then starts gunicorn with N workers and,
unless ``--no-worker``, one task worker: ``setwise db_worker`` for the database backend, ``setwise rqworker
default --with-scheduler`` for RQ (none for the immediate backend). Ctrl-C or SIGTERM stops both cleanly.
Outside production, static files are served by WhiteNoise from the app folders (no collectstatic needed).

Housekeeping: while it runs, ``serve`` enqueues the daily jobs (``DAILY``: the retention purge of closed concerns)
when it starts and every 24 hours after, so a retention period holds without a cron entry. Each job is idempotent,
so several ``serve`` processes, or a cron entry as well, do no harm.
"""

from __future__ import annotations

import importlib
import logging
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections, connections

STOP_TIMEOUT = 20  # seconds a child has to finish after SIGTERM before it is killed
DAILY = ("setwise.intimacy.tasks.purge_concerns",)  # tasks enqueued at start and every HOUSEKEEPING_EVERY seconds
HOUSEKEEPING_EVERY = 24 * 3600
HOUSEKEEPING_RETRY = 60  # seconds before a job that could not be enqueued is tried again

log = logging.getLogger(__name__)


class Housekeeping:
    """The daily jobs of a serving process: ``tick()`` enqueues every task of ``tasks`` when they are due (at the
    first tick, then every ``every`` seconds of ``clock``) and returns the names it enqueued. A task that fails to
    enqueue (the queue is down) is logged and tried again ``HOUSEKEEPING_RETRY`` seconds later."""

    def __init__(
        self,
        tasks: tuple[str, ...] = DAILY,
        every: float = HOUSEKEEPING_EVERY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.tasks = tasks
        self.every = every
        self.clock = clock
        self.due: dict[str, float] = dict.fromkeys(tasks, -float("inf"))

    def tick(self) -> list[str]:
        now = self.clock()
        enqueued = []
        for path in self.tasks:
            if now < self.due[path]:
                continue
            module, _, name = path.rpartition(".")
            try:
                getattr(importlib.import_module(module), name).enqueue()
            except Exception:
                log.exception("could not enqueue the daily job %s; trying again in %d s", path, HOUSEKEEPING_RETRY)
                self.due[path] = now + HOUSEKEEPING_RETRY
                continue
            finally:
                _release_connections()
            self.due[path] = now + self.every
            enqueued.append(path)
        return enqueued


def _release_connections() -> None:
    """Close the database connections a job left past their age, as Django does after a request, but never one in
    the middle of a transaction (the caller's, when housekeeping runs inside one)."""
    if not any(c.in_atomic_block for c in connections.all(initialized_only=True)):
        close_old_connections()


def worker_command() -> list[str] | None:
    """The task worker for the configured backend, or None when tasks run in the request (immediate)."""
    setwise = [sys.executable, "-m", "setwise.cli"]
    if settings.SETWISE_TASKS == "database":
        return [*setwise, "db_worker", "--no-reload"]
    if settings.SETWISE_TASKS == "rq":
        return [*setwise, "rqworker", "default", "--with-scheduler"]
    return None


def web_command(host: str, port: int, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "setwise.config.wsgi",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
    ]


class Command(BaseCommand):
    help = "Run Setwise: migrate, then the web server and a background task worker, until Ctrl-C."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
        parser.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
        parser.add_argument("--workers", type=int, default=2, help="web server worker processes (default 2)")
        parser.add_argument("--no-worker", action="store_true", help="do not start a background task worker")

    def handle(self, *args: Any, host: str, port: int, workers: int, no_worker: bool, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if settings.PRODUCTION:
            call_command("collectstatic", interactive=False, verbosity=0)
        commands = {"web": web_command(host, port, max(1, workers))}
        worker = None if no_worker else worker_command()
        if worker is not None:
            commands["worker"] = worker
        children: dict[str, subprocess.Popen[bytes]] = {}
        stopping = False

        def stop(signum: int, _frame: Any) -> None:
            nonlocal stopping
            stopping = True

        previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            for name, command in commands.items():
                # Their own session: a Ctrl-C reaches them once, from here, rather than twice.
                children[name] = subprocess.Popen(command, start_new_session=True)  # noqa: S603 - our own fixed argv
                self.stdout.write(f"Started {name} (pid {children[name].pid}): {' '.join(command[1:])}")
            self.stdout.write(f"Setwise is running at http://{host}:{port}/ — press Ctrl-C to stop.")
            housekeeping = Housekeeping()
            exited = ""
            while not stopping and not exited:
                housekeeping.tick()
                time.sleep(0.2)
                exited = next((name for name, child in children.items() if child.poll() is not None), "")
            if exited:
                self.stderr.write(f"The {exited} process stopped (exit status {children[exited].returncode}).")
        finally:
            self._stop(children)
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if exited:
            sys.exit(children[exited].returncode or 1)
        self.stdout.write("Stopped.")

    def _stop(self, children: dict[str, subprocess.Popen[bytes]]) -> None:
        for child in children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        for child in children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
