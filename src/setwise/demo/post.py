"""The flagship series' post-production in the demo world: post partners of the network attached (editorial, DI,
VFX, sound, dubbing, subtitling), the deliverables plan from the series template for Korea, VFX shots from the
first block's breakdown with vendors, bids, statuses and version notes, episode 1's locked cut placing its shots,
localisation under way in English, Japanese and Thai with a voice cast, and one subtitle QC run with findings.

Everything goes through the post services, so the demo shows what the product computes. Choices are drawn from
``random.Random(seed)`` over partners and scenes in a fixed order, so a seed always builds the same post."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from setwise.breakdown import services as breakdown
from setwise.breakdown.models import Category, Character, ElementStatus, IntExt, Scene, SceneElement
from setwise.engines.timedtext import FrameRate, frames_to_timecode
from setwise.partners.models import Partner
from setwise.partners.models import Status as PartnerStatus
from setwise.post import plans, services
from setwise.post.models import ROLE_KINDS, Deliverable, LocalisationTrack, PostRole, VfxShot, WorkStatus
from setwise.productions.models import Production

# VFX work a ferry drama needs, added by hand to exterior scenes when the breakdown suggested too little.
VFX_WORK = ("Sky replacement", "Wake and spray clean-up", "Set extension: island harbour", "Rig removal")
BID_STEPS = [Decimal(v) for v in ("1800000", "2400000", "3500000", "4800000", "6500000", "9000000", "14000000")]
NOTES = (
    "v001: horizon sits two frames high; match the plate's haze.",
    "v002: spray reads as CG at the bow; soften the edges and add mist.",
    "v003: approved for the online.",
)
VOICES = {
    "en": ("Daniel Park", "Grace Lin", "Marcus Hale", "Ivy Chen"),
    "ja": ("佐藤 健太", "山本 美咲", "高橋 翔", "中村 由衣"),
}
# Episode 1's subtitles as the vendor first delivered them: the third event breaks the 42-character line and
# the 17 characters-per-second reading speed; the QC run lists both.
SUBTITLES_EN = """1
00:00:04,000 --> 00:00:06,500
The last crossing leaves at six.

2
00:00:07,000 --> 00:00:09,800
Dad never missed it. Not once.

3
00:00:10,000 --> 00:00:11,200
Then who has been keeping his logbook for the last three winters?

4
00:00:12,000 --> 00:00:14,500
Nobody on this island, Captain.
"""


def build(admin: Any, production: Production, seed: int) -> None:
    rng = random.Random(seed * 7919 + 8)
    team = _attach_partners(admin, production, rng)
    services.create_plan(admin, production)
    shots = _vfx(admin, production, rng, team)
    _cut(admin, production, shots)
    _localisation(admin, production)
    _qc(admin, production)


def _candidates(role: str, country: str, language: str = "") -> list[Partner]:
    """Active partners offering the role's service, at home first (working in ``language`` when given)."""
    base = Partner.objects.filter(kinds__code=ROLE_KINDS[role], status=PartnerStatus.ACTIVE).order_by("name", "pk")
    if language:
        base = base.filter(languages__code=language.split("-")[0].lower())
    return list(base.filter(country=country)) or list(base)


def _attach_partners(admin: Any, production: Production, rng: random.Random) -> dict[str, list[Partner]]:
    """One partner per post role (two VFX vendors: one at home, one abroad; dubbing studios and subtitle vendors
    until every language of the territory has one), attached before the plan exists so they become the owners
    of its deliverables and the studios and vendors of its languages."""
    territory = plans.territory_for(production.country)
    languages: dict[str, list[str]] = {
        PostRole.DUBBING: [lang for lang in territory.dubs if lang != production.language],
        PostRole.SUBTITLING: list(dict.fromkeys([*territory.subtitles, *territory.sdh])),
    }
    team: dict[str, list[Partner]] = {}
    for role in PostRole.values:
        chosen: list[Partner] = []
        for language in languages.get(role, [""]):
            if chosen and language and any(_works_in(p, language) for p in chosen):
                continue
            pool = [p for p in _candidates(role, production.country, language) if p not in chosen]
            if pool:
                chosen.append(rng.choice(pool))
        if role == PostRole.VFX:
            abroad = [p for p in _candidates(role, "TH") if p.country != production.country]
            if abroad:
                chosen.append(rng.choice(abroad))
        for partner in chosen:
            services.attach_partner(admin, production, partner, role, "Attached at pre-production")
        team[role] = chosen
    return team


def _works_in(partner: Partner, language: str) -> bool:
    codes = set(partner.languages.values_list("code", flat=True))
    return not codes or language.split("-")[0].lower() in codes


