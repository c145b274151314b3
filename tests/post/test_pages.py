"""The post pages with a plan, partners, shots, a cut and languages in them: what a post supervisor sees and
changes through the forms, and what a crew member only reads."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from setwise.breakdown import services as breakdown
from setwise.breakdown.models import Character
from setwise.post import services
from setwise.post.models import Deliverable, EditorialCut, LocalisationTrack, PostPartner, VfxShot, VoiceCast
from tests.post.conftest import FIXTURES

pytestmark = pytest.mark.django_db

SCRIPT = "INT. HARBOUR OFFICE - NIGHT #12A#\n\nMINHO waits.\n\nMINHO\nThe ferry is late.\n"


@pytest.fixture
def planned(launch_production, supervisor, partners, media):
    assert not breakdown.import_script(supervisor, launch_production, SCRIPT.encode(), "ep1.fountain").errors
    services.attach_partner(supervisor, launch_production, partners["subtitling"], "subtitling")
    services.create_plan(supervisor, launch_production)
    services.add_vfx_shot(supervisor, launch_production, code="EP01_12A_010", episode=1, description="Sky")
    return launch_production


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_overview_shows_milestones_summary_and_partners(planned, supervisor) -> None:
    page = login(supervisor).get(f"/productions/{planned.slug}/post/").content.decode()
    for key in ("picture_lock", "vfx_turnover", "vfx_final", "mix", "dubbing", "qc", "delivery", "launch"):
        assert f'data-milestone="{key}"' in page
    assert "Line Break Subtitles" in page and "Subtitles and captions" in page
    assert "Timeline settings" in page  # the supervisor may change the phase durations


def test_deliverables_filter_by_language_episode_and_category(planned, supervisor) -> None:
    client = login(supervisor)
    url = f"/productions/{planned.slug}/post/deliverables/"
    page = client.get(url).content.decode()
    assert '<option value="zh-Hant">' in page and 'name="episode"' in page
    japanese = client.get(url, {"language": "ja", "episode": "2", "category": "subtitles"}).content.decode()
    expected = Deliverable.objects.get(production=planned, key="subtitles", language="ja", episode=2)
    assert japanese.count("data-deliverable=") == 1 and f'data-deliverable="{expected.pk}"' in japanese
    partial = client.get(url, {"language": "ja"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="table").content.decode()
    assert "<h1>" not in partial and "data-deliverable=" in partial


def test_editing_a_deliverable_by_form(planned, supervisor, partners) -> None:
    item = Deliverable.objects.get(production=planned, key="key_art")
    url = f"/productions/{planned.slug}/post/deliverables/{item.pk}/"
    response = login(supervisor).post(
        url, {"owner": partners["editorial"].pk, "due_date": "2027-05-01", "status": "passed", "notes": "Signed off."}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.owner, str(item.due_date), item.status) == (partners["editorial"], "2027-05-01", "passed")
    # A checked deliverable cannot be passed by hand: the form refuses it with the reason.
    subtitle = Deliverable.objects.get(production=planned, key="subtitles", language="en", episode=1)
    refused = login(supervisor).post(
        f"/productions/{planned.slug}/post/deliverables/{subtitle.pk}/", {"status": "passed"}
    )
    assert refused.status_code == 400
    subtitle.refresh_from_db()
    assert subtitle.status == "planned"


def test_vfx_shot_edit_note_and_readers_without_bids(planned, supervisor, crew_member, partners) -> None:
    shot = VfxShot.objects.get(code="EP01_12A_010")
    base = f"/productions/{planned.slug}/post/vfx"
    client = login(supervisor)
    form = {
        "vendor": partners["vfx"].pk,
        "bid": "2500000",
        "currency": "KRW",
        "status": "awarded",
        "description": "Sky",
    }
    assert client.post(f"{base}/{shot.pk}/", form).status_code == 302
    assert client.post(f"{base}/{shot.pk}/notes/", {"version": "1", "note": "Stars too bright."}).status_code == 302
    shot.refresh_from_db()
    assert (shot.vendor, shot.bid, shot.status) == (partners["vfx"], Decimal("2500000"), "awarded")
    page = client.get(f"{base}/").content.decode()
    assert "₩2,500,000" in page and 'data-shot="EP01_12A_010"' in page and "data-vfx-cost" in page
    assert "Stars too bright." in client.get(f"{base}/{shot.pk}/").content.decode()
    reader = login(crew_member).get(f"{base}/").content.decode()
    assert 'data-shot="EP01_12A_010"' in reader and "₩2,500,000" not in reader and "data-vfx-cost" not in reader


def test_cut_import_through_the_page(planned, supervisor) -> None:
    url = f"/productions/{planned.slug}/post/cuts/"
    client = login(supervisor)
    upload = SimpleUploadedFile("ep1.edl", (FIXTURES / "ep1.edl").read_bytes())
    response = client.post(url, {"file": upload, "episode": "1", "frame_rate": ""})
    assert response.status_code == 302
    cut = EditorialCut.objects.get()
    assert (cut.matched, cut.reader, cut.running_time) == (1, "opentimelineio", "0:00:22")
    page = client.get(url).content.decode()
    assert 'data-episode="1"' in page and "0:00:22" in page and "EP01_99_010" in page  # unmatched shot name
    bad = client.post(url, {"file": SimpleUploadedFile("bad.edl", b"TITLE: x\nFCM: SOMETIMES\n"), "episode": "1"})
    assert bad.status_code == 400 and "unknown frame code mode" in bad.content.decode()
    assert EditorialCut.objects.count() == 1


def test_localisation_pages(planned, supervisor, partners) -> None:
    base = f"/productions/{planned.slug}/post/localisation"
    client = login(supervisor)
    page = client.get(f"{base}/").content.decode()
    assert 'data-language="en"' in page and "Line Break Subtitles" in page  # the vendor attached before the plan
    assert client.post(f"{base}/", {"language": "vi", "subtitles": "on"}).status_code == 302
    assert LocalisationTrack.objects.filter(production=planned, language="vi", dub=False).exists()
    english = LocalisationTrack.objects.get(production=planned, language="en")
    form = {
        "dub": "on",
        "subtitles": "on",
        "dubbing_studio": partners["dubbing"].pk,
        "subtitle_vendor": partners["subtitling"].pk,
        "translation_status": "done",
        "recording_status": "in_progress",
        "mix_status": "not_started",
        "subtitle_status": "in_progress",
    }
    assert client.post(f"{base}/{english.pk}/", form).status_code == 302
    minho = Character.objects.get(production=planned, name="MINHO")
    voice = {"character": minho.pk, "voice_actor": "Daniel Park", "notes": ""}
    assert client.post(f"{base}/{english.pk}/voices/", voice).status_code == 302
    english.refresh_from_db()
    assert (english.dubbing_studio, english.translation_status, english.recording_status) == (
        partners["dubbing"],
        "done",
        "in_progress",
    )
    assert VoiceCast.objects.get(track=english, character=minho).voice_actor == "Daniel Park"
    assert 'data-character="MINHO"' in client.get(f"{base}/{english.pk}/").content.decode()


def test_partners_attach_and_leave_by_form(planned, supervisor, partners) -> None:
    base = f"/productions/{planned.slug}/post/partners/"
    client = login(supervisor)
    assert client.post(base, {"role": "sound", "partner": partners["sound"].pk}).status_code == 302
    engagement = PostPartner.objects.get(production=planned, role="sound")
    mix = Deliverable.objects.get(production=planned, key="mix_20", episode=1)
    assert mix.owner == partners["sound"]  # it owns the unowned deliverables of its role
    # A partner who does not offer the service is refused with the reason, and nothing is attached.
    client.post(base, {"role": "vfx", "partner": partners["sound"].pk}, follow=True)
    assert not PostPartner.objects.filter(production=planned, role="vfx").exists()
    assert client.post(f"{base}{engagement.pk}/remove/").status_code == 302
    assert not PostPartner.objects.filter(pk=engagement.pk).exists()
