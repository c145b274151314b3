"""QC in the product: a subtitle or audio file uploaded to a deliverable is stored with its SHA-256 and checked as
a background job; the deliverable turns green only when the file passes; unreadable files are a clear error
and nothing is stored as passed."""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from setwise.core.models import Job, JobStatus
from setwise.post import services
from setwise.post.models import Deliverable, EditorialCut, QcRun
from tests.post.conftest import FAILING_SRT, MALFORMED_SRT, PASSING_SRT, stereo_tone

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(launch_production, supervisor, media):
    services.create_plan(supervisor, launch_production)
    return launch_production


@pytest.fixture
def subtitle(planned) -> Deliverable:
    return Deliverable.objects.get(production=planned, key="subtitles", language="en", episode=1)


@pytest.fixture
def mix(planned) -> Deliverable:
    return Deliverable.objects.get(production=planned, key="mix_20", episode=1)


def submit(user, deliverable, data: bytes, name: str, capture) -> QcRun:
    with capture(execute=True):
        run = services.submit_qc(user, deliverable, SimpleUploadedFile(name, data))
    run.refresh_from_db()
    deliverable.refresh_from_db()
    return run


def test_a_passing_subtitle_turns_the_deliverable_green(
    subtitle, supervisor, media: Path, django_capture_on_commit_callbacks
) -> None:
    run = submit(supervisor, subtitle, PASSING_SRT, "ep1_en.srt", django_capture_on_commit_callbacks)
    assert (run.status, subtitle.status, subtitle.last_run_id) == ("passed", "passed", run.pk)
    assert run.sha256 == hashlib.sha256(PASSING_SRT).hexdigest() and run.size == len(PASSING_SRT)
    assert Path(run.file.path).read_bytes() == PASSING_SRT and Path(run.file.path).is_relative_to(media)
    assert run.report["summary"]["events"] == 2 and run.report["summary"]["frame_rate"] == "23.976"
    assert run.report["findings"] == []
    job = Job.objects.get(pk=run.job_id)
    assert (job.status, job.kind, job.result["status"]) == (JobStatus.SUCCEEDED, "post.qc", "passed")


def test_a_failing_subtitle_lists_its_findings(subtitle, supervisor, django_capture_on_commit_callbacks) -> None:
    run = submit(supervisor, subtitle, FAILING_SRT, "ep1_en.srt", django_capture_on_commit_callbacks)
    assert (run.status, subtitle.status) == ("failed", "failed")
    findings = {(f["event"], f["rule"]): f for f in run.report["findings"]}
    assert set(findings) == {(2, "lines_per_event"), (2, "max_duration")}
    lines = findings[(2, "lines_per_event")]
    assert (lines["value"], lines["limit"], lines["severity"]) == (3, 2, "error")
    assert lines["timecode"] == "00:00:04.000" and lines["smpte"].startswith("00:00:04")
    assert (findings[(2, "max_duration")]["value"], findings[(2, "max_duration")]["limit"]) == (8.0, 7.0)


def test_a_malformed_file_is_a_clear_error_and_nothing_passes(
    subtitle, supervisor, django_capture_on_commit_callbacks
) -> None:
    run = submit(supervisor, subtitle, PASSING_SRT, "good.srt", django_capture_on_commit_callbacks)
    assert subtitle.status == "passed"
    stored = Path(run.file.path)
    bad = submit(supervisor, subtitle, MALFORMED_SRT, "bad.srt", django_capture_on_commit_callbacks)
    assert bad.status == "error" and bad.error.startswith("line 1: expected a subtitle number")
    assert bad.report == {} and not bad.file  # the unreadable file is not kept
    assert bad.sha256 == hashlib.sha256(MALFORMED_SRT).hexdigest()
    assert subtitle.status == "failed" and subtitle.last_run_id == bad.pk
    assert stored.exists()  # the earlier file and its report stay as they were
    assert Job.objects.get(pk=bad.job_id).status == JobStatus.SUCCEEDED


def test_binary_garbage_is_an_error_too(subtitle, supervisor, django_capture_on_commit_callbacks) -> None:
    run = submit(supervisor, subtitle, b"\x00\x01\x02\x03" * 50, "garbage.srt", django_capture_on_commit_callbacks)
    assert run.status == "error" and subtitle.status == "failed"
    assert run.error == "the file is binary (mostly control characters), not a subtitle text file"


def test_the_cut_gives_the_programme_length(planned, subtitle, supervisor, django_capture_on_commit_callbacks) -> None:
    edl = b"TITLE: ep1\n001  AX V C 00:00:00:00 00:00:05:00 01:00:00:00 01:00:05:00\n"
    services.import_cut(supervisor, planned, edl, "ep1.edl", episode=1, frame_rate="24")
    assert EditorialCut.objects.get().duration_ms == 5000
    run = submit(supervisor, subtitle, PASSING_SRT, "ep1_en.srt", django_capture_on_commit_callbacks)
    assert run.report["summary"]["programme_length_ms"] == 5000
    assert [(f["event"], f["rule"]) for f in run.report["findings"]] == [(2, "beyond_programme")]


