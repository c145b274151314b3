"""The two real task backends run a Job end to end, and core.jobs records progress, results and failures.

The database backend (django-tasks-db) runs with its worker in this process. The RQ backend (django-tasks-rq)
needs Redis at REDIS_URL (a dedicated queue on database 15, flushed); without Redis that test fails, on purpose.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.tasks import TaskResultStatus, task
from django.test import override_settings

from setwise.core import tasks
from setwise.core.jobs import JobReporter, run_job, start_job
from setwise.core.models import Job, JobStatus

# ---------------------------------------------------------------- core.jobs (immediate backend, as in every test)


def _work_that_fails(job: Job, reporter: JobReporter) -> dict[str, Any]:
    reporter.progress(40, "half way")
    reporter.log("row 7: country 'XX' is unknown")
    raise ValueError("the file has no header row")


@task()
def failing_job(job_id: str) -> dict[str, Any]:
    return run_job(job_id, _work_that_fails)


@pytest.mark.django_db
def test_start_job_enqueues_after_commit_and_records_the_result(admin_user, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = start_job(tasks.ping, kind="ping", label="Ping", user=admin_user, params={"echo": "hello"})
        assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED  # nothing ran before the commit
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.progress == 100
    assert job.result == {"pong": True, "echo": "hello"}
    assert job.log == "pong\n"
    assert job.message == "pong"
    assert job.created_by == admin_user
    assert job.task_result_id  # the backend's result id, to find the task again
    assert job.started_at is not None and job.finished_at is not None and job.started_at <= job.finished_at


@pytest.mark.django_db
def test_rolled_back_transaction_enqueues_nothing(admin_user, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                start_job(tasks.ping, kind="ping", label="Ping", user=admin_user)
                raise RuntimeError("abandon")
        except RuntimeError:
            pass
    assert callbacks == []
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_run_job_records_a_failure_with_its_progress_and_log(admin_user) -> None:
    job = Job.objects.create(kind="test", label="Failing", created_by=admin_user, payload=b"data")
    with pytest.raises(ValueError, match="no header row"):
        run_job(str(job.pk), _work_that_fails)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.message == "the file has no header row"
    assert job.progress == 40
    assert job.log.splitlines() == ["row 7: country 'XX' is unknown", "ValueError: the file has no header row"]
    assert job.finished_at is not None
    assert bytes(job.payload) == b""  # an upload is not kept in the database after its job ended


@pytest.mark.django_db
def test_run_job_is_idempotent_for_a_finished_job() -> None:
    job = Job.objects.create(kind="ping", label="Ping", status=JobStatus.SUCCEEDED, result={"done": 1})
    calls: list[str] = []

    def work(job: Job, reporter: JobReporter) -> dict[str, Any]:
        calls.append("ran")
        return {}

    assert run_job(str(job.pk), work) == {"done": 1}
    assert calls == []


@pytest.mark.django_db
def test_run_job_never_runs_a_job_another_delivery_is_running() -> None:
    job = Job.objects.create(kind="ping", label="Ping", status=JobStatus.RUNNING)
    calls: list[str] = []

    def work(job: Job, reporter: JobReporter) -> dict[str, Any]:
        calls.append("ran")
        return {"ran": True}

    assert run_job(str(job.pk), work) == {}
    assert calls == []
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING


@pytest.mark.django_db
def test_reporter_clamps_progress_and_trims_the_message() -> None:
    job = Job.objects.create(kind="ping", label="Ping")
    reporter = JobReporter(job)
    reporter.progress(250, "x" * 500)
    job.refresh_from_db()
    assert job.progress == 100
    assert len(job.message) == 300
    reporter.progress(-5)
    job.refresh_from_db()
    assert job.progress == 0


@pytest.mark.django_db
def test_success_clears_the_payload() -> None:
    job = Job.objects.create(kind="ping", label="Ping", payload=b"uploaded bytes")
    run_job(str(job.pk), lambda job, reporter: {"ok": True})
    job.refresh_from_db()
    assert bytes(job.payload) == b""
    assert job.result == {"ok": True}


# ---------------------------------------------------------------- the database backend and its worker

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_database_backend_runs_a_job_in_the_worker(admin_user) -> None:
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    with override_settings(TASKS=DATABASE_TASKS):
        job = start_job(tasks.ping, kind="ping", label="Ping", user=admin_user, params={"echo": "db"})
        job.refresh_from_db()
        assert job.status == JobStatus.QUEUED  # stored, not run: the worker has not started yet
        assert DBTaskResult.objects.filter(pk=job.task_result_id).exists()

        Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        ).run()

        job.refresh_from_db()
        assert job.status == JobStatus.SUCCEEDED
        assert job.result == {"pong": True, "echo": "db"}
        result = tasks.ping.get_result(job.task_result_id)
        assert result.status == TaskResultStatus.SUCCESSFUL
        assert result.return_value == {"pong": True, "echo": "db"}


@pytest.mark.django_db(transaction=True)
def test_database_backend_records_a_failing_task(admin_user) -> None:
    from django_tasks_db.management.commands.db_worker import Worker

    with override_settings(TASKS=DATABASE_TASKS):
        job = start_job(failing_job, kind="test", label="Failing", user=admin_user)
        Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        ).run()
        job.refresh_from_db()
        assert job.status == JobStatus.FAILED
        assert job.message == "the file has no header row"
        result = failing_job.get_result(job.task_result_id)
        assert result.status == TaskResultStatus.FAILED
        assert result.errors[0].exception_class_path == "builtins.ValueError"


# ---------------------------------------------------------------- the RQ backend with an in-process worker

RQ_TEST_QUEUE = "setwise-tests"


def _test_redis_url() -> str:
    """settings.REDIS_URL with database 15, kept apart from real queues."""
    parts = urlsplit(settings.REDIS_URL or "redis://127.0.0.1:6379/0")
    return urlunsplit((parts.scheme, parts.netloc, "/15", parts.query, parts.fragment))


@pytest.fixture
def rq_queue() -> Any:
    import django_rq
    import redis

    url = _test_redis_url()
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as exc:
        pytest.fail(
            f"Redis is not reachable at {url} ({exc}). The RQ task backend test needs a Redis server: "
            "start one (e.g. `redis-server` or `docker run -p 6379:6379 redis`) or set REDIS_URL.",
            pytrace=False,
        )
    # django-tasks-rq looks results up on the "default" queue's connection, so it points at the test database too.
    queues = {name: {"URL": url, "DEFAULT_TIMEOUT": 60} for name in ("default", RQ_TEST_QUEUE)}
    tasks_setting = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [RQ_TEST_QUEUE]}}
    with override_settings(RQ_QUEUES=queues, TASKS=tasks_setting):
        connection = django_rq.get_connection(RQ_TEST_QUEUE)
        connection.flushdb()
        try:
            yield django_rq.get_queue(RQ_TEST_QUEUE)
        finally:
            connection.flushdb()


def _run_rq_worker_once() -> None:
    """An RQ worker as `setwise rqworker` builds it (job class from settings.RQ), without forking, in burst mode."""
    import django_rq
    from rq import SimpleWorker

    worker = django_rq.get_worker(RQ_TEST_QUEUE, worker_class=SimpleWorker)
    worker.work(burst=True, with_scheduler=False)


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_rq_backend_runs_a_job_in_a_worker(rq_queue, admin_user) -> None:
    job = start_job(
        tasks.ping.using(queue_name=RQ_TEST_QUEUE), kind="ping", label="Ping", user=admin_user, params={"echo": "rq"}
    )
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert rq_queue.count == 1

    _run_rq_worker_once()

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.log
    assert job.result == {"pong": True, "echo": "rq"}
    result = tasks.ping.get_result(job.task_result_id)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == {"pong": True, "echo": "rq"}
    assert rq_queue.count == 0


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_rq_backend_reports_a_failing_task(rq_queue, admin_user) -> None:
    job = start_job(failing_job.using(queue_name=RQ_TEST_QUEUE), kind="test", label="Failing", user=admin_user)
    _run_rq_worker_once()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    result = failing_job.get_result(job.task_result_id)
    assert result.status == TaskResultStatus.FAILED
    assert result.errors[0].exception_class_path == "builtins.ValueError"