def _vfx(admin: Any, production: Production, rng: random.Random, team: dict[str, list[Partner]]) -> list[VfxShot]:
    """Accept the breakdown's VFX suggestions of the first block, add typical work to a few scenes (exteriors when
    the headings tell them apart), make the shots, and bid and award them."""
    for item in SceneElement.objects.filter(
        scene__production=production, element__category=Category.VFX, status=ElementStatus.SUGGESTED
    ).order_by("scene__episode", "scene__order", "pk")[:8]:
        breakdown.set_element_status(admin, item, ElementStatus.ACCEPTED)
    scenes = list(Scene.objects.filter(production=production, omitted=False).order_by("episode", "order"))
    # Exterior scenes when the headings say so (Korean "S#" headings do not): else any scene of the block.
    exteriors = [s for s in scenes if s.int_ext in (IntExt.EXT, IntExt.INT_EXT)] or scenes
    for scene in rng.sample(exteriors, k=min(8, len(exteriors))):
        breakdown.add_element(admin, scene, Category.VFX, rng.choice(VFX_WORK))
    services.sync_vfx_shots(admin, production)
    vendors = team.get(PostRole.VFX, [])
    shots = list(VfxShot.objects.filter(production=production).order_by("episode", "order"))
    statuses = ("final", "review", "in_progress", "awarded", "awarded", "bidding")
    for index, shot in enumerate(shots):
        status = statuses[index % len(statuses)] if vendors else "not_started"
        vendor = vendors[index % len(vendors)] if vendors else None
        abroad = vendor is not None and vendor.country != production.country
        bid = rng.choice(BID_STEPS) if vendor is not None else None
        services.update_vfx_shot(
            admin,
            shot,
            vendor=vendor,
            bid=(bid / 1000).quantize(Decimal(1)) if abroad and bid else bid,  # a vendor abroad bids in US dollars
            currency="USD" if abroad else production.currency,
            status=status,
            description=shot.description,
        )
        if status in ("final", "review"):
            for version, note in enumerate(NOTES[: 3 if status == "final" else 2], start=1):
                services.add_vfx_note(admin, shot, version, note)
    return shots


def _cut(admin: Any, production: Production, shots: list[VfxShot]) -> None:
    """Episode 1's locked cut as a CMX 3600 EDL: picture from the day's reels with the VFX shots cut in."""
    rate = FrameRate.parse("23.976")
    fps = 24
    episode_shots = [s.code for s in shots if s.episode == 1]
    lines = ["TITLE: WINTER FERRY EP01 LOCKED", "FCM: NON-DROP FRAME", ""]
    record = 3600 * fps  # 01:00:00:00
    clips: list[tuple[str, int]] = []
    for n in range(12):
        clips.append((f"A{n + 1:03d}C{(n * 7) % 19 + 1:03d}", (180 + 23 * n) * fps))
        if n < len(episode_shots):
            clips.append((episode_shots[n], (4 + n % 5) * fps))
    for event, (name, frames) in enumerate(clips, start=1):
        source = 3600 * fps * 2
        reel = name[:8] if not name.startswith("EP") else "VFX"
        lines.append(
            f"{event:03d}  {reel:<8} V     C        "
            f"{frames_to_timecode(source, rate)} {frames_to_timecode(source + frames, rate)} "
            f"{frames_to_timecode(record, rate)} {frames_to_timecode(record + frames, rate)}"
        )
        lines.append(f"* FROM CLIP NAME: {name}")
        lines.append("")
        record += frames
    services.import_cut(
        admin, production, "\n".join(lines).encode(), "winter-ferry-ep01-locked.edl", episode=1, name="EP01 locked"
    )


def _localisation(admin: Any, production: Production) -> None:
    """English and Japanese dubs under way with their voice cast; Thai subtitles done."""
    characters = list(Character.objects.filter(production=production).order_by("terms__cast_number", "name")[:4])
    progress = {
        "en": (WorkStatus.DONE, WorkStatus.IN_PROGRESS, WorkStatus.NOT_STARTED, WorkStatus.IN_PROGRESS),
        "ja": (WorkStatus.IN_PROGRESS, WorkStatus.NOT_STARTED, WorkStatus.NOT_STARTED, WorkStatus.IN_PROGRESS),
        "th": (WorkStatus.NOT_NEEDED, WorkStatus.NOT_NEEDED, WorkStatus.NOT_NEEDED, WorkStatus.DONE),
    }
    for track in LocalisationTrack.objects.filter(production=production, language__in=progress):
        translation_status, recording, mix, subtitles = progress[track.language]
        services.update_track(
            admin,
            track,
            dub=track.dub,
            subtitles=track.subtitles,
            dubbing_studio=track.dubbing_studio,
            subtitle_vendor=track.subtitle_vendor,
            translation_status=translation_status if track.dub else WorkStatus.NOT_NEEDED,
            recording_status=recording if track.dub else WorkStatus.NOT_NEEDED,
            mix_status=mix if track.dub else WorkStatus.NOT_NEEDED,
            subtitle_status=subtitles,
        )
        for character, voice in zip(characters, VOICES.get(track.language, ()), strict=False):
            if track.dub:
                services.set_voice_cast(admin, track, character, voice)


def _qc(admin: Any, production: Production) -> None:
    """Episode 1's English subtitles checked as they would be on upload. The demo keeps the run's report and the
    file's hash, not the file (so rebuilding the demo leaves nothing in the media folder)."""
    deliverable = Deliverable.objects.get(production=production, key="subtitles", language="en", episode=1)
    upload = SimpleUploadedFile("winter-ferry-ep01-en.srt", SUBTITLES_EN.encode())
    run = services.submit_qc(admin, deliverable, upload, start=False)
    services.execute_qc(run.pk)
    run.refresh_from_db()
    if run.file:
        run.file.delete(save=True)
