"""A small production for the intimacy tests, built straight from models (fast): two scenes, one flagged intimate,
two performers linked to their characters, and people in every role that matters here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from setwise.accounts.models import User
from setwise.accounts.roles import ProductionRole, StaffRole
from setwise.breakdown.models import (
    Category,
    Character,
    Element,
    ElementStatus,
    Scene,
    SceneCharacter,
    SceneElement,
    ScriptDraft,
)
from setwise.intimacy import documents, services
from setwise.intimacy.models import ContentType, IntimacyPlan, NudityLevel, Rider, RiderSignature
from setwise.productions.models import Membership, Production

SHOOT_DAY = dt.date(2026, 3, 10)  # a Tuesday


@dataclass
class World:
    production: Production
    intimate: Scene
    plain: Scene
    minho: Character
    seoyeon: Character
    users: dict[str, User]
    members: dict[str, Membership]

    def __getitem__(self, who: str) -> User:
        return self.users[who]


def _user(username: str, staff_role: str = StaffRole.NONE, **extra: Any) -> User:
    return User.objects.create_user(
        username=username,
        password="pw-for-tests",
        email=f"{username}@example.org",
        staff_role=staff_role,
        **extra,
    )


ROLES = {
    "ic": ProductionRole.INTIMACY_COORDINATOR,
    "producer": ProductionRole.PRODUCER,
    "line_producer": ProductionRole.LINE_PRODUCER,
    "first_ad": ProductionRole.FIRST_AD,
    "performer": ProductionRole.CAST,  # plays MINHO
    "partner": ProductionRole.CAST,  # plays SEOYEON
    "cast": ProductionRole.CAST,  # on the production, not in the scene
    "crew": ProductionRole.CREW,
    "prod_lead": ProductionRole.SAFEGUARDING_LEAD,
}


def build_world(production: Production, *, with_lead: bool = True) -> World:
    users: dict[str, User] = {}
    members: dict[str, Membership] = {}
    for who, role in ROLES.items():
        if who == "prod_lead" and not with_lead:
            continue
        users[who] = _user(f"{who.replace('_', '-')}", display_name=f"Person {who}")
        members[who] = Membership.objects.create(production=production, user=users[who], role=role)
    users["studio_lead"] = _user("studio-lead", StaffRole.SAFEGUARDING_LEAD)
    draft = ScriptDraft.objects.create(production=production, version=1, file_name="ep1.fountain", format="fountain")
    intimate = Scene.objects.create(
        production=production,
        draft=draft,
        number="12",
        heading="INT. HARBOUR OFFICE - NIGHT",
        int_ext="INT",
        time_of_day="NIGHT",
        text="MINHO and SEOYEON kiss.",
        eighths=12,
        page_start=14,
        page_end=15,
        order=10,
    )
    plain = Scene.objects.create(
        production=production,
        draft=draft,
        number="13",
        heading="EXT. ROOFTOP - DAWN",
        int_ext="EXT",
        time_of_day="DAWN",
        text="SEOYEON holds an umbrella.",
        eighths=4,
        order=20,
    )
    minho = Character.objects.create(production=production, name="MINHO", cast_member=members["performer"])
    seoyeon = Character.objects.create(production=production, name="SEOYEON", cast_member=members["partner"])
    SceneCharacter.objects.create(scene=intimate, character=minho)
    SceneCharacter.objects.create(scene=intimate, character=seoyeon)
    SceneCharacter.objects.create(scene=plain, character=seoyeon)
    kiss = Element.objects.create(production=production, category=Category.INTIMACY, name="kiss")
    SceneElement.objects.create(scene=intimate, element=kiss, status=ElementStatus.ACCEPTED)
    return World(production, intimate, plain, minho, seoyeon, users, members)


PLAN = services.PlanData(
    content_types=(ContentType.KISSING, ContentType.INTIMATE_TOUCH),
    nudity_level=NudityLevel.IMPLIED,
    description="A long kiss against the office window; hands on the back only.",
    agreed_with_director_on=dt.date(2026, 2, 20),
    modesty_garments="Strapless bra and shorts for both",
    barriers="Cushion between hips",
    monitor_restrictions="Only the director and the IC at video village",
)


def plan_scene(world: World, *, performers: tuple[str, ...] = ("performer", "partner")) -> IntimacyPlan:
    """The IC plans the intimate scene completely (with a closed-set roster) and adds the performers."""
    data = services.PlanData(**{**PLAN.__dict__, "closed_set": (world.members["first_ad"].pk,)})
    plan = services.save_plan(world["ic"], world.intimate, data)
    characters = {"performer": world.minho, "partner": world.seoyeon}
    for who in performers:
        services.add_performer(world["ic"], plan, world.members[who].pk, characters[who].pk)
    return plan


def rider_of(world: World, who: str) -> Rider:
    return Rider.objects.get(plan__scene=world.intimate, membership=world.members[who])


def sign(world: World, who: str, *, at: dt.datetime | None = None) -> RiderSignature:
    rider = rider_of(world, who)
    signature = services.sign_rider(
        world[who], rider, f"Person {who}", documents.sha256(rider.document_text), "203.0.113.7"
    )
    if at is not None:
        RiderSignature.objects.filter(pk=signature.pk).update(signed_at=at)
        signature.refresh_from_db()
    return signature


def ready_world(world: World, *, signed_at: dt.datetime | None = None) -> IntimacyPlan:
    """Planned, sent and signed by both performers (at ``signed_at``, default: a week before the shoot day)."""
    plan = plan_scene(world)
    services.send_riders(world["ic"], plan, "http://testserver/")
    at = signed_at or timezone.make_aware(dt.datetime(2026, 3, 3, 10, 0), dt.UTC)
    for who in ("performer", "partner"):
        sign(world, who, at=at)
    return plan
