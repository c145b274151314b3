"""VFX shots from the breakdown's confirmed VFX elements, bids per vendor and currency, the cost roll-up for the
budget, version notes, and editorial cuts matched to the shots."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from setwise.breakdown import services as breakdown
from setwise.breakdown.models import Category, Scene
from setwise.post import services
from setwise.post.models import EditorialCut, VfxShot
from setwise.post.selectors import vfx_cost
from tests.post.conftest import FIXTURES

pytestmark = pytest.mark.django_db

EP1 = "INT. HARBOUR OFFICE - NIGHT #12A#\n\nMINHO waits.\n\nEXT. ROOFTOP - DAWN #14#\n\nSEOYEON runs.\n"
EP2 = "EXT. PIER - NIGHT #30#\n\nThe ferry burns.\n"


@pytest.fixture
def scenes(launch_production, supervisor) -> dict[str, Scene]:
    for episode, script in ((1, EP1), (2, EP2)):
        result = breakdown.import_script(
            supervisor, launch_production, script.encode(), f"ep{episode}.fountain", episode=episode
        )
        assert not result.errors
    return {s.number: s for s in Scene.objects.filter(production=launch_production)}


@pytest.fixture
def vfx_scenes(scenes, supervisor) -> dict[str, Scene]:
    breakdown.add_element(supervisor, scenes["12A"], Category.VFX, "Sky replacement")
    breakdown.add_element(supervisor, scenes["12A"], Category.VFX, "Monitor inserts")
    breakdown.add_element(supervisor, scenes["14"], Category.VFX, "Wire removal")
    breakdown.add_element(supervisor, scenes["30"], Category.VFX, "Fire")
    return scenes


def codes(production) -> list[str]:
    return list(
        VfxShot.objects.filter(production=production).order_by("episode", "code").values_list("code", flat=True)
    )


def test_shots_come_from_confirmed_vfx_elements(launch_production, supervisor, vfx_scenes) -> None:
    result = services.sync_vfx_shots(supervisor, launch_production)
    assert (result.created, result.left_breakdown) == (4, 0)
    assert codes(launch_production) == ["EP01_12A_010", "EP01_12A_020", "EP01_14_010", "EP02_30_010"]
    shot = VfxShot.objects.get(code="EP02_30_010")
    assert (shot.episode, shot.scene.number, shot.description, shot.currency) == (2, "30", "Fire", "KRW")
    # Syncing again changes nothing.
    again = services.sync_vfx_shots(supervisor, launch_production)
    assert (again.created, again.kept) == (0, 4)


def test_a_rejected_element_leaves_its_shot_flagged(launch_production, supervisor, vfx_scenes) -> None:
    services.sync_vfx_shots(supervisor, launch_production)
    item = vfx_scenes["14"].scene_elements.get(element__name="Wire removal")
    breakdown.set_element_status(supervisor, item, "rejected")
    result = services.sync_vfx_shots(supervisor, launch_production)
    assert result.left_breakdown == 1
    assert not VfxShot.objects.get(code="EP01_14_010").in_breakdown
    breakdown.set_element_status(supervisor, item, "accepted")
    services.sync_vfx_shots(supervisor, launch_production)
    assert VfxShot.objects.get(code="EP01_14_010").in_breakdown
    assert VfxShot.objects.count() == 4


def test_unconfirmed_elements_make_no_shots(launch_production, supervisor, scenes) -> None:
    item = breakdown.add_element(supervisor, scenes["30"], Category.VFX, "Smoke")
    breakdown.set_element_status(supervisor, item, "rejected")
    breakdown.add_element(supervisor, scenes["30"], Category.SFX, "Rain")
    assert services.sync_vfx_shots(supervisor, launch_production).created == 0


def test_cost_rolls_up_per_episode_vendor_and_currency(launch_production, supervisor, vfx_scenes, partners) -> None:
    services.sync_vfx_shots(supervisor, launch_production)
    shots = {s.code: s for s in VfxShot.objects.all()}

    def bid(code: str, vendor: str | None, amount: str | None, currency: str = "KRW", status: str = "awarded"):
        services.update_vfx_shot(
            supervisor,
            shots[code],
            vendor=partners[vendor] if vendor else None,
            bid=Decimal(amount) if amount else None,
            currency=currency,
            status=status,
            description=shots[code].description,
        )

    bid("EP01_12A_010", "vfx", "12000000")
    bid("EP01_12A_020", "vfx", "3500000.50", status="final")
    bid("EP01_14_010", "vfx2", "4000", currency="usd")
    bid("EP02_30_010", None, None)
    cost = vfx_cost(launch_production)
    assert (cost.shots, cost.bid_shots, cost.unbid, cost.final, cost.omitted) == (4, 3, 1, 1, 0)
    assert cost.totals == {"KRW": Decimal("15500000.50"), "USD": Decimal("4000")}
    ep1, ep2 = cost.by_episode
    assert (ep1.key, ep1.shots, ep1.bid_shots, ep1.totals) == ("1", 3, 3, cost.totals)
    assert (ep2.key, ep2.shots, ep2.bid_shots, ep2.totals) == ("2", 1, 0, {})
    vendors = {line.label: line for line in cost.by_vendor}
    assert vendors["Tide VFX"].totals == {"KRW": Decimal("15500000.50")} and vendors["Tide VFX"].shots == 2
    assert vendors["Lantern Pixels"].totals == {"USD": Decimal("4000")}
    assert cost.by_vendor[-1].shots == 1 and cost.by_vendor[-1].key == ""  # no vendor yet, listed last
    bid("EP01_12A_010", "vfx", "12000000", status="omitted")
    cost = vfx_cost(launch_production)
    assert (cost.shots, cost.omitted) == (3, 1)
    assert cost.totals["KRW"] == Decimal("3500000.50")


def test_bids_roll_up_to_the_budget(launch_production, supervisor, producer, admin_user, vfx_scenes, partners) -> None:
    import datetime as dt

    from setwise.budgets import services as budgets
    from setwise.budgets.models import Account, BudgetLine
    from setwise.budgets.selectors import top_sheet

    services.sync_vfx_shots(supervisor, launch_production)
    shots = {s.code: s for s in VfxShot.objects.all()}
    for code, vendor, amount, currency in (
        ("EP01_12A_010", "vfx", "12000000", "KRW"),
        ("EP01_12A_020", "vfx", "3500000.50", "KRW"),
        ("EP01_14_010", "vfx2", "4000", "USD"),
    ):
        services.update_vfx_shot(
            supervisor,
            shots[code],
            vendor=partners[vendor],
            bid=Decimal(amount),
            currency=currency,
            status="awarded",
            description="",
        )
    # The post supervisor manages bids but does not write the budget; without a budget there is nowhere to write.
    with pytest.raises(PermissionDenied):
        services.sync_vfx_budget(supervisor, launch_production)
    with pytest.raises(ValidationError, match="Create a budget first"):
        services.sync_vfx_budget(producer, launch_production)
    version = budgets.create_budget(producer, launch_production, "Shooting budget")
    vfx = Account.objects.get(production=launch_production, code="4300")
    budgets.add_line(producer, version, budgets.LineData(account=vfx, description="VFX supervisor", rate=Decimal(9)))
    on = dt.date(2026, 6, 1)
    with pytest.raises(ValidationError, match="No exchange rate for KRW"):
        services.sync_vfx_budget(producer, launch_production, on=on)
    assert BudgetLine.objects.filter(version=version).count() == 1  # nothing half-written
    budgets.set_rate(admin_user, "KRW", dt.date(2026, 1, 1), Decimal("0.00075"))
    result = services.sync_vfx_budget(producer, launch_production, on=on)
    # 15 500 000.50 KRW rounds half-up to whole won; 4000 USD at 0.00075 USD per won is 5 333 333 won.
    assert (result.lines, result.removed, result.total, result.unbid) == (2, 0, Decimal(15_500_001 + 5_333_333), 1)
    lines = dict(BudgetLine.objects.filter(version=version, account=vfx).values_list("description", "amount"))
    assert lines == {
        "VFX supervisor": Decimal(9),
        "VFX bids: Lantern Pixels (1 shot)": Decimal(5_333_333),
        "VFX bids: Tide VFX (2 shots)": Decimal(15_500_001),
    }
    row = next(r for g in top_sheet(launch_production).groups for r in g.rows if r.account == vfx)
    assert row.working == Decimal(9 + 15_500_001 + 5_333_333)
    # A shot omitted and the bids written again: the roll-up's lines are replaced, the hand-made line stays.
    services.update_vfx_shot(
        supervisor, shots["EP01_14_010"], vendor=partners["vfx2"], bid=Decimal(4000), currency="USD",
        status="omitted", description="",
    )  # fmt: skip
    again = services.sync_vfx_budget(producer, launch_production, on=on)
    assert (again.lines, again.removed, again.total) == (1, 2, Decimal(15_500_001))
    assert set(BudgetLine.objects.filter(version=version, account=vfx).values_list("description", flat=True)) == {
        "VFX supervisor",
        "VFX bids: Tide VFX (2 shots)",
    }


def test_shot_edits_are_checked(launch_production, supervisor, crew_member, vfx_scenes, partners) -> None:
    services.sync_vfx_shots(supervisor, launch_production)
    shot = VfxShot.objects.first()
    kwargs = {"bid": None, "currency": "KRW", "status": "bidding", "description": "x"}
    with pytest.raises(ValidationError, match="does not offer this service"):
        services.update_vfx_shot(supervisor, shot, vendor=partners["sound"], **kwargs)
    with pytest.raises(ValidationError):
        services.update_vfx_shot(supervisor, shot, vendor=None, **{**kwargs, "bid": Decimal("-1")})
    with pytest.raises(ValidationError):
        services.update_vfx_shot(supervisor, shot, vendor=None, **{**kwargs, "bid": Decimal("1"), "currency": "1$"})
    with pytest.raises(PermissionDenied):
        services.update_vfx_shot(crew_member, shot, vendor=None, **kwargs)
    with pytest.raises(PermissionDenied):
        services.sync_vfx_shots(crew_member, launch_production)


def test_version_notes(launch_production, supervisor, vfx_scenes) -> None:
    services.sync_vfx_shots(supervisor, launch_production)
    shot = VfxShot.objects.get(code="EP01_12A_010")
    services.add_vfx_note(supervisor, shot, 1, "Sky too saturated.")
    services.add_vfx_note(supervisor, shot, 2, "Approved.")
    assert list(shot.notes.values_list("version", "note")) == [(2, "Approved."), (1, "Sky too saturated.")]
    with pytest.raises(ValidationError):
        services.add_vfx_note(supervisor, shot, 3, "  ")


def test_manual_shots_keep_codes_unique(launch_production, supervisor) -> None:
    services.add_vfx_shot(supervisor, launch_production, code="EP01_99_010", episode=1, description="Clean-up")
    with pytest.raises(ValidationError, match="already has a shot"):
        services.add_vfx_shot(supervisor, launch_production, code="ep01_99_010", episode=1)
    with pytest.raises(ValidationError, match="no such episode"):
        services.add_vfx_shot(supervisor, launch_production, code="EP09_1_010", episode=9)


# --- editorial cuts -----------------------------------------------------------------------------------------------


def test_cut_import_sets_the_running_time_and_matches_shots(launch_production, supervisor, vfx_scenes) -> None:
    services.sync_vfx_shots(supervisor, launch_production)
    services.add_vfx_shot(supervisor, launch_production, code="EP01_14_020", episode=1, description="Crowd")
    data = (FIXTURES / "ep1.edl").read_bytes()
    cut = services.import_cut(supervisor, launch_production, data, "ep1.edl", episode=1)
    assert (cut.name, cut.format, cut.episode, cut.duration_frames, cut.clips) == ("EP01 LOCKED CUT", "edl", 1, 540, 4)
    assert cut.running_time == "0:00:22" and cut.duration_ms == 22522
    assert cut.reader == "opentimelineio"
    assert cut.matched == 2 and cut.unmatched == ["EP01_99_010"]
    shots = {s.code: s for s in VfxShot.objects.all()}
    assert shots["EP01_12A_010"].cut == cut and shots["EP01_12A_010"].cut_frames == 120
    assert shots["EP01_14_020"].cut == cut and shots["EP01_14_020"].cut_frames == 240
    assert (shots["EP01_12A_010"].cut_in, shots["EP01_14_020"].cut_in) == ("01:00:00:00", "01:00:09:12")
    assert shots["EP01_12A_020"].cut is None and shots["EP02_30_010"].cut is None
    # A later cut without the crowd shot takes it out of the cut; the other episode is untouched.
    trimmed = data.replace(b"EP01_14_020", b"A009C001")
    second = services.import_cut(supervisor, launch_production, trimmed, "ep1-v2.edl", episode=1, name="v2")
    assert second.matched == 1 and second.name == "v2"
    assert VfxShot.objects.get(code="EP01_14_020").cut is None
    assert VfxShot.objects.get(code="EP01_12A_010").cut == second


def test_an_unreadable_cut_stores_nothing(launch_production, supervisor, vfx_scenes) -> None:
    services.sync_vfx_shots(supervisor, launch_production)
    services.import_cut(supervisor, launch_production, (FIXTURES / "ep1.edl").read_bytes(), "ep1.edl", episode=1)
    bad = b"TITLE: broken\n001  AX V C 00:00:00:00 00:00:01:00 01:00:01:00 01:00:00:00\n"
    with pytest.raises(ValidationError) as info:
        services.import_cut(supervisor, launch_production, bad, "broken.edl", episode=1)
    assert "file" in info.value.message_dict
    assert EditorialCut.objects.count() == 1
    assert VfxShot.objects.get(code="EP01_12A_010").cut is not None
    with pytest.raises(ValidationError, match="no such episode"):
        services.import_cut(supervisor, launch_production, (FIXTURES / "ep1.edl").read_bytes(), "ep1.edl", episode=3)


@pytest.mark.parametrize("name", ["ep1.xml", "ep1.otio"])
def test_fcp_xml_and_otio_cuts_match_shots_too(launch_production, supervisor, vfx_scenes, name) -> None:
    services.sync_vfx_shots(supervisor, launch_production)
    cut = services.import_cut(supervisor, launch_production, (FIXTURES / name).read_bytes(), name, episode=1)
    assert (cut.duration_frames, cut.matched, cut.reader) == (540, 1, "opentimelineio")
    assert VfxShot.objects.get(code="EP01_12A_010").cut == cut
