"""The deliverables plan: created from a template per format and territory, owners from the post team, due
dates from the milestones, and the checks of the template data."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from setwise.post import plans, selectors, services, timeline
from setwise.post.models import Deliverable, LocalisationTrack, PostPlan
from setwise.productions.models import Format, Production

pytestmark = pytest.mark.django_db


def test_series_plan_for_korea(launch_production, supervisor) -> None:
    plan = services.create_plan(supervisor, launch_production)
    assert (plan.template, plan.territory, plan.original_language, plan.frame_rate) == ("series", "KR", "ko", "23.976")
    assert plan.durations == plans.load_template("series").durations
    items = list(Deliverable.objects.filter(production=launch_production))
    per_episode = Counter(d.episode for d in items)
    # Two episodes with the same items, and the season-wide ones (artwork, documents) once.
    assert per_episode[1] == per_episode[2] > 0
    assert per_episode[None] == 6  # key art, title treatment, credits, chain of title, E&O, KMRB classification
    ep1 = {(d.key, d.language) for d in items if d.episode == 1}
    # Subtitles in every territory language but the original; SDH in Korean and English; dubs in English and
    # Japanese; picture in HDR and SDR IMF; Atmos home mix, 5.1, stereo and M&E.
    assert {lang for key, lang in ep1 if key == "subtitles"} == {"en", "ja", "th", "id", "zh-Hant"}
    assert {lang for key, lang in ep1 if key == "sdh"} == {"ko", "en"}
    assert {lang for key, lang in ep1 if key == "dub_mix"} == {"en", "ja"}
    assert {"imf_hdr", "imf_sdr", "atmos_home", "mix_51", "mix_20", "me_51"} <= {key for key, _ in ep1}
    by_key = {(d.key, d.language, d.episode): d for d in items}
    subtitle = by_key[("subtitles", "ja", 1)]
    assert (subtitle.qc, subtitle.category, subtitle.name) == ("timedtext", "subtitles", "Subtitles (ja)")
    assert by_key[("sdh", "en", 2)].sdh
    mix = by_key[("mix_51", "", 1)]
    assert (mix.qc, mix.audio_target, mix.milestone) == ("audio", "streaming", "mix")
    assert by_key[("me_51", "", 1)].qc == ""  # M&E loudness is not measured
    assert by_key[("imf_hdr", "", 1)].spec["colour"].startswith("HDR Dolby Vision")
    assert by_key[("rating_kr", "", None)].category == "documents"
    # Plan order: episode 1, episode 2, then the season-wide items.
    orders = [d.episode for d in Deliverable.objects.filter(production=launch_production).order_by("order")]
    assert orders == sorted(orders, key=lambda e: (e is None, e or 0))


def test_film_plan_for_another_territory(make_user, other_production) -> None:
    from setwise.accounts.roles import ProductionRole
    from setwise.productions.models import Membership

    producer = make_user("film-producer")
    Membership.objects.create(production=other_production, user=producer, role=ProductionRole.PRODUCER)
    other_production.country = "VN"
    other_production.save()
    plan = services.create_plan(producer, other_production, original_language="th", frame_rate="25")
    assert (plan.template, plan.territory, plan.original_language, plan.frame_rate) == ("film", "default", "th", "25")
    items = Deliverable.objects.filter(production=other_production)
    assert not items.filter(episode__isnull=False).exists()
    assert set(items.filter(key="subtitles").values_list("language", flat=True)) == {"en", "ko", "ja", "id", "zh-Hant"}
    assert items.filter(key="dub_mix").count() == 1


def test_languages_without_rules_are_checked_by_hand() -> None:
    template = plans.load_template("film")
    place = plans.Territory("XX", "Test", "en", ("vi", "ja"), ("en",), (), ())
    items = {i.language: i for i in plans.expand(template, place, 1) if i.key == "subtitles"}
    assert items["vi"].qc == "" and items["ja"].qc == "timedtext"


def test_plan_creates_the_localisation_languages(launch_production, supervisor) -> None:
    services.create_plan(supervisor, launch_production)
    tracks = {t.language: t for t in LocalisationTrack.objects.filter(production=launch_production)}
    assert set(tracks) == {"en", "ja", "th", "id", "zh-Hant", "ko"}
    assert tracks["en"].dub and tracks["en"].subtitles and tracks["en"].translation_status == "not_started"
    assert not tracks["th"].dub and tracks["th"].translation_status == "not_needed"
    assert tracks["ko"].subtitles and not tracks["ko"].dub  # SDH in the original language


def test_post_partners_become_owners(launch_production, supervisor, partners) -> None:
    services.attach_partner(supervisor, launch_production, partners["sound"], "sound")
    services.create_plan(supervisor, launch_production)
    audio = Deliverable.objects.filter(production=launch_production, category="audio")
    assert set(audio.values_list("owner__name", flat=True)) == {"Atmos Stage Seoul"}
    services.attach_partner(supervisor, launch_production, partners["dubbing"], "dubbing")
    dubs = Deliverable.objects.filter(production=launch_production, category="dubbing")
    # The dubbing studio works in English only: the Japanese dubs stay unowned.
    assert set(dubs.filter(language="en").values_list("owner__name", flat=True)) == {"Voice Bridge"}
    assert set(dubs.filter(language="ja").values_list("owner", flat=True)) == {None}
    assert not Deliverable.objects.filter(production=launch_production, category="picture", owner__isnull=False)


def test_partner_must_offer_the_service(launch_production, supervisor, partners) -> None:
    with pytest.raises(ValidationError) as info:
        services.attach_partner(supervisor, launch_production, partners["sound"], "vfx")
    assert "does not offer this service" in str(info.value)
    services.attach_partner(supervisor, launch_production, partners["vfx"], "vfx")
    with pytest.raises(ValidationError, match="already on the post team"):
        services.attach_partner(supervisor, launch_production, partners["vfx"], "vfx")


def test_one_plan_per_production_and_only_for_editors(launch_production, supervisor, crew_member) -> None:
    with pytest.raises(PermissionDenied):
        services.create_plan(crew_member, launch_production)
    services.create_plan(supervisor, launch_production)
    count = Deliverable.objects.count()
    with pytest.raises(ValidationError, match="already has a deliverables plan"):
        services.create_plan(supervisor, launch_production)
    assert Deliverable.objects.count() == count and PostPlan.objects.count() == 1


def test_bad_plan_options_create_nothing(launch_production, supervisor) -> None:
    for kwargs in ({"template": "opera"}, {"territory": "XX"}, {"frame_rate": "12"}, {"programme_type": "teens"}):
        with pytest.raises(ValidationError):
            services.create_plan(supervisor, launch_production, **kwargs)
    assert not PostPlan.objects.exists() and not Deliverable.objects.exists()


def test_due_dates_follow_the_milestones_and_the_launch(launch_production, supervisor) -> None:
    plan = services.create_plan(supervisor, launch_production)
    subtitle = Deliverable.objects.get(production=launch_production, key="subtitles", language="en", episode=1)
    dates = selectors.timeline_for(launch_production, plan).dates()
    assert subtitle.due_on(dates) == dates["qc"] - dt.timedelta(days=7)
    services.update_plan(supervisor, plan, durations={"qc": 21})
    plan.refresh_from_db()
    later = selectors.timeline_for(launch_production, plan).dates()
    assert later["qc"] == dates["qc"] and later["dubbing"] == dates["dubbing"] - dt.timedelta(days=7)
    fixed = services.update_deliverable(
        supervisor, subtitle, owner=None, due_date=dt.date(2027, 1, 15), status="in_progress"
    )
    assert fixed.due_on(later) == dt.date(2027, 1, 15)
    with pytest.raises(ValidationError):
        services.update_plan(supervisor, plan, durations={"qc": 1000})


def test_checked_deliverables_pass_only_through_qc(launch_production, supervisor) -> None:
    services.create_plan(supervisor, launch_production)
    subtitle = Deliverable.objects.get(production=launch_production, key="subtitles", language="en", episode=1)
    with pytest.raises(ValidationError, match="Only a QC run decides"):
        services.update_deliverable(supervisor, subtitle, owner=None, due_date=None, status="passed")
    art = Deliverable.objects.get(production=launch_production, key="key_art")
    assert services.update_deliverable(supervisor, art, owner=None, due_date=None, status="passed").status == "passed"


def test_shipped_templates_are_valid() -> None:
    for key in plans.TEMPLATES:
        template = plans.load_template(key)
        assert template.items and set(template.durations) == set(timeline.PHASES)
    assert {"KR", "JP", "TH", "ID", "TW", "AU", "default"} <= set(plans.territories())


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ({"key": "x", "category": "food", "name": "X", "milestone": "qc"}, "unknown category"),
        ({"key": "x", "category": "audio", "name": "X", "milestone": "lunch"}, "unknown milestone"),
        ({"key": "x", "category": "audio", "name": "X", "milestone": "qc", "qc": "audio"}, "audio target"),
        (
            {"key": "x", "category": "audio", "name": "X", "milestone": "qc", "qc": "audio", "audio_target": "loud"},
            "audio",
        ),
        ({"key": "x", "category": "subtitles", "name": "X", "milestone": "qc", "languages": "subtitles"}, "language"),
        ({"key": "x", "category": "audio", "name": "X", "milestone": "qc", "colour": "red"}, "unknown fields"),
    ],
)
def test_bad_template_items_are_refused(item, message) -> None:
    data = {"key": "t", "name": "T", "format": "film", "items": [item]}
    with pytest.raises(plans.TemplateError, match=message):
        plans.parse_template(data)


def test_hybrid_productions_are_planned_like_series() -> None:
    assert plans.template_for_format(Format.HYBRID) == "series"
    assert plans.template_for_format(Format.FILM) == "film"
    assert Production  # the models import above keeps the app loaded for the parametrised cases
