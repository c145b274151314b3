"""The demo world generator: productions, people in every role, and the partner network of the last eleven years.

``plan(seed, scale)`` draws the partner network in plain Python (deterministic for a seed); ``build`` writes it,
dated for the day it is built (``demo.dates``: the same seed and day build the same world).
Productions and memberships go through the services; partners, contacts and collaborations are written in bulk,
with the derived fields computed exactly as ``partners.services`` computes them (``Partner.refresh_derived``,
``services.search_text_for`` and the first year of collaboration), so the result equals a per-row build that
called ``services.reindex``.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.text import slugify

from setwise.accounts.models import User
from setwise.accounts.roles import ProductionRole, StaffRole
from setwise.core.models import Job
from setwise.demo import callsheets, dates, intimacy, names, post, reports, schedule
from setwise.engines.names import name_key
from setwise.partners import services as partner_services
from setwise.partners.models import Collaboration, Contact, Outcome, Partner, Size, Status
from setwise.productions import services as production_services
from setwise.productions.models import Format, Membership, Production, Stage

DEMO_PASSWORD = "setwise-demo"  # noqa: S105 - the published password of the demo logins
DEFAULT_SEED = 2025
FIRST_YEAR, LAST_YEAR = 2015, 2025  # the network's years as drawn; the build moves them to end in today's year
FLAGSHIP = "winter-ferry"
BATCH = 500

# --- the slate --------------------------------------------------------------------------------------------

# Dates are written for the base day, Monday 17 March 2025 (``dates.BASE_TODAY``), each fitting its production's
# stage on that day: the flagship has shot its first two weeks, the other productions in production are shooting,
# those in post have wrapped and launch later, the delivered ones have launched and those in pre-production shoot
# later. The build moves every date by the same whole number of weeks to the day it runs.

PRODUCTIONS: list[dict[str, Any]] = [
    {
        "slug": FLAGSHIP,
        "title": "Winter Ferry",
        "title_local": "겨울 나룻배",
        "format": Format.SERIES,
        "stage": Stage.PRODUCTION,
        "country": "KR",
        "language": "ko",
        "time_zone": "Asia/Seoul",
        "currency": "KRW",
        "episodes": 16,
        "budget": Decimal("24000000000"),
        "shoot_start": dt.date(2025, 3, 4),
        "shoot_end": dt.date(2025, 11, 28),
        "launch_date": dt.date(2026, 9, 18),
        "logline": "A ferry captain's daughter comes home to a shrinking island off Mokpo to keep the last crossing "
        "running, and finds the town's debts written in her father's logbook.",
    },
    {
        "slug": "the-monsoon-kitchen",
        "title": "The Monsoon Kitchen",
        "title_local": "ครัวมรสุม",
        "format": Format.FILM,
        "stage": Stage.PRE_PRODUCTION,
        "country": "TH",
        "language": "th",
        "time_zone": "Asia/Bangkok",
        "currency": "THB",
        "budget": Decimal("85000000"),
        "shoot_start": dt.date(2026, 1, 12),
        "shoot_end": dt.date(2026, 3, 6),
        "logline": "When floods close the road to Ayutthaya, a street-food cook and her estranged brother feed a "
        "stranded village for nine days and settle an old family recipe dispute.",
    },
    {
        "slug": "ink-and-thunder",
        "title": "Ink and Thunder",
        "title_local": "墨と雷",
        "format": Format.SERIES,
        "stage": Stage.POST_PRODUCTION,
        "country": "JP",
        "language": "ja",
        "time_zone": "Asia/Tokyo",
        "currency": "JPY",
        "episodes": 8,
        "budget": Decimal("1450000000"),
        "shoot_start": dt.date(2024, 6, 10),
        "shoot_end": dt.date(2024, 10, 25),
        "launch_date": dt.date(2025, 8, 1),
        "logline": "Live-action adaptation of a manga about a high-school calligraphy club whose brushstrokes "
        "summon storms; the club must win the national tournament before the rainy season floods the town.",
    },
    {
        "slug": "whispers-of-the-teak-forest",
        "title": "Whispers of the Teak Forest",
        "title_local": "Bisikan Hutan Jati",
        "format": Format.FILM,
        "stage": Stage.PRODUCTION,
        "country": "ID",
        "language": "id",
        "time_zone": "Asia/Jakarta",
        "currency": "IDR",
        "budget": Decimal("18500000000"),
        "shoot_start": dt.date(2025, 2, 3),
        "shoot_end": dt.date(2025, 4, 4),
        "logline": "A forestry surveyor mapping a teak plantation in Central Java hears her dead mother's voice "
        "counting the trees, and the count is always one short.",
    },
    {
        "slug": "night-market-detective",
        "title": "Night Market Detective",
        "title_local": "夜市偵探",
        "format": Format.SERIES,
        "stage": Stage.DEVELOPMENT,
        "country": "TW",
        "language": "zh",
        "time_zone": "Asia/Taipei",
        "currency": "TWD",
        "episodes": 10,
        "budget": Decimal("210000000"),
        "logline": "A retired police sketch artist who now draws caricatures at a Taichung night market solves "
        "the cases his customers bring him between orders of oyster omelette.",
    },
    {
        "slug": "red-earth-salt-water",
        "title": "Red Earth, Salt Water",
        "title_local": "",
        "format": Format.FILM,
        "stage": Stage.POST_PRODUCTION,
        "country": "AU",
        "language": "en",
        "time_zone": "Australia/Sydney",
        "currency": "AUD",
        "budget": Decimal("14800000"),
        "shoot_start": dt.date(2024, 9, 9),
        "shoot_end": dt.date(2024, 11, 15),
        "launch_date": dt.date(2025, 7, 25),
        "logline": "An Australian-Korean co-production: a Busan pearl diver's granddaughter travels to Broome to "
        "find the lugger crew her grandmother sailed with in 1968.",
    },
    {
        "slug": "the-last-barber-of-euljiro",
        "title": "The Last Barber of Euljiro",
        "title_local": "을지로의 마지막 이발사",
        "format": Format.FILM,
        "stage": Stage.DELIVERED,
        "country": "KR",
        "language": "ko",
        "time_zone": "Asia/Seoul",
        "currency": "KRW",
        "budget": Decimal("6200000000"),
        "shoot_start": dt.date(2023, 9, 4),
        "shoot_end": dt.date(2023, 11, 10),
        "launch_date": dt.date(2024, 10, 11),
        "logline": "The last barber in a redevelopment zone in central Seoul refuses to close until every regular "
        "has had one final cut.",
    },
    {
        "slug": "harbour-lights-yokohama",
        "title": "Harbour Lights, Yokohama",
        "title_local": "ハーバーライツ横浜",
        "format": Format.SERIES,
        "stage": Stage.DELIVERED,
        "country": "JP",
        "language": "ja",
        "time_zone": "Asia/Tokyo",
        "currency": "JPY",
        "episodes": 6,
        "budget": Decimal("980000000"),
        "shoot_start": dt.date(2023, 5, 8),
        "shoot_end": dt.date(2023, 8, 25),
        "launch_date": dt.date(2024, 3, 15),
        "logline": "Three generations of a jazz bar family in Yokohama's Chinatown try to keep the stage open "
        "through the bar's last summer lease.",
    },
    {
        "slug": "river-of-lanterns",
        "title": "River of Lanterns",
        "title_local": "แม่น้ำแห่งโคมไฟ",
        "format": Format.SERIES,
        "stage": Stage.DELIVERED,
        "country": "TH",
        "language": "th",
        "time_zone": "Asia/Bangkok",
        "currency": "THB",
        "episodes": 8,
        "budget": Decimal("240000000"),
        "shoot_start": dt.date(2024, 1, 15),
        "shoot_end": dt.date(2024, 5, 3),
        "launch_date": dt.date(2024, 11, 14),
        "logline": "During Loy Krathong in Chiang Mai, a lantern maker's apprentice uncovers the forged land deeds "
        "behind the riverside hotel that is pricing out her street.",
    },
    {
        "slug": "seoul-stage-door",
        "title": "Seoul Stage Door",
        "title_local": "서울 스테이지 도어",
        "format": Format.HYBRID,
        "stage": Stage.PRE_PRODUCTION,
        "country": "KR",
        "language": "ko",
        "time_zone": "Asia/Seoul",
        "currency": "KRW",
        "episodes": 6,
        "budget": Decimal("3800000000"),
        "shoot_start": dt.date(2026, 2, 2),
        "logline": "Documentary and scripted drama side by side: a season with the understudies of a Daehangno "
        "musical, their real auditions restaged by the actors who lived them.",
    },
    {
        "slug": "island-signal",
        "title": "Island Signal",
        "title_local": "",
        "format": Format.HYBRID,
        "stage": Stage.DEVELOPMENT,
        "country": "PH",
        "language": "tl",
        "time_zone": "Asia/Manila",
        "currency": "USD",
        "episodes": 4,
        "budget": Decimal("2600000"),
        "logline": "Part documentary, part drama: the volunteer radio operators of a Visayan island who kept the "
        "typhoon warnings going when the mobile network fell silent.",
    },
    {
        "slug": "lanterns-over-hoi-an",
        "title": "Lanterns over Hoi An",
        "title_local": "Đèn Lồng Hội An",
        "format": Format.FILM,
        "stage": Stage.DEVELOPMENT,
        "country": "VN",
        "language": "vi",
        "time_zone": "Asia/Ho_Chi_Minh",
        "currency": "USD",
        "budget": Decimal("3100000"),
        "logline": "A Hanoi tailor takes over her late aunt's shop in Hoi An and must finish forty wedding áo dài "
        "before the full-moon festival.",
    },
]

# --- the people -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoUser:
    username: str
    display_name: str
    staff_role: str = StaffRole.NONE
    language: str = "en"
    time_zone: str = "UTC"
    memberships: tuple[tuple[str, str, str], ...] = ()  # (production slug, role, department)
    partner_admin: bool = False

    @property
    def role_label(self) -> str:
        labels = [str(StaffRole(self.staff_role).label)] if self.staff_role else []
        labels += [str(ProductionRole(role).label) for slug, role, _d in self.memberships if slug == FLAGSHIP]
        return ", ".join(labels) or "No role (outsider)"


_P = ProductionRole
DEMO_USERS: list[DemoUser] = [
    DemoUser("demo-admin", "강지우", StaffRole.STUDIO_ADMIN, "ko", "Asia/Seoul"),
    DemoUser("demo-executive", "Tan Mei Ling", StaffRole.EXECUTIVE, "en", "Asia/Singapore"),
    DemoUser("demo-partners", "佐藤 美咲", StaffRole.PARTNER_MANAGER, "ja", "Asia/Tokyo"),
    DemoUser("demo-programmes", "Siriporn Kaeomani", StaffRole.PROGRAMME_MANAGER, "en", "Asia/Bangkok"),
    DemoUser("demo-safeguarding", "Olivia Fraser", StaffRole.SAFEGUARDING_LEAD, "en", "Australia/Sydney"),
    DemoUser(
        "demo-producer",
        "박민준",
        language="ko",
        time_zone="Asia/Seoul",
        memberships=((FLAGSHIP, _P.PRODUCER, "Production"), ("seoul-stage-door", _P.PRODUCER, "Production")),
    ),
    DemoUser(
        "demo-lineproducer",
        "이수빈",
        language="ko",
        time_zone="Asia/Seoul",
        memberships=(
            (FLAGSHIP, _P.LINE_PRODUCER, "Production"),
            ("the-last-barber-of-euljiro", _P.LINE_PRODUCER, "Production"),
        ),
    ),
    DemoUser(
        "demo-firstad",
        "최현우",
        language="ko",
        time_zone="Asia/Seoul",
        memberships=((FLAGSHIP, _P.FIRST_AD, "Assistant directors"),),
    ),
    DemoUser(
        "demo-secondad",
        "윤하은",
        language="ko",
        time_zone="Asia/Seoul",
        memberships=((FLAGSHIP, _P.SECOND_AD, "Assistant directors"),),
    ),
    DemoUser(
        "demo-intimacy",
        "조은지",
        language="ko",
        time_zone="Asia/Seoul",
        memberships=(
            (FLAGSHIP, _P.INTIMACY_COORDINATOR, "Intimacy"),
            ("the-monsoon-kitchen", _P.INTIMACY_COORDINATOR, "Intimacy"),
        ),
    ),
    DemoUser("demo-cast", "정도윤", language="ko", time_zone="Asia/Seoul", memberships=((FLAGSHIP, _P.CAST, "Cast"),)),
    DemoUser(
        "demo-crew", "오재현", language="ko", time_zone="Asia/Seoul", memberships=((FLAGSHIP, _P.CREW, "Camera"),)
    ),
    DemoUser(
        "demo-postsuper",
        "田中 蓮",
        language="ja",
        time_zone="Asia/Tokyo",
        memberships=((FLAGSHIP, _P.POST_SUPERVISOR, "Post"), ("ink-and-thunder", _P.POST_SUPERVISOR, "Post")),
    ),
    DemoUser(
        "demo-partneradmin",
        "서예진",
        language="ko",
        time_zone="Asia/Seoul",
        memberships=((FLAGSHIP, _P.PARTNER_ADMIN, "Post"),),
        partner_admin=True,
    ),
    DemoUser(
        "demo-progmanager",
        "林 雅婷",
        language="en",
        time_zone="Asia/Taipei",
        memberships=(
            (FLAGSHIP, _P.PROGRAMME_MANAGER, "Training"),
            ("the-monsoon-kitchen", _P.PROGRAMME_MANAGER, "Training"),
        ),
    ),
    DemoUser(
        "demo-safeguard",
        "신예린",
        language="ko",
        time_zone="Asia/Seoul",
        memberships=(
            (FLAGSHIP, _P.SAFEGUARDING_LEAD, "Production"),
            ("the-monsoon-kitchen", _P.SAFEGUARDING_LEAD, "Production"),
        ),
    ),
    DemoUser("demo-outsider", "Alex Morgan", language="en", time_zone="Europe/London"),
]
DEMO_USERNAMES = [u.username for u in DEMO_USERS]

# --- the partner network, drawn in plain Python -------------------------------------------------------------


@dataclass
class PlannedContact:
    name: str
    name_local: str
    title: str
    email: str
    phone: str
    is_primary: bool


@dataclass
class PlannedCollaboration:
    title: str
    year: int
    services: str
    outcome: str
    notes: str = ""
    production_slug: str = ""


@dataclass
class PlannedPartner:
    name: str
    name_local: str
    country: str
    city: str
    kinds: list[str]
    capabilities: list[str]
    languages: list[str]
    size: str
    website: str
    email: str
    phone: str
    status: str
    notes: str
    contacts: list[PlannedContact] = field(default_factory=list)
    collaborations: list[PlannedCollaboration] = field(default_factory=list)


# New partners per first year: a few in 2015, many by 2025.
_YEAR_WEIGHTS = {2015: 2, 2016: 3, 2017: 4, 2018: 5, 2019: 6, 2020: 6, 2021: 8, 2022: 10, 2023: 12, 2024: 14, 2025: 12}
_SIZES = [(Size.MICRO, 25), (Size.SMALL, 40), (Size.MEDIUM, 25), (Size.LARGE, 10)]
_COLLABS_BY_SIZE = {Size.MICRO: (2, 7), Size.SMALL: (6, 12), Size.MEDIUM: (10, 20), Size.LARGE: (18, 30)}
_EPISODES = ["feature", "feature", "6 episodes", "8 episodes", "10 episodes", "16 episodes"]


# The studio's wider slate: invented titles of the decade, so each title has a believable number of partners.
_TITLE_WORDS_A = [
    "Silent",
    "Paper",
    "Last",
    "Burning",
    "Hidden",
    "Salt",
    "Midnight",
    "Northern",
    "Borrowed",
    "Golden",
    "Quiet",
    "Broken",
    "Distant",
    "Crimson",
    "Winter",
    "Summer",
    "Iron",
    "Glass",
    "Wandering",
    "Sleeping",
    "Falling",
    "Lonely",
    "Secret",
    "Electric",
    "Paper-thin",
    "Velvet",
    "Jade",
    "Amber",
    "Scarlet",
    "Monsoon",
]
_TITLE_WORDS_B = [
    "Harbour",
    "Lantern",
    "Orchard",
    "Tide",
    "Alley",
    "Letters",
    "Garden",
    "Frontier",
    "Kingdom",
    "Typhoon",
    "Market",
    "Station",
    "Lighthouse",
    "Ferry",
    "Bridge",
    "Temple",
    "Orchestra",
    "Rooftop",
    "Village",
    "Signal",
    "Canal",
    "Mountain",
    "Courier",
    "Bakery",
    "Lagoon",
    "Tailor",
    "Archive",
    "Compass",
    "Festival",
    "Verdict",
]
_TITLE_FORMS = ["The {a} {b}", "{a} {b}", "{b} of the {a} Sea", "A {a} {b}"]
# Partners on one title: a series or feature of the slate works with up to this many companies of the network.
_PARTNERS_PER_TITLE = 24


def _slate_titles(rng: random.Random, scale: int, taken: set[str]) -> list[tuple[int, str]]:
    """Invented titles per year, more each year as the slate grew (``scale`` times as many for benchmarks)."""
    titles: list[tuple[int, str]] = []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        for _n in range((10 + 2 * (year - FIRST_YEAR)) * scale):
            for _attempt in range(20):
                form = rng.choice(_TITLE_FORMS)
                title = form.format(a=rng.choice(_TITLE_WORDS_A), b=rng.choice(_TITLE_WORDS_B))
                if title not in taken:
                    break
                title = f"{title} {rng.choice(['II', 'III', 'Returns', '(Season 2)', '(Season 3)'])}"
                if title not in taken:
                    break
            else:
                continue
            taken.add(title)
            titles.append((year, title))
    return titles


def _weighted(rng: random.Random, items: list[tuple[Any, int]]) -> Any:
    return rng.choices([i for i, _w in items], weights=[w for _i, w in items])[0]


def _ascii(text: str) -> str:
    text = text.replace("Đ", "D").replace("đ", "d")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _digits(rng: random.Random, pattern: str) -> str:
    return re.sub(r"\{(\d)\}", lambda m: "".join(str(rng.randint(0, 9)) for _ in range(int(m.group(1)))), pattern)


def _slate_year(p: dict[str, Any]) -> int:
    start = p.get("shoot_start")
    return min(start.year, LAST_YEAR) if start else LAST_YEAR


def _company_name(rng: random.Random, spec: names.CountrySpec, kind: str, used: set[str]) -> tuple[str, str]:
    joiner = "" if spec.code in {"KR", "JP", "TW"} else " "
    for attempt in range(60):
        local_p, roman_p = rng.choice(spec.prefixes)
        if attempt >= 30:  # the pool of single words is used up (large scale): two words of the place
            local_q, roman_q = rng.choice(spec.prefixes)
            if roman_q == roman_p:
                continue
            local_p, roman_p = local_p + joiner + local_q if local_p else "", f"{roman_p} {roman_q}"
        local_s, roman_s = rng.choice(spec.suffixes[kind])
        roman = f"{roman_p} {roman_s}"
        local = f"{local_p}{joiner}{local_s}" if local_p else ""
        key = name_key(roman)
        if key in used:
            continue
        used.add(key)
        if rng.random() < 0.3:
            roman = spec.legal_roman.format(roman)
            local = spec.legal_local.format(local) if local and spec.legal_local else local
        elif spec.code == "ID" and rng.random() < 0.6:
            roman = spec.legal_roman.format(roman)
        return roman, local
    n = len(used) + 1  # pragma: no cover - only at scales far beyond the benchmark's
    used.add(f"{spec.code}{n}")
    return f"{spec.prefixes[0][1]} {spec.suffixes[kind][0][1]} {n}", ""


def _person(rng: random.Random, spec: names.CountrySpec) -> tuple[str, str]:
    fam_l, fam_r = rng.choice(spec.family)
    giv_l, giv_r = rng.choice(spec.given)
    if spec.family_first:
        roman = f"{fam_r} {giv_r}"
        local = (f"{fam_l} {giv_l}" if spec.code in {"JP", "VN"} else f"{fam_l}{giv_l}") if fam_l else ""
    else:
        roman = f"{giv_r} {fam_r}"
        local = f"{giv_l} {fam_l}" if fam_l else ""
    return roman, local


def plan(seed: int = DEFAULT_SEED, scale: int = 1, last_year: int = LAST_YEAR) -> list[PlannedPartner]:
    """The partner network for a seed, ``scale`` times the demo's size (same seed, same network), its collaboration
    years ending in ``last_year`` (the network is drawn for ``FIRST_YEAR`` to ``LAST_YEAR``, then every year is
    moved by the same number of years)."""
    offset = last_year - LAST_YEAR
    rng = random.Random(seed)
    titles_by_year: dict[int, list[tuple[str, str, str]]] = {}  # year -> (title, country, production slug)
    for title, country, year in names.OLDER_TITLES:
        titles_by_year.setdefault(year, []).append((title, country, ""))
    for p in PRODUCTIONS:
        if p["stage"] != Stage.DEVELOPMENT:
            titles_by_year.setdefault(_slate_year(p), []).append((p["title"], p["country"], p["slug"]))
    taken = {t for ts in titles_by_year.values() for t, _c, _s in ts}
    country_codes = [spec.code for spec in names.COUNTRIES]
    country_weights = [spec.count for spec in names.COUNTRIES]
    for year, title in _slate_titles(rng, scale, taken):
        country = rng.choices(country_codes, weights=country_weights)[0]
        titles_by_year.setdefault(year, []).append((title, country, ""))
    load: dict[str, int] = {}  # partners per title so far
    stage_of = {p["slug"]: p["stage"] for p in PRODUCTIONS}
    episodes_of = {
        p["slug"]: (f"{p['episodes']} episodes" if p["format"] != Format.FILM else "feature") for p in PRODUCTIONS
    }
    kinds = list(names.KIND_WEIGHTS.items())
    partners: list[PlannedPartner] = []
    for spec in names.COUNTRIES:
        used: set[str] = set()
        for _i in range(spec.count * scale):
            kind = _weighted(rng, kinds)
            kind_codes = [kind]
            if rng.random() < 0.3:
                kind_codes.append(rng.choice(names.SECOND_KIND[kind]))
            name, name_local = _company_name(rng, spec, kind, used)
            size = _weighted(rng, _SIZES)
            roll = rng.random()
            status = Status.ONBOARDING if roll < 0.08 else Status.INACTIVE if roll < 0.13 else Status.ACTIVE
            if status == Status.ONBOARDING:
                join, last = LAST_YEAR, LAST_YEAR
            elif status == Status.INACTIVE:
                join = rng.randint(FIRST_YEAR, 2019)
                last = rng.randint(join, 2021)
            else:
                join = _weighted(rng, list(_YEAR_WEIGHTS.items()))
                last = LAST_YEAR
            city = _weighted(rng, spec.cities)
            caps = rng.sample(names.CAPABILITIES[kind], k=min(len(names.CAPABILITIES[kind]), rng.randint(1, 3)))
            if len(kind_codes) > 1 and rng.random() < 0.5:
                caps.append(rng.choice(names.CAPABILITIES[kind_codes[1]]))
            languages = list(spec.languages)
            if "en" not in languages and rng.random() < 0.6:
                languages.append("en")
            if kind in {"dubbing", "subtitling"}:
                languages += rng.sample(["ko", "ja", "th", "id", "zh", "en", "vi", "ms"], k=rng.randint(2, 4))
            domain = slugify(_ascii(name_local_free(name, spec))) + ".example"
            contacts = []
            for c in range(rng.randint(1, 2 if size == Size.MICRO else 3)):
                roman, local = _person(rng, spec)
                user = ".".join(_ascii(part).lower() for part in roman.split()[:2])
                contacts.append(
                    PlannedContact(
                        name=roman,
                        name_local=local,
                        title=rng.choice(names.TITLES[kind]),
                        email=f"{re.sub(r'[^a-z.]', '', user)}@{domain}",
                        phone=_digits(rng, spec.phone),
                        is_primary=c == 0,
                    )
                )
            note = rng.choice(names.NOTES[kind])
            if rng.random() < 0.5:
                note += f" Ask for {contacts[0].name.split()[0 if not spec.family_first else -1]}."
            partner = PlannedPartner(
                name=name,
                name_local=name_local,
                country=spec.code,
                city=city,
                kinds=kind_codes,
                capabilities=list(dict.fromkeys(caps)),
                languages=list(dict.fromkeys(languages)),
                size=size,
                website=f"https://www.{domain}/",
                email=f"hello@{domain}",
                phone=_digits(rng, spec.phone),
                status=status,
                notes=note,
                contacts=contacts,
            )
            low, high = _COLLABS_BY_SIZE[size]
            count = rng.randint(0, 1) if status == Status.ONBOARDING else rng.randint(low, high)
            seen: set[str] = set()
            for n in range(count):
                for _attempt in range(8):  # a partner works on a title once
                    year = join if n == 0 else rng.randint(join, last)
                    candidates = titles_by_year.get(year) or titles_by_year[max(y for y in titles_by_year if y <= year)]
                    local_titles = [t for t in candidates if t[1] == spec.code]
                    pool = local_titles if local_titles and rng.random() < 0.6 else candidates
                    title, _country, slug = rng.choice(pool)
                    if title not in seen and load.get(title, 0) < _PARTNERS_PER_TITLE:
                        break
                else:
                    continue
                seen.add(title)
                load[title] = load.get(title, 0) + 1
                if slug and stage_of[slug] != Stage.DELIVERED:
                    outcome = Outcome.ONGOING
                else:
                    outcome = _weighted(
                        rng, [(Outcome.DELIVERED, 88), (Outcome.DELAYED, 9), (Outcome.CANCELLED, 0 if slug else 3)]
                    )
                services = rng.choice(names.SERVICES[kind]).format(
                    ep=episodes_of[slug] if slug else rng.choice(_EPISODES),
                    shots=rng.randrange(40, 900, 10),
                    n=rng.randint(3, 12),
                )
                partner.collaborations.append(
                    PlannedCollaboration(
                        title=title,
                        year=year + offset,
                        services=services,
                        outcome=outcome,
                        notes=names.OUTCOME_NOTES.get(outcome, ""),
                        production_slug=slug,
                    )
                )
            partners.append(partner)
    return partners


def name_local_free(name: str, spec: names.CountrySpec) -> str:
    """The romanised name without its legal form, for the web address."""
    bare = spec.legal_roman.replace("{}", "").strip()
    return name.replace(bare, "").strip() if bare else name


# --- writing it -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    partners: int
    contacts: int
    collaborations: int
    productions: int
    users: int
    today: dt.date


def is_built() -> bool:
    return User.objects.filter(username=DEMO_USERS[0].username).exists()


def reset() -> None:
    """Delete the demo data: every partner (with contacts and collaborations), production, membership and job,
    the demo users, and the change history of those records."""
    with transaction.atomic():
        Collaboration.objects.all().delete()
        Contact.objects.all().delete()
        Membership.objects.all().delete()
        Production.objects.all().delete()  # before the partners: a production's post team holds on to them
        Partner.objects.all().delete()
        Job.objects.all().delete()
        User.objects.filter(username__in=DEMO_USERNAMES).delete()
        for model in (Collaboration, Contact, Partner, Membership, Production):
            model.history.model._default_manager.all().delete()


def anchor_for(today: dt.date) -> dates.Anchor:
    """How far the world moves to be built on ``today`` (see ``demo.dates``)."""
    flagship = next(p for p in PRODUCTIONS if p["slug"] == FLAGSHIP)
    return dates.anchor_for(
        today, flagship["shoot_start"], flagship["country"], schedule.WORKING_WEEKDAYS, schedule.REPORTED_DAYS
    )


def productions_for(anchor: dates.Anchor) -> list[dict[str, Any]]:
    """The slate with its dates moved by the anchor."""
    keys = ("shoot_start", "shoot_end", "launch_date")
    return [{**p, **{k: anchor.date(p[k]) for k in keys if p.get(k)}} for p in PRODUCTIONS]


def build(
    seed: int = DEFAULT_SEED,
    scale: int = 1,
    progress: Callable[[str], None] | None = None,
    today: dt.date | None = None,
) -> Summary:
    """Write the demo world into an empty database (see ``is_built`` and ``reset``), dated for ``today`` (by
    default today in the flagship's time zone): the flagship is two weeks into its shoot."""
    say = progress or (lambda _m: None)
    anchor = anchor_for(today or dates.local_today())
    planned = plan(seed, scale, last_year=LAST_YEAR + anchor.years)
    say(f"Planned {len(planned)} partners")
    with transaction.atomic():
        users = _create_users()
        admin = users[DEMO_USERS[0].username]
        productions = {
            p["slug"]: production_services.create_production(admin, creator_role=None, **p)
            for p in productions_for(anchor)
        }
        for demo_user in DEMO_USERS:
            for slug, role, department in demo_user.memberships:
                production_services.add_member(admin, productions[slug], users[demo_user.username], role, department)
        say(f"Created {len(users)} users and {len(productions)} productions")
        partners = _create_partners(planned, productions, admin)
        flagship_post = next(
            p for p, d in zip(partners, planned, strict=True) if d.country == "KR" and "post" in d.kinds
        )
        partners_admin = next(u for u in DEMO_USERS if u.partner_admin)
        flagship_post.admins.add(users[partners_admin.username])
        schedule.build(admin, productions[FLAGSHIP], seed, anchor.today)
        intimacy.build(admin, productions[FLAGSHIP], seed, anchor.today)
        post.build(admin, productions[FLAGSHIP], seed)  # VFX elements make their scenes longer: before the layout
        schedule.settle(admin, productions[FLAGSHIP], anchor.today)
        reports.build(admin, productions[FLAGSHIP], seed, anchor)
        callsheets.build(admin, productions[FLAGSHIP], anchor.today)
        say("Imported the flagship's first episodes and laid out its first block")
    return Summary(
        partners=len(partners),
        contacts=sum(len(p.contacts) for p in planned),
        collaborations=sum(len(p.collaborations) for p in planned),
        productions=len(productions),
        users=len(users),
        today=anchor.today,
    )


def _create_users() -> dict[str, User]:
    password = make_password(DEMO_PASSWORD)  # hashed once: every demo login shares the published password
    users = {}
    for u in DEMO_USERS:
        local = u.username.removeprefix("demo-")
        user = User(
            username=u.username,
            display_name=u.display_name,
            email=f"{local}@setwise-demo.example",
            staff_role=u.staff_role,
            language=u.language,
            time_zone=u.time_zone,
            is_staff=u.staff_role == StaffRole.STUDIO_ADMIN,
            is_superuser=u.staff_role == StaffRole.STUDIO_ADMIN,
            password=password,
        )
        user.save()
        users[u.username] = user
    return users


def _create_partners(planned: list[PlannedPartner], productions: dict[str, Production], user: User) -> list[Partner]:
    """Partners, their relations, contacts and collaborations in bulk, with history rows like the importer's."""
    from django.apps import apps

    caps = {label: partner_services.capability_for(label) for p in planned for label in p.capabilities}
    history_models = {
        "kinds": ("partnerkind_id", apps.get_model("partners", "HistoricalPartner_kinds")),
        "capabilities": ("capability_id", apps.get_model("partners", "HistoricalPartner_capabilities")),
        "languages": ("language_id", apps.get_model("partners", "HistoricalPartner_languages")),
    }
    throughs = {
        "kinds": Partner.kinds.through,
        "capabilities": Partner.capabilities.through,
        "languages": Partner.languages.through,
    }
    created: list[Partner] = []
    for start in range(0, len(planned), BATCH):
        batch = planned[start : start + BATCH]
        partners = []
        for data in batch:
            partner = Partner(
                name=data.name,
                name_local=data.name_local,
                country=data.country,
                city=data.city,
                size=data.size,
                website=data.website,
                email=data.email,
                phone=data.phone,
                status=data.status,
                notes=data.notes,
            )
            partner.refresh_derived()
            # What services.reindex computes: the search text (with the contacts) and the first year.
            partner.search_text = partner_services.search_text_for(
                partner,
                data.kinds,
                [caps[c].name for c in data.capabilities],
                # contacts in the order partner.contacts.all() returns them (Contact.Meta.ordering)
                [
                    n
                    for c in sorted(data.contacts, key=lambda c: (not c.is_primary, c.name))
                    for n in (c.name, c.name_local)
                    if n
                ],
            )
            partner.first_year = min((c.year for c in data.collaborations), default=None)
            partner.collaboration_count = len(data.collaborations)
            partners.append(partner)
        Partner.objects.bulk_create(partners)
        history = Partner.history.bulk_history_create(partners, default_user=user, default_change_reason="demo")
        history_by_partner = {h.id: h.history_id for h in history}
        for relation, through in throughs.items():
            column, history_model = history_models[relation]
            rows = [
                through(**{"partner_id": partner.pk, column: caps[t].pk if relation == "capabilities" else t})
                for partner, data in zip(partners, batch, strict=True)
                for t in getattr(data, relation)
            ]
            links: list[Any] = through._default_manager.bulk_create(rows)
            history_model.objects.bulk_create(
                [
                    history_model(
                        id=link.pk,
                        history_id=history_by_partner[link.partner_id],
                        partner_id=link.partner_id,
                        **{column: getattr(link, column)},
                    )
                    for link in links
                ]
            )
        contacts = [
            Contact(partner=partner, **vars(c))
            for partner, data in zip(partners, batch, strict=True)
            for c in data.contacts
        ]
        Contact.objects.bulk_create(contacts, batch_size=BATCH)
        Contact.history.bulk_history_create(contacts, default_user=user, default_change_reason="demo")
        collaborations = [
            Collaboration(
                partner=partner,
                production=productions.get(c.production_slug),
                title=c.title,
                year=c.year,
                services=c.services,
                outcome=c.outcome,
                notes=c.notes,
            )
            for partner, data in zip(partners, batch, strict=True)
            for c in data.collaborations
        ]
        Collaboration.objects.bulk_create(collaborations, batch_size=BATCH)
        Collaboration.history.bulk_history_create(collaborations, default_user=user, default_change_reason="demo")
        created += partners
    return created


def logins() -> list[tuple[str, str, str, str]]:
    """(username, display name, role, password) of every demo login, for the table ``setwise demo`` prints."""
    return [(u.username, u.display_name, u.role_label, DEMO_PASSWORD) for u in DEMO_USERS]
