"""Raising a concern (named or anonymous), routing it to the right safeguarding lead, following it with the case
code, case notes, statuses and the retention purge."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from setwise.intimacy import services
from setwise.intimacy.access import access_for
from setwise.intimacy.models import (
    ActorKind,
    AuditAction,
    AuditEntry,
    CaseNote,
    Concern,
    ConcernMessage,
    ConcernRoute,
    ConcernStatus,
)
from setwise.productions.models import Production
from tests.intimacy.factories import World, build_world

pytestmark = pytest.mark.django_db

SECRET = "The gaffer keeps touching people's shoulders"


def raise_(world: World, who: str = "crew", *, anonymous: bool = True, lead_involved: bool = False, **kw):
    return services.raise_concern(
        world[who], world.production, "conduct", SECRET, anonymous=anonymous, lead_involved=lead_involved, **kw
    )


def test_an_anonymous_concern_stores_nothing_of_the_reporter(world) -> None:
    raised = raise_(world, "crew")
    concern = Concern.objects.get()
    assert concern.reporter is None and concern.anonymous
    assert concern.code_hash == services.code_hash(raised.code) and raised.code not in concern.code_hash
    entry = AuditEntry.objects.get(record_type="concern")
    assert (entry.actor, entry.actor_label, entry.actor_kind) == (None, "", ActorKind.ANONYMOUS_REPORTER)
    crew = world["crew"]
    assert not AuditEntry.objects.filter(actor=crew).exists()
    row = Concern.objects.filter(pk=concern.pk).values().get()
    assert row["reporter_id"] is None
    assert not any(crew.username in str(v) or crew.email in str(v) for v in row.values())


def test_anonymous_rows_refuse_a_reporter_at_the_database(world) -> None:
    from django.db import IntegrityError, transaction

    raise_(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        Concern.objects.update(reporter=world["crew"])


def test_a_named_concern_keeps_the_reporter(world) -> None:
    raise_(world, "cast", anonymous=False)
    concern = Concern.objects.get()
    assert concern.reporter == world["cast"] and not concern.anonymous
    assert AuditEntry.objects.get(record_type="concern").actor == world["cast"]


def test_anyone_on_the_production_raises_a_concern_and_outsiders_do_not(world, outsider) -> None:
    for who in ("cast", "crew", "first_ad", "ic", "performer"):
        raise_(world, who)
    with pytest.raises(PermissionDenied):
        services.raise_concern(outsider, world.production, "safety", SECRET, anonymous=True)
    with pytest.raises(ValidationError):
        services.raise_concern(world["crew"], world.production, "gossip", SECRET, anonymous=True)
    with pytest.raises(ValidationError):
        services.raise_concern(world["crew"], world.production, "safety", "   ", anonymous=True)
    assert Concern.objects.count() == 5


def test_routing_to_the_production_or_the_studio(world, production, make_user) -> None:
    assert raise_(world).concern.routed_to == ConcernRoute.PRODUCTION
    assert raise_(world, lead_involved=True).concern.routed_to == ConcernRoute.STUDIO
    bare = Production.objects.create(slug="no-lead", title="No lead", format="film", country="JP")
    from setwise.productions.models import Membership

    person = make_user("on-bare")
    Membership.objects.create(production=bare, user=person, role="crew")
    concern = services.raise_concern(person, bare, "safety", SECRET, anonymous=True).concern
    assert concern.routed_to == ConcernRoute.STUDIO


def test_each_case_is_seen_by_its_own_lead_only(world) -> None:
    ours = raise_(world).concern
    theirs = raise_(world, lead_involved=True).concern
    lead = access_for(world["prod_lead"], world.production)
    studio = access_for(world["studio_lead"], world.production)
    assert (lead.can_handle_concern(ours), lead.can_handle_concern(theirs)) == (True, False)
    assert (studio.can_handle_concern(ours), studio.can_handle_concern(theirs)) == (False, True)
    for who in ("producer", "ic", "first_ad", "crew"):
        access = access_for(world[who], world.production)
        assert not access.can_handle_concern(ours) and not access.can_handle_concern(theirs)
    with pytest.raises(PermissionDenied):
        services.add_case_note(world["prod_lead"], theirs, "note")
    with pytest.raises(PermissionDenied):
        services.add_case_note(world["producer"], ours, "note")


def test_new_cases_are_announced_to_their_leads_without_content(world, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        ours = raise_(world, base_url="http://testserver/").concern
        raise_(world, lead_involved=True)
    assert sorted(m.to[0] for m in mail.outbox) == ["prod-lead@example.org", "studio-lead@example.org"]
    for message in mail.outbox:
        assert SECRET not in message.body and "crew" not in message.body
    assert ours.reference in mail.outbox[0].subject + mail.outbox[1].subject


def test_the_reporter_follows_and_answers_with_the_code_only(world) -> None:
    raised = raise_(world)
    concern = raised.concern
    services.lead_reply(world["prod_lead"], concern, "Thank you. Can you say which day?")
    services.add_case_note(world["prod_lead"], concern, "Spoke with the key grip")
    assert services.concern_for_code(world.production, raised.code.lower().replace("-", " ")) == concern
    assert services.concern_for_code(world.production, "WRONG-CODE") is None
    services.reporter_reply(concern, "Tuesday, on the rooftop set.")
    kinds = list(ConcernMessage.objects.order_by("pk").values_list("author_kind", "author"))
    assert kinds == [("lead", world["prod_lead"].pk), ("reporter", None)]
    assert AuditEntry.objects.filter(record_type="concernmessage", actor__isnull=True).get().actor_kind == (
        ActorKind.REPORTER_CODE
    )


def test_the_follow_page_shows_messages_not_notes_and_stores_nothing_of_the_visitor(world) -> None:
    raised = raise_(world)
    services.lead_reply(world["prod_lead"], raised.concern, "We are looking into it.")
    services.add_case_note(world["prod_lead"], raised.concern, "PRIVATE NOTE")
    url = f"/productions/{world.production.slug}/intimacy/concerns/follow/"
    anonymous = Client()
    assert anonymous.get(url).status_code == 200
    page = anonymous.post(url, {"code": raised.code})
    body = page.content.decode()
    assert page.status_code == 200 and "We are looking into it." in body and SECRET.replace("'", "&#x27;") in body
    assert "PRIVATE NOTE" not in body
    assert page["Cache-Control"].startswith("max-age=0") or "no-store" in page["Cache-Control"]
    reply = anonymous.post(url, {"code": raised.code, "action": "reply", "text": "It happened twice."})
    assert "It happened twice." in reply.content.decode()
    assert anonymous.post(url, {"code": "AAAA-BBBB"}).status_code == 404
    other = Production.objects.create(slug="elsewhere", title="Elsewhere", format="film", country="KR")
    assert (
        anonymous.post(f"/productions/{other.slug}/intimacy/concerns/follow/", {"code": raised.code}).status_code == 404
    )
    assert anonymous.post("/productions/no-such/intimacy/concerns/follow/", {"code": raised.code}).status_code == 404
    assert not AuditEntry.objects.filter(record_type="concern", action=AuditAction.VIEW, actor__isnull=False).exists()


def test_raising_from_the_page_shows_the_code_once_and_keeps_it_out_of_the_session(world) -> None:
    client = Client()
    client.force_login(world["crew"])
    url = f"/productions/{world.production.slug}/intimacy/concerns/new/"
    response = client.post(url, {"kind": "safety", "description": SECRET, "anonymous": "on"})
    assert response.status_code == 201
    concern = Concern.objects.get()
    body = response.content.decode()
    code = body.split('id="case-code"', 1)[1].split(">", 1)[1].split("<", 1)[0]
    assert services.code_hash(code) == concern.code_hash
    session = client.session
    stored = json.dumps({k: str(v) for k, v in session.items()})
    assert code not in stored and concern.reference not in stored
    assert concern.reporter is None
    assert "#" + code in body  # the private link keeps the code in the fragment


def test_named_reporter_reads_the_replies_of_their_case_but_not_the_notes(world) -> None:
    concern = raise_(world, "cast", anonymous=False).concern
    services.lead_reply(world["prod_lead"], concern, "Replying to you")
    services.add_case_note(world["prod_lead"], concern, "PRIVATE NOTE")
    client = Client()
    client.force_login(world["cast"])
    page = client.get(f"/productions/{world.production.slug}/intimacy/concerns/{concern.reference}/")
    assert page.status_code == 200
    assert "Replying to you" in page.content.decode() and "PRIVATE NOTE" not in page.content.decode()
    client.post(
        f"/productions/{world.production.slug}/intimacy/concerns/{concern.reference}/",
        {"action": "note", "text": "sneaky"},
    )
    assert not CaseNote.objects.filter(text="sneaky").exists()


def test_statuses_closing_and_reopening(world) -> None:
    concern = raise_(world).concern
    for status in ("in_review", "action_taken", "closed"):
        concern = services.set_concern_status(world["prod_lead"], concern, status)
    assert concern.closed_at is not None
    with pytest.raises(ValidationError):
        services.reporter_reply(concern, "more")
    concern = services.set_concern_status(world["prod_lead"], concern, "in_review")
    assert concern.closed_at is None
    with pytest.raises(ValidationError):
        services.set_concern_status(world["prod_lead"], concern, "forgotten")


def test_escalating_hands_the_case_to_the_studio(world) -> None:
    concern = raise_(world).concern
    services.escalate(world["prod_lead"], concern)
    concern.refresh_from_db()
    assert concern.routed_to == ConcernRoute.STUDIO
    assert not access_for(world["prod_lead"], world.production).can_handle_concern(concern)
    assert access_for(world["studio_lead"], world.production).can_handle_concern(concern)


def test_the_production_lead_does_not_see_the_studio_cases_in_the_audit_log(world) -> None:
    ours = raise_(world).concern
    theirs = raise_(world, lead_involved=True).concern
    from setwise.intimacy import selectors

    seen = {
        e.record_id for e in selectors.audit_entries(world.production, access_for(world["prod_lead"], world.production))
    }
    assert ours.pk in seen and theirs.pk not in seen
    studio = access_for(world["studio_lead"], world.production)
    assert {ours.pk, theirs.pk} <= {e.record_id for e in selectors.audit_entries(world.production, studio)}


def test_a_studio_lead_off_the_production_gets_case_pages_whose_links_all_open(world: World) -> None:
    """The studio's safeguarding lead is not on the production: the trail of its case pages leads back to the
    studio's concerns, never to the production's own pages, which would not open for them."""
    import re

    concern = raise_(world, lead_involved=True).concern
    client = Client()
    client.force_login(world["studio_lead"])
    base = f"/productions/{world.production.slug}"
    assert client.get(f"{base}/").status_code == 404  # not on the production
    for url in (
        f"{base}/intimacy/concerns/",
        f"{base}/intimacy/concerns/{concern.reference}/",
        f"{base}/intimacy/audit/",
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        crumbs = page.content.decode().split('class="breadcrumbs"', 1)[1].split("</nav>", 1)[0]
        links = re.findall(r'href="([^"]+)"', crumbs)
        assert links and links[0] == "/safeguarding/", url
        assert all(client.get(link).status_code == 200 for link in links), (url, links)
    client.force_login(world["prod_lead"])  # on the production: the trail goes through its pages
    html = client.get(f"{base}/intimacy/concerns/").content.decode()
    assert f'href="{base}/"' in html and f'href="{base}/intimacy/"' in html


# --- retention -----------------------------------------------------------------------------------------------------


def _closed(world: World, days_ago: int) -> Concern:
    concern = raise_(world).concern
    services.lead_reply(world["prod_lead"], concern, "msg")
    services.add_case_note(world["prod_lead"], concern, "note")
    services.set_concern_status(world["prod_lead"], concern, "closed")
    Concern.objects.filter(pk=concern.pk).update(closed_at=timezone.now() - dt.timedelta(days=days_ago))
    return concern


def test_purge_deletes_closed_cases_past_retention_with_their_messages_and_notes(world) -> None:
    old = _closed(world, 731)
    recent = _closed(world, 729)
    still_open = raise_(world).concern
    Concern.objects.filter(pk=still_open.pk).update(created_at=timezone.now() - dt.timedelta(days=4000))
    assert services.purge_closed_concerns(dry_run=True).references == (old.reference,)
    assert Concern.objects.count() == 3
    result = services.purge_closed_concerns()
    assert (result.purged, result.references) == (1, (old.reference,))
    assert set(Concern.objects.values_list("pk", flat=True)) == {recent.pk, still_open.pk}
    assert not ConcernMessage.objects.filter(concern_id=old.pk).exists()
    assert not CaseNote.objects.filter(concern_id=old.pk).exists()
    purge = AuditEntry.objects.get(action=AuditAction.PURGE)
    assert (purge.record_id, purge.actor, purge.actor_kind) == (old.pk, None, ActorKind.SYSTEM)
    assert services.purge_closed_concerns().purged == 0  # idempotent


def test_purge_leaves_the_audit_log_naming_no_one_about_the_purged_case(world) -> None:
    named = raise_(world, "crew", anonymous=False).concern
    services.reporter_reply(named, "more", user=world["crew"])
    services.add_case_note(world["prod_lead"], named, "note")
    services.set_concern_status(world["prod_lead"], named, "closed")
    Concern.objects.filter(pk=named.pk).update(closed_at=timezone.now() - dt.timedelta(days=800))
    kept = _closed(world, 1)
    about_kept = AuditEntry.objects.filter(record_type="concern", record_id=kept.pk, actor__isnull=False).count()
    assert AuditEntry.objects.filter(record_type="concern", record_id=named.pk, actor=world["crew"]).exists()
    services.purge_closed_concerns()
    crew, lead = world["crew"], world["prod_lead"]
    assert not AuditEntry.objects.filter(actor=crew).exists()
    assert not AuditEntry.objects.filter(actor_label__in=[crew.username]).exists()
    assert not AuditEntry.objects.filter(record_type="concern", record_id=named.pk, actor=lead).exists()
    # the entries stay (what happened, when), and the other case's are untouched
    assert AuditEntry.objects.filter(record_type="concern", record_id=named.pk).count() >= 3
    assert (
        AuditEntry.objects.filter(record_type="concern", record_id=kept.pk, actor__isnull=False).count() == about_kept
    )


def test_retention_is_configurable(world, settings) -> None:
    _closed(world, 40)
    assert services.purge_closed_concerns().purged == 0
    settings.SETWISE_INTIMACY_PROTOCOL = {"concern_retention_days": 30}
    assert services.purge_closed_concerns().purged == 1


def test_purge_command_json_contract(world, capsys) -> None:
    old = _closed(world, 800)
    call_command("intimacy", "purge-concerns", "--dry-run", "--json")
    assert json.loads(capsys.readouterr().out) == {"purged": 1, "dry_run": True, "references": [old.reference]}
    call_command("intimacy", "purge-concerns", "--json")
    assert json.loads(capsys.readouterr().out) == {"purged": 1, "dry_run": False, "references": [old.reference]}
    assert not Concern.objects.exists()
    call_command("intimacy", "purge-concerns")
    assert capsys.readouterr().out.strip() == "purged 0 closed concern(s)"


def test_purge_task_runs_the_same_purge(world) -> None:
    from setwise.intimacy import tasks

    _closed(world, 800)
    assert tasks.purge_concerns.call() == {"purged": 1}


def test_with_no_production_lead_the_case_goes_to_the_studio(db, production) -> None:
    world = build_world(production, with_lead=False)
    assert raise_(world).concern.routed_to == ConcernRoute.STUDIO
    assert Concern.objects.get().status == ConcernStatus.RECEIVED


class _FlakyQueue:
    """A task whose first enqueue fails, as when the queue is down."""

    calls = 0

    @classmethod
    def enqueue(cls) -> None:
        cls.calls += 1
        if cls.calls == 1:
            raise ConnectionError("queue down")


def test_serve_enqueues_the_purge_when_it_starts_and_every_day(world) -> None:
    from setwise.core.management.commands.serve import Housekeeping

    clock = [1000.0]
    keeping = Housekeeping(every=86_400, clock=lambda: clock[0])
    _closed(world, 800)
    assert keeping.tick() == ["setwise.intimacy.tasks.purge_concerns"]
    assert not Concern.objects.exists()  # the tests' immediate backend ran it
    later = _closed(world, 729)
    Concern.objects.filter(pk=later.pk).update(closed_at=timezone.now() - dt.timedelta(days=800))
    clock[0] += 86_399
    assert keeping.tick() == []  # not yet a day
    assert Concern.objects.filter(pk=later.pk).exists()
    clock[0] += 1
    assert keeping.tick() == ["setwise.intimacy.tasks.purge_concerns"]
    assert not Concern.objects.exists()


def test_housekeeping_tries_a_job_again_a_minute_after_the_queue_failed() -> None:
    from setwise.core.management.commands.serve import HOUSEKEEPING_RETRY, Housekeeping

    clock = [0.0]
    path = f"{__name__}._FlakyQueue"
    keeping = Housekeeping(tasks=(path,), every=86_400, clock=lambda: clock[0])
    assert keeping.tick() == [] and _FlakyQueue.calls == 1
    clock[0] += HOUSEKEEPING_RETRY - 1
    assert keeping.tick() == [] and _FlakyQueue.calls == 1  # no retry storm
    clock[0] += 1
    assert keeping.tick() == [path] and _FlakyQueue.calls == 2
    clock[0] += 3600
    assert keeping.tick() == [] and _FlakyQueue.calls == 2  # done for the day
