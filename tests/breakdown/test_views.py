"""Breakdown pages: upload -> job -> scenes; sheets with HTMX decisions; element manager; flags; diff; exports."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from setwise.breakdown import services
from setwise.breakdown.models import ElementStatus, Scene, SceneElement, ScriptDraft
from setwise.core.models import Job, JobStatus
from tests.breakdown.conftest import fixture_bytes

pytestmark = pytest.mark.django_db


def url(name: str, production, *args) -> str:
    return reverse(f"breakdown:{name}", args=[production.slug, *args])


def upload(client, production, data: bytes, name: str = "ep1.fountain", **extra):
    return client.post(url("upload", production), {"file": SimpleUploadedFile(name, data), **extra})


def test_upload_runs_the_job_and_shows_the_scenes(client, production, first_ad, django_capture_on_commit_callbacks):
    client.force_login(first_ad)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, production, fixture_bytes("harbour_white.fountain"))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == url("import_status", production, job.pk)
    assert job.status == JobStatus.SUCCEEDED and job.result["scenes"] == 4 and job.result["errors"] == []
    assert bytes(job.payload) == b""
    page = client.get(response["Location"]).content.decode()
    assert "Draft 1 imported: 4 scenes." in page
    scenes = client.get(url("scenes", production)).content.decode()
    assert "S#1. 항구 / 부두 (밤)" in scenes and "INT. POLICE STATION - NIGHT" in scenes
    assert "DETECTIVE PARK" in scenes


def test_a_bad_file_shows_the_engines_error_and_writes_nothing(
    client, production, first_ad, django_capture_on_commit_callbacks
):
    client.force_login(first_ad)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, production, b"%PDF-1.4\nnot really a pdf", "broken.pdf")
    job = Job.objects.get()
    assert job.status == JobStatus.SUCCEEDED and job.result["draft"] is None
    page = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "nothing was changed" in page and job.result["errors"][0]["message"] in page
    assert not ScriptDraft.objects.exists() and not Scene.objects.exists()


def test_who_may_see_and_upload(client, production, crew_member, outsider, first_ad):
    client.force_login(outsider)
    assert client.get(url("scenes", production)).status_code == 404
    assert client.get(url("upload", production)).status_code == 404
    client.force_login(crew_member)
    assert client.get(url("scenes", production)).status_code == 200
    assert client.get(url("upload", production)).status_code == 403
    assert upload(client, production, fixture_bytes("harbour_white.fountain")).status_code == 403
    assert not Job.objects.exists()
    client.force_login(first_ad)
    assert client.get(url("upload", production)).status_code == 200


def test_scene_list_shows_eighths_and_filters(client, production, first_ad, imported):
    client.force_login(first_ad)
    page = client.get(url("scenes", production), {"int_ext": "EXT"}).content.decode()
    assert "EXT. ROOFTOP - DAWN" in page and "POLICE STATION" not in page
    page = client.get(url("scenes", production), {"character": "DETECTIVE PARK"}).content.decode()
    assert "POLICE STATION" in page and "ROOFTOP" not in page
    services.import_script(first_ad, production, _longer_scene(), "ep1_pink.fountain")
    long_scene = Scene.objects.get(set_name="WAREHOUSE")
    assert long_scene.eighths > 8 and long_scene.eighths % 8
    response = client.get(url("scenes", production), {"q": "WAREHOUSE"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="table")
    page = response.content.decode()
    assert "<html" not in page and f'<td class="num">{long_scene.eighths_display}</td>' in page
    assert " " in long_scene.eighths_display and "/8" in long_scene.eighths_display
    # Scenes the revision dropped are hidden unless asked for, and marked omitted.
    assert "ROOFTOP" not in client.get(url("scenes", production)).content.decode()
    page = client.get(url("scenes", production), {"omitted": "1"}).content.decode()
    assert "ROOFTOP" in page and "OMITTED" in page


def _longer_scene() -> bytes:
    action = "\n\n".join(f"Line {i}: the crates are stacked high and the guard walks past again." for i in range(40))
    return f"S#1. 항구 / 부두 (밤)\n\n비.\n\nEXT. WAREHOUSE - NIGHT #9#\n\n{action}\n".encode()


def test_accept_and_reject_with_htmx_and_flags(client, production, first_ad, producer, crew_member, imported):
    s1 = production.scenes.get(number="1")
    kiss = SceneElement.objects.get(scene=s1, element__name="kissing")
    client.force_login(crew_member)
    response = client.post(url("element_decide", production, s1.pk, kiss.pk), {"status": "accepted"})
    assert response.status_code == 403
    client.force_login(first_ad)
    response = client.post(
        url("element_decide", production, s1.pk, kiss.pk), {"status": "accepted"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and 'data-status="accepted"' in response.content.decode()
    kiss.refresh_from_db()
    assert kiss.status == ElementStatus.ACCEPTED
    assert client.get(url("intimacy", production)).status_code == 403  # the queue is not the 1st AD's
    client.force_login(producer)
    queue = client.get(url("intimacy", production)).content.decode()
    assert 'data-scene="1"' in queue and "kissing" in queue
    client.force_login(first_ad)
    assert 'data-scene="1"' not in client.get(url("vfx", production)).content.decode()
    s4 = production.scenes.get(number="4")
    hologram = SceneElement.objects.get(scene=s4, element__name="hologram")
    client.post(url("element_decide", production, s4.pk, hologram.pk), {"status": "accepted"})
    assert 'data-scene="4"' in client.get(url("vfx", production)).content.decode()
    client.post(url("element_decide", production, s4.pk, hologram.pk), {"status": "rejected"})
    assert 'data-scene="4"' not in client.get(url("vfx", production)).content.decode()
    # A scene of another production cannot be reached through this one.
    assert client.post(url("element_decide", production, s1.pk, hologram.pk), {"status": "accepted"}).status_code == 404


def test_add_an_element_by_hand_and_the_element_manager(client, production, first_ad, imported):
    s2 = production.scenes.get(number="2")
    client.force_login(first_ad)
    response = client.post(
        url("element_add", production, s2.pk), {"category": "set_dressing", "name": "낡은 소파"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "낡은 소파" in response.content.decode()
    assert SceneElement.objects.get(scene=s2, element__name="낡은 소파").status == ElementStatus.MANUAL
    bad = client.post(url("element_add", production, s2.pk), {"category": "nope", "name": "x"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 400
    manager = client.get(url("elements", production)).content.decode()
    assert 'data-element="낡은 소파"' in manager and 'data-element="고양이"' in manager
    sheet = client.get(url("scene", production, s2.pk)).content.decode()
    assert 'data-category="set_dressing"' in sheet and "#a1887f" in sheet


def test_diff_page_lists_added_omitted_changed(client, production, first_ad, crew_member, imported):
    services.import_script(first_ad, production, fixture_bytes("harbour_blue.fountain"), "blue.fountain")
    client.force_login(crew_member)
    draft = ScriptDraft.objects.get(version=2)
    page = client.get(url("diff", production, draft.pk)).content.decode()
    assert "INT. POLICE STATION - NIGHT" in page  # omitted
    assert "S#5. 수산시장 (낮)" in page  # added
    assert 'data-diff="changed"' in page and "+" in page


def test_xlsx_exports(client, production, first_ad, imported):
    s1 = production.scenes.get(number="1")
    services.set_element_status(first_ad, SceneElement.objects.get(scene=s1, element__name="kissing"), "accepted")
    services.add_element(first_ad, s1, "props", "=SUM(A1)")
    client.force_login(first_ad)
    response = client.get(url("export_scenes", production))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Scene", "Heading", "INT/EXT")
    assert rows[1][0] == "1" and rows[1][1] == "S#1. 항구 / 부두 (밤)" and rows[1][5] == "NIGHT"
    assert rows[3][2] == "INT" and rows[3][9] == "DETECTIVE PARK, MINHO"
    assert len(rows) == 5
    response = client.get(url("export_breakdown", production), {"scene": s1.pk})
    cells = [r for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]
    assert ("Intimacy", "kissing") in cells
    assert ("Props", "=SUM(A1)") in cells  # literal text, no apostrophe added
    with zipfile.ZipFile(io.BytesIO(response.content)) as xlsx:
        xml = xlsx.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<is><t>=SUM(A1)</t></is>" in xml  # an inline text cell, never a live formula
    props = next(
        c
        for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()
        for c in row
        if c.value == "=SUM(A1)"
    )
    assert props.data_type == "s"
    assert not any(r[1] == "우산" for r in cells)  # suggestions are not on the sheet
