"""The import page (upload -> background job -> job page with the count or the problems) and the export view."""

from __future__ import annotations

import csv
import io as _io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from setwise.core.models import Job, JobStatus
from setwise.partners import tasks
from setwise.partners.io import COLUMNS
from setwise.partners.models import Partner
from tests.partners.factories import make_partner
from tests.partners.spreadsheets import csv_text, row

pytestmark = pytest.mark.django_db


def upload(client, data: bytes, name: str = "partners.csv"):
    return client.post(reverse("partners:import"), {"file": SimpleUploadedFile(name, data)})


def test_upload_runs_the_job_and_the_job_page_shows_the_count(
    client, partner_manager, django_capture_on_commit_callbacks
) -> None:
    client.force_login(partner_manager)
    data = csv_text(row("Hanbit Pictures", name_local="한빛픽처스"), row("Sakura Eizo", "JP")).encode("cp949")
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, data)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("core:job", args=[job.pk])
    assert job.status == JobStatus.SUCCEEDED and job.result == {"created": 2, "errors": []}
    assert job.params == {"filename": "partners.csv"} and bytes(job.payload) == b""
    assert Partner.objects.filter(name_local="한빛픽처스").exists()
    page = client.get(response["Location"]).content.decode()
    assert "2 partners imported." in page


def test_a_file_with_problems_is_a_successful_job_listing_them(
    client, partner_manager, django_capture_on_commit_callbacks
) -> None:
    client.force_login(partner_manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, csv_text(row("Good"), row("Bad", "XX")).encode())
    job = Job.objects.get()
    assert job.status == JobStatus.SUCCEEDED
    assert job.result == {
        "created": 0,
        "errors": [{"row": 3, "column": "country", "message": "'XX' is not an ISO 3166 country code"}],
    }
    assert not Partner.objects.exists()
    page = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "Errors (nothing was imported)" in page and "is not an ISO 3166 country code" in page


def test_binary_upload_shows_a_file_level_error(client, partner_manager, django_capture_on_commit_callbacks) -> None:
    client.force_login(partner_manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, b"\x89PNG\r\n\x1a\n" + bytes(300), "logo.png")
    page = client.get(response["Location"]).content.decode()
    assert "PNG image" in page
    assert Job.objects.get().result["errors"][0]["row"] is None


def test_nothing_runs_before_the_commit(partner_manager, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = tasks.start_import(partner_manager, csv_text(row("A")).encode(), "a.csv", encoding="utf-8")
    assert len(callbacks) == 1 and Job.objects.get().status == JobStatus.QUEUED
    assert job.params == {"filename": "a.csv", "encoding": "utf-8"}
    callbacks[0]()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.result["created"] == 1 and job.progress == 100


def test_import_needs_the_import_permission(client, outsider, crew_member) -> None:
    for user in (outsider, crew_member):
        client.force_login(user)
        assert client.get(reverse("partners:import")).status_code == 403
        assert upload(client, csv_text(row("A")).encode()).status_code == 403
    assert not Job.objects.exists() and not Partner.objects.exists()
    with pytest.raises(PermissionDenied):
        tasks.start_import(outsider, b"", "a.csv")


def test_oversized_upload_is_refused_on_the_form(client, partner_manager, settings) -> None:
    settings.SETWISE_IMPORT_MAX_BYTES = 1024
    client.force_login(partner_manager)
    response = upload(client, csv_text(*[row(f"Company {i}") for i in range(100)]).encode())
    assert response.status_code == 400 and "too large" in response.content.decode()
    assert not Job.objects.exists()


@pytest.fixture
def directory(partner_manager):
    return [
        make_partner(partner_manager, "Hanbit Pictures", "KR", ["production", "vfx"], name_local="한빛픽처스"),
        make_partner(partner_manager, "Sakura Eizo", "JP", ["post"], languages=["ja", "en"]),
        make_partner(partner_manager, "Alpha Sound", "KR", ["sound"], status="inactive"),
    ]


def test_export_view_csv_content_and_filters(client, outsider, directory) -> None:
    client.force_login(outsider)  # every signed-in user may read (and so export) the directory
    response = client.get(reverse("partners:export"))
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(_io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == COLUMNS
    assert [r[0] for r in rows[1:]] == ["Alpha Sound", "Hanbit Pictures", "Sakura Eizo"]
    assert rows[2][4] == "production; vfx" and rows[3][6] == "en; ja"
    kr = list(csv.reader(_io.StringIO(client.get(reverse("partners:export"), {"country": "KR"}).content.decode())))
    assert [r[0] for r in kr[1:]] == ["Alpha Sound", "Hanbit Pictures"]
    inactive = client.get(reverse("partners:export"), {"status": "inactive", "q": "alpha"}).content.decode()
    assert [r[0] for r in list(csv.reader(_io.StringIO(inactive)))[1:]] == ["Alpha Sound"]


def test_export_view_xlsx(client, outsider, directory) -> None:
    client.force_login(outsider)
    response = client.get(reverse("partners:export"), {"format": "xlsx", "kind": "post"})
    assert response["Content-Disposition"] == 'attachment; filename="setwise-partners.xlsx"'
    ws = load_workbook(_io.BytesIO(response.content)).worksheets[0]
    assert [r[0].value for r in ws.iter_rows()] == ["name", "Sakura Eizo"]


def test_export_needs_sign_in(client, directory) -> None:
    assert client.get(reverse("partners:export")).status_code == 302