def test_audio_pass_and_fail(mix, supervisor, django_capture_on_commit_callbacks) -> None:
    run = submit(supervisor, mix, stereo_tone(-24.0), "ep1_stereo.wav", django_capture_on_commit_callbacks)
    assert (run.status, mix.status) == ("passed", "passed"), run.report
    summary = run.report["summary"]
    assert summary["integrated_lufs"] == pytest.approx(-24.0, abs=0.2)
    assert (summary["sample_rate"], summary["bit_depth"], summary["channels"], summary["target"]) == (
        48000,
        24,
        2,
        "streaming",
    )
    # A steady tone has no loudness range: a warning, which does not fail the mix.
    assert [f["rule"] for f in run.report["findings"]] == ["loudness_range"]
    # A tone peaking at -1 dBFS: far too loud (about -1 LUFS) and above the -2 dBTP true-peak ceiling.
    loud = submit(supervisor, mix, stereo_tone(-1.0), "ep1_stereo_v2.wav", django_capture_on_commit_callbacks)
    assert (loud.status, mix.status) == ("failed", "failed")
    rules = {f["rule"]: f for f in loud.report["findings"]}
    assert {"integrated_loudness", "true_peak"} <= set(rules)
    assert rules["integrated_loudness"]["severity"] == "error" and rules["integrated_loudness"]["limit"] == "-24.0 ±2.0"


def test_a_truncated_wav_is_an_error(mix, supervisor, django_capture_on_commit_callbacks) -> None:
    run = submit(supervisor, mix, stereo_tone(-24.0)[:30], "cut_short.wav", django_capture_on_commit_callbacks)
    assert run.status == "error" and run.error and mix.status == "failed"
    assert not run.file and run.report == {}


def test_uploads_are_checked_before_anything_is_stored(
    planned, subtitle, mix, supervisor, crew_member, settings
) -> None:
    with pytest.raises(ValidationError, match="WAV, BWF and RF64"):
        services.submit_qc(supervisor, mix, SimpleUploadedFile("mix.mp3", b"ID3"))
    art = Deliverable.objects.get(production=planned, key="key_art")
    with pytest.raises(ValidationError, match="reviewed by hand"):
        services.submit_qc(supervisor, art, SimpleUploadedFile("art.psd", b"8BPS"))
    settings.SETWISE_IMPORT_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="too large"):
        services.submit_qc(supervisor, subtitle, SimpleUploadedFile("big.srt", PASSING_SRT))
    settings.SETWISE_QC_AUDIO_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="too large"):
        services.submit_qc(supervisor, mix, SimpleUploadedFile("big.wav", stereo_tone(-24.0, 0.1)))
    with pytest.raises(PermissionDenied):
        services.submit_qc(crew_member, subtitle, SimpleUploadedFile("ep1.srt", PASSING_SRT))
    assert not QcRun.objects.exists()
    subtitle.refresh_from_db()
    assert subtitle.status == "planned"


def test_only_the_latest_run_decides(subtitle, supervisor, django_capture_on_commit_callbacks) -> None:
    first = services.submit_qc(supervisor, subtitle, SimpleUploadedFile("a.srt", FAILING_SRT), start=False)
    second = services.submit_qc(supervisor, subtitle, SimpleUploadedFile("b.srt", PASSING_SRT), start=False)
    services.execute_qc(second.pk)
    services.execute_qc(first.pk)  # the older file finishes last: it must not turn the deliverable red
    subtitle.refresh_from_db()
    assert (subtitle.status, subtitle.last_run_id) == ("passed", second.pk)
    assert QcRun.objects.get(pk=first.pk).status == "failed"
    # Running a finished run again changes nothing.
    assert services.execute_qc(second.pk).status == "passed"


def test_report_pages_csv_and_api(
    planned, subtitle, supervisor, crew_member, django_capture_on_commit_callbacks
) -> None:
    run = submit(supervisor, subtitle, FAILING_SRT, "ep1_en.srt", django_capture_on_commit_callbacks)
    client = Client()
    client.force_login(crew_member)  # readers see reports, they cannot upload
    base = f"/productions/{planned.slug}/post"
    page = client.get(f"{base}/qc/{run.pk}/").content.decode()
    assert run.sha256 in page and 'data-rule="lines_per_event"' in page and 'data-rule="max_duration"' in page
    rows = list(csv.DictReader(io.StringIO(client.get(f"{base}/qc/{run.pk}.csv").content.decode())))
    assert [(r["event"], r["rule"], float(r["value"]), float(r["limit"])) for r in rows] == [
        ("2", "lines_per_event", 3, 2),
        ("2", "max_duration", 8.0, 7.0),
    ]
    data = client.get(f"/api/productions/{planned.slug}/post/qc/{run.pk}").json()
    assert (data["status"], data["passed"], data["sha256"], data["kind"]) == ("failed", False, run.sha256, "timedtext")
    assert [(f["event"], f["rule"], f["value"], f["limit"]) for f in data["findings"]] == [
        (2, "lines_per_event", 3, 2),
        (2, "max_duration", 8.0, 7.0),
    ]
    detail = client.get(f"{base}/deliverables/{subtitle.pk}/").content.decode()
    assert run.file_name in detail and 'data-status="failed"' in detail
    upload = client.post(f"{base}/deliverables/{subtitle.pk}/qc/", {"file": SimpleUploadedFile("x.srt", PASSING_SRT)})
    assert upload.status_code == 403 and QcRun.objects.count() == 1


def test_upload_through_the_page(planned, subtitle, supervisor, django_capture_on_commit_callbacks) -> None:
    client = Client()
    client.force_login(supervisor)
    url = f"/productions/{planned.slug}/post/deliverables/{subtitle.pk}/qc/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": SimpleUploadedFile("ep1_en.srt", PASSING_SRT)})
    run = QcRun.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/post/qc/{run.pk}/")
    page = client.get(response["Location"])
    assert 'data-run-status="passed"' in page.content.decode()
    partial = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith("<div") and "hx-trigger" not in partial  # finished: no more polling
