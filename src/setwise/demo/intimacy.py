"""Intimacy coordination in the demo world, on the flagship's active board: the intimacy coordinator booked on the
days of three intimate scenes of the first block, each planned with the director's agreed description, modesty
garments, barriers and a closed-set roster, and riders for the two leads.

- the first scene is ready: both riders signed ten days before, the coordinator's check-in with the lead before
  the scene, and the day's call sheet drafted with the set closed;
- the second waits for the co-star's signature (the lead signed);
- on the third the co-star withdrew their consent: it is blocked, and needs re-planning.

The co-star is a second cast member (``demo-cast-2``, made once and kept across resets of the demo world)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.utils import timezone

from setwise.accounts.models import User
from setwise.accounts.roles import ProductionRole
from setwise.breakdown import services as breakdown
from setwise.breakdown.models import Category, Character, SceneCharacter
from setwise.callsheets import services as callsheets
from setwise.intimacy import documents, services
from setwise.intimacy.models import ContentType, NudityLevel, RiderSignature
from setwise.productions import services as production_services
from setwise.productions.models import Membership, Production
from setwise.scheduling.models import BoardStatus, Strip, StripKind

CO_STAR = ("demo-cast-2", "한서윤")
IP = "203.0.113.24"  # documentation address: the demo's performers "signed" from here

PLANS = [
    services.PlanData(
        content_types=(ContentType.KISSING, ContentType.INTIMATE_TOUCH),
        nudity_level=NudityLevel.NONE,
        description="선착장 창고 안, 비를 피해 들어온 두 사람의 첫 키스. 입맞춤은 세 번, 손은 어깨와 등까지만. "
        "카메라는 측면 미디엄 숏, 얼굴 클로즈업 한 컷.",
        modesty_garments="두 배우 모두 일상복 착용 (노출 없음)",
        barriers="",
        monitor_restrictions="감독, 촬영감독, 인티머시 코디네이터만 모니터 확인",
    ),
    services.PlanData(
        content_types=(ContentType.SIMULATED_SEX, ContentType.NUDITY),
        nudity_level=NudityLevel.PARTIAL,
        description="여관 방, 새벽. 침대 위 두 사람, 이불 아래 상반신 뒷모습 부분 노출 (등까지). 모의 성행위는 "
        "안무 3동작으로 고정, 얼굴과 어깨 위주로 촬영.",
        modesty_garments="누드 톤 패치와 쇼츠, 이불 고정용 테이프",
        barriers="두 배우 사이 폼 쿠션 배리어",
        monitor_restrictions="원격 모니터와 스트리밍 끔. 비디오 빌리지는 감독과 인티머시 코디네이터만",
    ),
    services.PlanData(
        content_types=(ContentType.INTIMATE_TOUCH,),
        nudity_level=NudityLevel.IMPLIED,
        description="배 위 선실. 어깨에 기대어 잠든 장면 뒤 짧은 포옹, 셔츠 단추 하나 풀림 (암시만).",
        modesty_garments="셔츠 안 누드 톤 탑",
        barriers="",
        monitor_restrictions="현장 모니터 1대만, 녹화 재생은 인티머시 코디네이터 입회",
    ),
]


def build(admin: Any, production: Production, seed: int) -> None:
    board = production.boards.filter(status=BoardStatus.ACTIVE).order_by("pk").first()
    coordinator = production.memberships.filter(role=ProductionRole.INTIMACY_COORDINATOR).select_related("user").first()
    lead = production.memberships.filter(role=ProductionRole.CAST).select_related("user").order_by("pk").first()
    if board is None or coordinator is None or lead is None:
        return
    lead_character = Character.objects.filter(production=production, cast_member=lead).first()
    if lead_character is None:
        return
    strips = [
        s
        for s in Strip.objects.filter(board=board, kind=StripKind.SCENE, day__isnull=False, shot=False)
        .select_related("scene", "day")
        .order_by("day__number", "position")
        if SceneCharacter.objects.filter(scene=s.scene, character=lead_character).exists()
    ]
    partners = Counter(
        SceneCharacter.objects.filter(scene__in=[s.scene for s in strips])
        .exclude(character=lead_character)
        .values_list("character_id", flat=True)
    )
    if not partners:
        return
    co_character = Character.objects.get(pk=min(partners, key=lambda c: (-partners[c], c)))
    co_star = _co_star(admin, production, co_character)
    chosen = [s for s in strips if SceneCharacter.objects.filter(scene=s.scene, character=co_character).exists()]
    # three scenes on three different days, spread over the block (deterministic for a seed)
    picked: list[Strip] = []
    for strip in chosen[1:]:
        if all(p.day_id != strip.day_id for p in picked):
            picked.append(strip)
        if len(picked) == len(PLANS):
            break
    ic = coordinator.user
    roster = [
        m.pk
        for m in production.memberships.filter(
            role__in=[ProductionRole.FIRST_AD, ProductionRole.CREW, ProductionRole.SECOND_AD]
        ).order_by("pk")[:3]
    ]
    for number, (strip, data) in enumerate(zip(picked, PLANS, strict=False)):
        scene, day = strip.scene, strip.day
        assert scene is not None and day is not None
        breakdown.add_element(admin, scene, Category.INTIMACY, "키스신" if number == 0 else "베드신")
        services.book_coordinator(ic, production, coordinator.pk, day.date, note="1블록 인티머시 촬영")
        agreed = day.date - dt.timedelta(days=21)
        plan = services.save_plan(
            ic, scene, services.PlanData(**{**data.__dict__, "agreed_with_director_on": agreed, "closed_set": roster})
        )
        riders = {
            who: services.add_performer(ic, plan, membership.pk, character.pk)
            for who, membership, character in (("lead", lead, lead_character), ("co", co_star, co_character))
        }
        services.add_session(
            ic, plan, "one_on_one", _at(production, agreed + dt.timedelta(days=2), 14), "제작사 회의실", ""
        )
        services.add_session(ic, plan, "rehearsal", _at(production, day.date - dt.timedelta(days=3), 10), "연습실")
        services.send_riders(ic, plan, "")
        signed_on = day.date - dt.timedelta(days=10)
        _sign(lead.user, riders["lead"], signed_on)
        if number != 1:  # the second scene waits for the co-star's signature
            _sign(co_star.user, riders["co"], signed_on)
        if number == 0:
            services.record_check_in(
                ic, riders["lead"], "pre", day.date, "리허설 후 동선 재확인. 키스 횟수와 손 위치 모두 편안하다고 함."
            )
            callsheets.generate_call_sheet(admin, production, day.number)
        if number == 2:
            services.withdraw_consent(co_star.user, riders["co"], "")


def _co_star(admin: Any, production: Production, character: Character) -> Membership:
    username, name = CO_STAR
    user, _created = User.objects.get_or_create(
        username=username,
        defaults={
            "display_name": name,
            "email": f"{username.removeprefix('demo-')}@setwise-demo.example",
            "language": "ko",
            "time_zone": "Asia/Seoul",
        },
    )
    membership = production_services.add_member(admin, production, user, ProductionRole.CAST, "Cast")
    breakdown.link_character(admin, character, membership)
    return membership


def _at(production: Production, date: dt.date, hour: int) -> dt.datetime:
    from setwise.intimacy.protocol import zone

    return dt.datetime.combine(date, dt.time(hour), tzinfo=zone(production.time_zone))


def _sign(user: Any, rider: Any, on: dt.date) -> None:
    """The performer signs the rider as they read it; the demo dates the signature ``on`` that day (never later
    than now)."""
    rider.refresh_from_db()
    signature = services.sign_rider(user, rider, str(user), documents.sha256(rider.document_text), IP)
    when = min(timezone.now(), _at(rider.plan.production, on, 19))
    RiderSignature.objects.filter(pk=signature.pk).update(signed_at=when)
