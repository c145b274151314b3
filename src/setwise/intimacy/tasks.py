"""Background work of intimacy coordination and safeguarding: the e-mails (enqueued after the commit of the write
that causes them) and the daily purge of closed concerns past their retention period.

E-mails carry no rider content, no reason and no name of whoever withdrew or reported: a subject, a production,
a scene number or a case reference, and a link into Setwise where the access rules apply. Each task takes primary
keys and is safe to run twice.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from setwise.intimacy import documents, services
from setwise.intimacy.models import AgentShare, Concern, ConcernRoute, Rider, RiderStatus
from setwise.productions.models import Production

PENDING = services.PENDING_LINK


def _link(base_url: str, path: str) -> str:
    return (base_url or "").rstrip("/") + path


def _language(user: Any, production: Production) -> str:
    language = getattr(user, "language", "") or production.language or settings.LANGUAGE_CODE
    return language if language in {code for code, _name in settings.LANGUAGES} else settings.LANGUAGE_CODE


def _send(users: Iterable[Any], production: Production, subject: Any, template: str, context: dict[str, Any]) -> int:
    """One e-mail per person (in their language) with an address; returns how many were sent."""
    sent = 0
    for user in users:
        if not user.email:
            continue
        with translation.override(_language(user, production)):
            body = render_to_string(template, {**context, "production": production, "person": user})
            send_mail(str(subject()), body, None, [user.email], fail_silently=False)
        sent += 1
    return sent


@task()
def notify_rider(rider_id: int, base_url: str, changed: bool) -> int:
    """Tell a performer a rider waits for their signature (again, when it ``changed``)."""
    rider = (
        Rider.objects.select_related("plan__production", "membership__user")
        .filter(pk=rider_id, status=RiderStatus.SENT)
        .first()
    )
    if rider is None or rider.membership is None:
        return 0
    production = rider.plan.production
    link = _link(base_url, reverse("intimacy:rider", args=[production.slug, rider.pk]))

    def subject() -> str:
        if changed:
            return _("%(production)s: a document changed and waits for your signature again") % {
                "production": production.title
            }
        return _("%(production)s: a document waits for your signature") % {"production": production.title}

    return _send(
        [rider.membership.user], production, subject, "intimacy/email/rider.txt", {"link": link, "changed": changed}
    )


@task()
def notify_replanning(scene_id: int, base_url: str) -> int:
    """Tell producers, 1st ADs and intimacy coordinators that a scene needs re-planning (not who, not why)."""
    from setwise.breakdown.models import Scene

    scene = Scene.objects.select_related("production").filter(pk=scene_id).first()
    if scene is None:
        return 0
    production = scene.production
    link = _link(base_url, reverse("intimacy:status", args=[production.slug]))

    def subject() -> str:
        return _("%(production)s: scene %(number)s needs re-planning") % {
            "production": production.title,
            "number": scene.number,
        }

    return _send(
        services.replanning_recipients(production),
        production,
        subject,
        "intimacy/email/replanning.txt",
        {"scene": scene, "link": link},
    )


@task()
def notify_concern(concern_id: int, base_url: str, event: str) -> int:
    """A new case or a reporter's message goes to the case's safeguarding leads; a lead's reply to a named reporter
    is announced to them (an anonymous reporter follows the case with their code)."""
    concern = Concern.objects.select_related("production", "reporter").filter(pk=concern_id).first()
    if concern is None:
        return 0
    production = concern.production
    link = _link(base_url, reverse("intimacy:concern", args=[production.slug, concern.reference]))
    context = {"concern": concern, "link": link, "event": event}
    if event == "lead":
        if concern.anonymous or concern.reporter is None:
            return 0

        def reply_subject() -> str:
            return _("Your concern %(reference)s has a reply") % {"reference": concern.reference}

        return _send([concern.reporter], production, reply_subject, "intimacy/email/concern.txt", context)

    def lead_subject() -> str:
        if event == "new":
            return _("A concern was raised: %(reference)s") % {"reference": concern.reference}
        return _("New message on concern %(reference)s") % {"reference": concern.reference}

    context["studio"] = concern.routed_to == ConcernRoute.STUDIO
    return _send(services.lead_recipients(concern), production, lead_subject, "intimacy/email/concern.txt", context)


@task()
def send_agent_link(share_id: int, base_url: str) -> str:
    """Make the agent's link and e-mail it: "sent", or "skipped" when it was made already (the link is claimed by
    writing its hash, which only one run can do)."""
    raw = secrets.token_urlsafe(32)
    claimed = AgentShare.objects.filter(pk=share_id, token_hash__startswith=PENDING).update(
        token_hash=documents.sha256(raw)
    )
    if not claimed:
        return "skipped"
    share = AgentShare.objects.select_related("rider__plan__production", "rider__membership__user").get(pk=share_id)
    production = share.rider.plan.production
    performer = share.rider.membership.user if share.rider.membership else None
    link = _link(base_url, reverse("intimacy:shared", args=[production.slug, raw]))
    language = _language(performer, production)
    with translation.override(language):
        subject = _("%(person)s shared a document with you") % {"person": str(performer or "")}
        body = render_to_string(
            "intimacy/email/agent.txt",
            {"production": production, "performer": performer, "link": link, "expires_at": share.expires_at},
        )
    send_mail(subject, body, None, [share.email], fail_silently=False)
    return "sent"


@task()
def purge_concerns() -> dict[str, Any]:
    """Purge closed concerns past their retention period (run daily)."""
    result = services.purge_closed_concerns(now=timezone.now())
    return {"purged": result.purged}
