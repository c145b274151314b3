"""The rider as a document: the exact text a performer reads and signs, its SHA-256, and the fingerprint of the
scene's script it was written for.

The text is rendered in the performer's language from the plan and the rider's terms (``intimacy/rider.txt``);
the rider stores it, so what was signed can always be shown again and hashed again. A revised script that changes
the scene changes its fingerprint, and the signature no longer counts.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from setwise.breakdown.models import Scene
from setwise.intimacy.models import IntimacyPlan, Rider


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def scene_fingerprint(scene: Scene) -> str:
    """The scene as the script has it (number, heading, pages, text): a new draft that changes it changes this."""
    parts = [scene.number, scene.heading, str(scene.page_start), str(scene.page_end), scene.text]
    return sha256("\x1f".join(parts))


def language_of(rider: Rider, plan: IntimacyPlan) -> str:
    user = rider.membership.user if rider.membership is not None else None
    return (getattr(user, "language", "") or plan.production.language or settings.LANGUAGE_CODE)[:8]


def render_rider(rider: Rider, plan: IntimacyPlan) -> str:
    """The rider's text for its current plan and terms, in the performer's language."""
    language = language_of(rider, plan)
    if language not in {code for code, _name in settings.LANGUAGES}:
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        text = render_to_string(
            "intimacy/rider.txt",
            {
                "rider": rider,
                "plan": plan,
                "scene": plan.scene,
                "production": plan.production,
                "content_types": plan.content_type_labels(),
            },
        )
    lines = [line.rstrip() for line in text.strip().splitlines()]
    collapsed: list[str] = []
    for line in lines:
        if line or (collapsed and collapsed[-1]):
            collapsed.append(line)
    return "\n".join(collapsed) + "\n"
