"""Intimacy coordination in the demo world, on the flagship's active board: the intimacy coordinator booked on the
days of three intimate scenes of the first block, each planned with the director's agreed description, modesty
garments, barriers and a closed-set roster, and riders for the two leads. The story fits the day the world is built
for (``today``, see ``demo.dates``):

- the first scene was shot in the first week, on a day the daily reports show it completed whole: both riders were
  signed ten days before, the coordinator was booked and checked in with the performers before and after the scene,
  and the day's call sheet, issued the evening before, closed the set;
- the second is on the first day after today whose notice period has not run out: the lead signed, the co-star has
  not yet (and still has time to);
- on the third, on a later day, the co-star withdrew their consent yesterday: it is blocked, and needs re-planning.

The blocked scenes are on days after today, so no daily report lists them. Each scene's steps are dated from its
day and never after today: the signatures ten days before the day (or three days before today, for a scene in the
coming days), the director's agreement eleven days before the signatures, the one-on-one two days after it and the
riders sent two days after that; the rehearsal three days before the day (done when it is past).

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
from setwise.demo import callsheets as demo_callsheets
from setwise.demo import reports, schedule
from setwise.intimacy import documents, services
from setwise.intimacy.models import ContentType, ICBooking, NudityLevel, Rider, RiderSignature
from setwise.intimacy.protocol import protocol_for, signing_deadline, zone
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


def build(admin: Any, production: Production, seed: int, today: dt.date) -> None:
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
    # on a day, the scene with the fewest others in it first (the board's order otherwise)
    cast = Counter(
        SceneCharacter.objects.filter(scene__in=[s.scene for s in chosen]).values_list("scene_id", flat=True)
    )
    chosen.sort(key=lambda s: (s.day.number if s.day else 0, cast[s.scene_id or 0]))
    picked = _pick(production, chosen, today)
    ic = coordinator.user
    roster = [
        m.pk
        for m in production.memberships.filter(
            role__in=[ProductionRole.FIRST_AD, ProductionRole.CREW, ProductionRole.SECOND_AD]
        ).order_by("pk")[:3]
    ]
    for number, (strip, data) in enumerate(zip(picked, PLANS, strict=True)):
        scene, day = strip.scene, strip.day
        assert scene is not None and day is not None
        signed_on = min(day.date - dt.timedelta(days=10), today - dt.timedelta(days=3))
        agreed = signed_on - dt.timedelta(days=11)
        breakdown.add_element(admin, scene, Category.INTIMACY, "키스신" if number == 0 else "베드신")
        booking = services.book_coordinator(ic, production, coordinator.pk, day.date, note="1블록 인티머시 촬영")
        ICBooking.objects.filter(pk=booking.pk).update(created_at=_past(production, agreed, 11))
        plan = services.save_plan(
            ic, scene, services.PlanData(**{**data.__dict__, "agreed_with_director_on": agreed, "closed_set": roster})
        )
        riders = {
            who: services.add_performer(ic, plan, membership.pk, character.pk)
            for who, membership, character in (("lead", lead, lead_character), ("co", co_star, co_character))
        }
        for kind, on, hour, place in (
            ("one_on_one", agreed + dt.timedelta(days=2), 14, "제작사 회의실"),
            ("rehearsal", day.date - dt.timedelta(days=3), 10, "연습실"),
        ):
            session = services.add_session(ic, plan, kind, _at(production, on, hour), place)
            if on < today:
                services.set_session_done(ic, session, True)
        services.send_riders(ic, plan, "")
        Rider.objects.filter(plan=plan).update(sent_at=_past(production, agreed + dt.timedelta(days=4), 18))
        _sign(lead.user, riders["lead"], signed_on)
        if number != 1:  # the second scene waits for the co-star's signature
            _sign(co_star.user, riders["co"], signed_on)
        if number == 0:  # shot: the coordinator checked in with the performers before and after the scene
            services.record_check_in(
                ic, riders["lead"], "pre", day.date, "리허설 후 동선 재확인. 키스 횟수와 손 위치 모두 편안하다고 함."
            )
            services.record_check_in(
                ic, riders["co"], "post", day.date, "촬영 후 확인. 세 테이크로 마무리, 불편했던 점 없음."
            )
            demo_callsheets.issue(admin, callsheets.generate_call_sheet(admin, production, day.number))
        if number == 2:  # withdrawn yesterday
            services.withdraw_consent(co_star.user, riders["co"], "")
            Rider.objects.filter(pk=riders["co"].pk).update(
                withdrawn_at=_past(production, today - dt.timedelta(days=1), 20)
            )


def _pick(production: Production, shared: list[Strip], today: dt.date) -> list[Strip]:
    """The three scenes of the story among the scenes the leads share (in board order): the first on a reported day
    the daily reports show shot whole (not the first day, nor the rained-off or the half-shot day); the second on
    the first day after today whose signing deadline is tomorrow or later (the co-star still has time to sign); the
    third on the next day after that with a scene the leads share."""
    protocol = protocol_for(production.country)
    tomorrow = _at(production, today + dt.timedelta(days=1), 0)
    on_day = [(s, s.day) for s in shared if s.day is not None]
    whole = [
        s
        for s, day in on_day
        if 1 < day.number <= schedule.REPORTED_DAYS
        and day.number not in (reports.RAIN_DAY, reports.PARTIAL_DAY)
        and day.date < today
    ]
    ahead = [
        (s, day)
        for s, day in on_day
        if day.date > today and signing_deadline(day.date, production.time_zone, protocol) >= tomorrow
    ]
    later = [s for s, day in ahead if day.number > ahead[0][1].number]
    if not whole or not later:
        raise RuntimeError("the demo's board has no days for its intimate scenes")
    return [whole[0], ahead[0][0], later[0]]


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
    return dt.datetime.combine(date, dt.time(hour), tzinfo=zone(production.time_zone))


def _past(production: Production, date: dt.date, hour: int) -> dt.datetime:
    """``hour`` o'clock on ``date`` in the production's time zone, never later than now."""
    return min(timezone.now(), _at(production, date, hour))


def _sign(user: Any, rider: Any, on: dt.date) -> None:
    """The performer signs the rider as they read it; the demo dates the signature ``on`` that day (never later
    than now)."""
    rider.refresh_from_db()
    signature = services.sign_rider(user, rider, str(user), documents.sha256(rider.document_text), IP)
    RiderSignature.objects.filter(pk=signature.pk).update(signed_at=_past(rider.plan.production, on, 19))
