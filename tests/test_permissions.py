"""Generated permission tests: every page and API endpoint against every kind of person.

Who: anonymous, an outsider (signed in, no role), a member of another production, a member of this production,
a studio admin. Pages answer anonymous people with the login redirect, the API with a 401 problem. A production
is invisible (404, and absent from lists, the home page and search) to anyone who is not in it. Partner editing
is allowed to partner managers, studio admins and the partner's own admins, and UI and API agree on who.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from setwise.accounts.models import ApiToken
from setwise.accounts.roles import ProductionRole, StaffRole
from setwise.productions.models import Membership
from tests.partners.factories import make_partner

pytestmark = pytest.mark.django_db

PEOPLE = ["anonymous", "outsider", "other_member", "member", "studio_admin"]
SLUG = "moonlit-harbour"

# (kind, method, url, who may see it). kind: "page" or "api".
PRODUCTION_ROUTES = [
    ("page", "get", f"/productions/{SLUG}/"),
    ("api", "get", f"/api/productions/{SLUG}"),
    ("api", "get", f"/api/productions/{SLUG}/members"),
]
PRODUCTION_ALLOWED = {"member", "studio_admin"}

# Signed-in routes every account may use (the partner directory is the studio's shared network).
OPEN_ROUTES = [
    ("page", "get", "/"),
    ("page", "get", "/productions/"),
    ("page", "get", "/partners/"),
    ("page", "get", "/partners/{partner}/"),
    ("page", "get", "/partners/network/"),
    ("page", "get", "/search/?q=moonlit"),
    ("api", "get", "/api/productions/"),
    ("api", "get", "/api/partners/"),
    ("api", "get", "/api/partners/{partner}"),
    ("api", "get", "/api/partners/network"),
]


@pytest.fixture
def people(make_user: Any, production: Any, other_production: Any, admin_user: Any) -> dict[str, Any]:
    member = make_user("member")
    Membership.objects.create(production=production, user=member, role=ProductionRole.CREW)
    other = make_user("other-member")
    Membership.objects.create(production=other_production, user=other, role=ProductionRole.PRODUCER)
    return {
        "anonymous": None,
        "outsider": make_user("outsider"),
        "other_member": other,
        "member": member,
        "studio_admin": admin_user,
    }


@pytest.fixture
def partner(partner_manager: Any) -> Any:
    return make_partner(partner_manager, "Hanbit Pictures", city="Seoul")


def call(kind: str, method: str, url: str, user: Any, body: dict[str, Any] | None = None) -> Any:
    client = Client()
    headers: dict[str, str] = {}
    if user is not None:
        if kind == "page":
            client.force_login(user)
        else:
            _t, raw = ApiToken.issue(user, "permission tests")
            headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    if kind == "api" and method in {"post", "patch"}:
        return getattr(client, method)(url, json.dumps(body or {}), content_type="application/json", **headers)
    return getattr(client, method)(url, body or {}, **headers) if method == "post" else client.get(url, **headers)


def assert_anonymous_refused(kind: str, response: Any, url: str) -> None:
    if kind == "page":
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url
    else:
        assert response.status_code == 401, url
        assert response["Content-Type"] == "application/problem+json", url


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize(("kind", "method", "url"), PRODUCTION_ROUTES)
def test_production_routes(people, kind, method, url, who) -> None:
    response = call(kind, method, url, people[who])
    if who == "anonymous":
        assert_anonymous_refused(kind, response, url)
    elif who in PRODUCTION_ALLOWED:
        assert response.status_code == 200, (who, url)
    else:
        # Forbidden looks exactly like missing: outsiders learn nothing of the production.
        assert response.status_code == 404, (who, url)
        missing = call(kind, method, url.replace(SLUG, "no-such-production"), people[who])
        assert missing.status_code == 404
        if kind == "api":
            assert response.json() == missing.json()


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize(("kind", "method", "url"), OPEN_ROUTES)
def test_signed_in_routes(people, partner, kind, method, url, who) -> None:
    url = url.format(partner=partner.pk)
    response = call(kind, method, url, people[who])
    if who == "anonymous":
        assert_anonymous_refused(kind, response, url)
    else:
        assert response.status_code == 200, (who, url)


def _visible_in(who: str, people: dict[str, Any]) -> dict[str, bool]:
    """Where the production 'Moonlit Harbour' shows up for ``who``."""
    user = people[who]
    page = Client()
    page.force_login(user)
    _t, raw = ApiToken.issue(user, "visibility")
    api = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    return {
        "list page": SLUG in page.get("/productions/").content.decode(),
        "home page": SLUG in page.get("/").content.decode(),
        "search": SLUG in page.get("/search/", {"q": "moonlit"}).content.decode(),
        "search (htmx)": SLUG in page.get("/search/", {"q": "달빛"}, HTTP_HX_REQUEST="true").content.decode(),
        "api list": SLUG in [p["slug"] for p in Client().get("/api/productions/", **api).json()["items"]],
    }


@pytest.mark.parametrize("who", ["outsider", "other_member", "member", "studio_admin"])
def test_production_visibility_in_lists_home_and_search(people, who) -> None:
    seen = _visible_in(who, people)
    expected = who in PRODUCTION_ALLOWED
    assert seen == dict.fromkeys(seen, expected), who


def test_other_production_is_listed_for_its_own_member_only(people) -> None:
    page = Client()
    page.force_login(people["other_member"])
    body = page.get("/productions/").content.decode()
    assert "river-of-lanterns" in body
    assert SLUG not in body


# ---------------------------------------------------------------- partner editing: UI and API apply one guard

EDITORS = ["outsider", "member", "partner_manager", "studio_admin", "partner_admin_own", "partner_admin_other"]


@pytest.fixture
def editors(people, partner_manager, make_user, partner) -> dict[str, Any]:
    other = make_partner(partner_manager, "Sakura Eizo", "JP", ["post"])
    own_admin = make_user("hanbit-staff")
    partner.admins.add(own_admin)
    other_admin = make_user("sakura-staff")
    other.admins.add(other_admin)
    return {
        "outsider": people["outsider"],
        "member": people["member"],
        "partner_manager": partner_manager,
        "studio_admin": people["studio_admin"],
        "partner_admin_own": own_admin,
        "partner_admin_other": other_admin,
    }


CAN_CREATE = {"partner_manager", "studio_admin"}
CAN_EDIT_HANBIT = {"partner_manager", "studio_admin", "partner_admin_own"}


def _ui_create(user: Any) -> bool:
    client = Client()
    client.force_login(user)
    status = client.get("/partners/new/").status_code
    assert status in {200, 403}
    return status == 200


def _api_create(user: Any, n: int) -> bool:
    body = {"name": f"New Partner {n}", "country": "VN", "kinds": ["location"]}
    status = call("api", "post", "/api/partners/", user, body).status_code
    assert status in {201, 403}
    return status == 201


def _ui_edit(user: Any, partner: Any) -> bool:
    client = Client()
    client.force_login(user)
    status = client.get(f"/partners/{partner.pk}/edit/").status_code
    assert status in {200, 403}
    if status == 200:
        form = {"name": partner.name, "country": "KR", "kinds": ["production"], "status": "active", "city": "Busan"}
        response = client.post(f"/partners/{partner.pk}/edit/", form)
        assert response.status_code == 302
        assert response["Location"] == f"/partners/{partner.pk}/"
    return status == 200


def _api_edit(user: Any, partner: Any) -> bool:
    status = call("api", "patch", f"/api/partners/{partner.pk}", user, {"city": "Incheon"}).status_code
    assert status in {200, 403}
    return status == 200


def test_partner_create_guard_is_the_same_in_ui_and_api(editors) -> None:
    ui = {who for who, user in editors.items() if _ui_create(user)}
    api = {who for n, (who, user) in enumerate(editors.items()) if _api_create(user, n)}
    assert ui == CAN_CREATE
    assert api == ui


def test_partner_edit_guard_is_the_same_in_ui_and_api(editors, partner) -> None:
    ui = {who for who, user in editors.items() if _ui_edit(user, partner)}
    api = {who for who, user in editors.items() if _api_edit(user, partner)}
    assert ui == CAN_EDIT_HANBIT
    assert api == ui
    partner.refresh_from_db()
    assert partner.city == "Incheon"


@pytest.mark.parametrize("who", ["outsider", "member", "partner_admin_own"])
def test_partner_import_is_refused_without_the_import_permission(editors, who) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    user = editors[who]
    page = Client()
    page.force_login(user)
    assert page.get("/partners/import/").status_code == 403
    _t, raw = ApiToken.issue(user, "import")
    upload = SimpleUploadedFile("p.csv", b"name,country\nX,KR\n", content_type="text/csv")
    response = Client().post("/api/partners/import", {"file": upload}, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 403


def test_a_studio_role_without_partner_editing_is_a_plain_member(make_user, partner) -> None:
    programme = make_user("programme", StaffRole.PROGRAMME_MANAGER)
    assert not _api_edit(programme, partner)
    assert not _ui_edit(programme, partner)


# ---------------------------------------------------------------- script breakdown: pages and API, reads and writes

BREAKDOWN_PEOPLE = ["anonymous", "outsider", "other_member", "cast", "editor", "coordinator", "studio_admin"]
# Who holds what on "Moonlit Harbour": cast has VIEW_PRODUCTION only; the 1st AD (editor) EDIT_PRODUCTION; the
# intimacy coordinator VIEW_INTIMACY and EDIT_INTIMACY_BREAKDOWN; studio admins everything.
BREAKDOWN_ALLOWED = {
    "view": {"cast", "editor", "coordinator", "studio_admin"},
    "edit": {"editor", "studio_admin"},
    "view_intimacy": {"coordinator", "studio_admin"},
    "decide_intimacy": {"editor", "coordinator", "studio_admin"},
}
PAGE = f"/productions/{SLUG}/script"
API = f"/api/productions/{SLUG}"
_FOUNTAIN = "INT. HARBOUR OFFICE - NIGHT\n\nMINHO waits.\n"
# (kind, method, url, needs, body, status when allowed). Bodies: "upload" is a multipart script file.
BREAKDOWN_ROUTES = [
    ("page", "get", f"{PAGE}/", "view", None, 200),
    ("page", "get", f"{PAGE}/scenes/{{scene}}/", "view", None, 200),
    ("page", "get", f"{PAGE}/elements/", "view", None, 200),
    ("page", "get", f"{PAGE}/characters/", "view", None, 200),
    ("page", "get", f"{PAGE}/vfx/", "view", None, 200),
    ("page", "get", f"{PAGE}/drafts/{{draft}}/", "view", None, 200),
    ("page", "get", f"{PAGE}/export/scenes.xlsx", "view", None, 200),
    ("page", "get", f"{PAGE}/export/breakdown.xlsx", "view", None, 200),
    ("page", "get", f"{PAGE}/export/scenes.pdf", "view", None, 200),
    ("page", "get", f"{PAGE}/export/breakdown.pdf?scene={{scene}}", "view", None, 200),
    ("page", "get", f"{PAGE}/intimacy/", "view_intimacy", None, 200),
    ("page", "get", f"{PAGE}/upload/", "edit", None, 200),
    ("page", "post", f"{PAGE}/upload/", "edit", "upload", 302),
    ("page", "post", f"{PAGE}/scenes/{{scene}}/elements/", "edit", {"category": "props", "name": "lantern"}, 302),
    ("page", "post", f"{PAGE}/scenes/{{item_scene}}/elements/{{item}}/", "edit", {"status": "accepted"}, 302),
    ("page", "post", f"{PAGE}/scenes/{{scene}}/elements/{{kiss}}/", "decide_intimacy", {"status": "accepted"}, 302),
    ("page", "post", f"{PAGE}/characters/{{character}}/", "edit", {"cast_member": ""}, 302),
    ("api", "get", f"{API}/scenes", "view", None, 200),
    ("api", "get", f"{API}/scenes/{{scene}}", "view", None, 200),
    ("api", "get", f"{API}/script/drafts", "view", None, 200),
    ("api", "post", f"{API}/script", "edit", "upload", 202),
    ("api", "post", f"{API}/scenes/{{scene}}/elements", "edit", {"category": "props", "name": "lantern"}, 201),
    ("api", "post", f"{API}/scenes/{{item_scene}}/elements/{{item}}/decision", "edit", {"status": "accepted"}, 200),
    (
        "api",
        "post",
        f"{API}/scenes/{{scene}}/elements/{{kiss}}/decision",
        "decide_intimacy",
        {"status": "accepted"},
        200,
    ),
]


@pytest.fixture
def breakdown_people(people: dict[str, Any], make_user: Any, production: Any) -> dict[str, Any]:
    def join(username: str, role: str) -> Any:
        user = make_user(username)
        Membership.objects.create(production=production, user=user, role=role)
        return user

    return {
        **{who: people[who] for who in ("anonymous", "outsider", "other_member", "studio_admin")},
        "cast": join("cast-member", ProductionRole.CAST),
        "editor": join("first-ad", ProductionRole.FIRST_AD),
        "coordinator": join("intimacy-coordinator", ProductionRole.INTIMACY_COORDINATOR),
    }


@pytest.fixture
def breakdown_ids(production: Any, admin_user: Any) -> dict[str, int]:
    from setwise.breakdown import services
    from setwise.breakdown.models import Category, Character, SceneElement, ScriptDraft

    script = (
        "INT. HARBOUR OFFICE - NIGHT\n\nMINHO and SEOYEON kiss. A taxi waits outside.\n\n"
        "MINHO\nStay.\n\nEXT. ROOFTOP - DAWN\n\nSEOYEON holds an umbrella.\n"
    )
    result = services.import_script(admin_user, production, script.encode(), "ep1.fountain")
    assert not result.errors
    kiss = SceneElement.objects.get(scene__production=production, element__category=Category.INTIMACY)
    item = SceneElement.objects.filter(scene__production=production).exclude(element__category=Category.INTIMACY)[0]
    return {
        "scene": kiss.scene_id,
        "kiss": kiss.pk,
        "item_scene": item.scene_id,
        "item": item.pk,
        "character": Character.objects.filter(production=production)[0].pk,
        "draft": ScriptDraft.objects.get(production=production).pk,
    }


def call_breakdown(kind: str, method: str, url: str, user: Any, body: Any) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    if body == "upload":
        body = {"file": SimpleUploadedFile("ep1.fountain", _FOUNTAIN.encode())}
        if kind == "api":
            client, headers = Client(), {}
            if user is not None:
                headers["HTTP_AUTHORIZATION"] = f"Bearer {ApiToken.issue(user, 'permission tests')[1]}"
            return client.post(url, body, **headers)
    return call(kind, method, url, user, body)


@pytest.mark.parametrize("who", BREAKDOWN_PEOPLE)
@pytest.mark.parametrize(("kind", "method", "url", "needs", "body", "ok"), BREAKDOWN_ROUTES)
def test_breakdown_routes(breakdown_people, breakdown_ids, kind, method, url, needs, body, ok, who) -> None:
    url = url.format(**breakdown_ids)
    response = call_breakdown(kind, method, url, breakdown_people[who], body)
    if who == "anonymous":
        assert_anonymous_refused(kind, response, url)
    elif who in {"outsider", "other_member"}:
        # Forbidden looks exactly like missing, for reads and writes alike.
        assert response.status_code == 404, (who, url)
        missing = call_breakdown(kind, method, url.replace(SLUG, "no-such-production"), breakdown_people[who], body)
        assert missing.status_code == 404
        if kind == "api":
            assert response.json() == missing.json()
    elif who in BREAKDOWN_ALLOWED[needs]:
        assert response.status_code == ok, (who, url, response.content[:300])
    else:
        assert response.status_code == 403, (who, url)
        if kind == "api":
            assert response["Content-Type"] == "application/problem+json"


def test_breakdown_writes_refused_change_nothing(breakdown_people, breakdown_ids) -> None:
    from setwise.breakdown.models import ElementStatus, SceneElement
    from setwise.core.models import Job

    for who in ("cast", "outsider", "other_member"):
        for kind, method, url, _needs, body, _ok in BREAKDOWN_ROUTES:
            if method == "post":
                call_breakdown(kind, method, url.format(**breakdown_ids), breakdown_people[who], body)
    assert not Job.objects.exists()
    assert not SceneElement.objects.filter(element__name="lantern").exists()
    assert set(SceneElement.objects.values_list("status", flat=True)) == {ElementStatus.SUGGESTED}


# ---------------------------------------------------------------- shooting schedule: boards, strips, baseline

SCHEDULE_PEOPLE = ["anonymous", "outsider", "other_member", "cast", "editor", "producer", "studio_admin"]
# Cast sees the board; the 1st AD (editor) edits it (EDIT_SCHEDULE); producers also commit and activate it.
SCHEDULE_ALLOWED = {
    "view": {"cast", "editor", "producer", "studio_admin"},
    "edit": {"editor", "producer", "studio_admin"},
    "commit": {"producer", "studio_admin"},
}
SCHEDULE = f"/productions/{SLUG}/schedule"
SCHEDULE_ROUTES = [
    ("page", "get", f"{SCHEDULE}/", "view", None, 200),
    ("page", "get", f"{SCHEDULE}/{{board}}/", "view", None, 200),
    (
        "page",
        "post",
        f"{SCHEDULE}/",
        "edit",
        {
            "name": "Alt",
            "start_date": "2026-03-09",
            "unit": "main",
            "working_weekdays": ["0", "1"],
            "day_minutes": "600",
        },
        302,
    ),
    (
        "page",
        "post",
        f"{SCHEDULE}/{{board}}/move",
        "edit",
        {"strip": "{strip}", "day": "", "index": "0", "revision": "{revision}"},
        302,
    ),
    ("page", "post", f"{SCHEDULE}/{{board}}/days/add", "edit", {"revision": "{revision}"}, 302),
    ("page", "post", f"{SCHEDULE}/{{board}}/days/{{day}}/remove", "edit", {"revision": "{revision}"}, 302),
    (
        "page",
        "post",
        f"{SCHEDULE}/{{board}}/days/{{day}}/banner",
        "edit",
        {"text": "Move", "revision": "{revision}"},
        302,
    ),
    ("page", "post", f"{SCHEDULE}/{{board}}/status", "edit", {"status": "published"}, 302),
    ("page", "post", f"{SCHEDULE}/{{board}}/status", "commit", {"status": "active"}, 302),
    ("page", "post", f"{SCHEDULE}/{{board}}/baseline", "commit", {}, 302),
    ("page", "get", f"{SCHEDULE}/{{board}}/day-out-of-days/", "view", None, 200),
    ("page", "get", f"{SCHEDULE}/{{board}}/day-out-of-days.xlsx", "view", None, 200),
    ("page", "get", f"{SCHEDULE}/cast/", "view", None, 200),
    (
        "page",
        "post",
        f"{SCHEDULE}/cast/",
        "edit",
        {"action": "terms", "character": "{character}", "cast_number": "7"},
        302,
    ),
    ("page", "post", f"{SCHEDULE}/{{board}}/optimise", "edit", {"seconds": "5"}, 302),
    ("page", "get", f"{SCHEDULE}/{{board}}/proposals/{{proposal}}/", "view", None, 200),
    ("page", "post", f"{SCHEDULE}/{{board}}/proposals/{{proposal}}/decide", "edit", {"decision": "discard"}, 302),
]


@pytest.fixture
def schedule_people(people: dict[str, Any], make_user: Any, production: Any) -> dict[str, Any]:
    def join(username: str, role: str) -> Any:
        user = make_user(username)
        Membership.objects.create(production=production, user=user, role=role)
        return user

    return {
        **{who: people[who] for who in ("anonymous", "outsider", "other_member", "studio_admin")},
        "cast": join("cast-member", ProductionRole.CAST),
        "editor": join("first-ad", ProductionRole.FIRST_AD),
        "producer": join("the-producer", ProductionRole.PRODUCER),
    }


@pytest.fixture
def schedule_ids(production: Any, admin_user: Any) -> dict[str, Any]:
    import datetime as dt

    from setwise.breakdown import services as breakdown
    from setwise.scheduling import services

    script = "INT. HARBOUR OFFICE - NIGHT\n\nMINHO waits.\n\nMINHO\nHello.\n\nEXT. ROOFTOP - DAWN\n\nSEOYEON runs.\n"
    assert not breakdown.import_script(admin_user, production, script.encode(), "ep1.fountain").errors
    board = services.create_board(admin_user, production, name="Main", start_date=dt.date(2026, 3, 9))
    from setwise.breakdown.models import Character
    from setwise.scheduling.models import Proposal

    proposal = Proposal.objects.create(board=board, status="ready", base_revision=board.revision, data={"days": []})
    return {
        "proposal": proposal.pk,
        "character": Character.objects.filter(production=production).first().pk,
        "board": board.pk,
        "strip": board.strips.first().pk,
        "day": board.days.first().pk,
        "revision": board.revision,
    }


def _fill(body: Any, ids: dict[str, Any]) -> Any:
    if not isinstance(body, dict):
        return body
    return {k: (v.format(**ids) if isinstance(v, str) else v) for k, v in body.items()}


@pytest.mark.parametrize("who", SCHEDULE_PEOPLE)
@pytest.mark.parametrize(("kind", "method", "url", "needs", "body", "ok"), SCHEDULE_ROUTES)
def test_schedule_routes(schedule_people, schedule_ids, kind, method, url, needs, body, ok, who) -> None:
    url = url.format(**schedule_ids)
    body = _fill(body, schedule_ids)
    response = call(kind, method, url, schedule_people[who], body)
    if who == "anonymous":
        assert_anonymous_refused(kind, response, url)
    elif who in {"outsider", "other_member"}:
        assert response.status_code == 404, (who, url)
    elif who in SCHEDULE_ALLOWED[needs]:
        assert response.status_code == ok, (who, url, response.content[:300])
    else:
        assert response.status_code == 403, (who, url)


def test_schedule_writes_refused_change_nothing(schedule_people, schedule_ids) -> None:
    from setwise.scheduling.models import Board

    before = Board.objects.get(pk=schedule_ids["board"])
    for who in ("cast", "outsider", "other_member"):
        for kind, method, url, _needs, body, _ok in SCHEDULE_ROUTES:
            if method == "post":
                call(kind, method, url.format(**schedule_ids), schedule_people[who], _fill(body, schedule_ids))
    after = Board.objects.get(pk=schedule_ids["board"])
    from setwise.scheduling.models import CastTerms, Proposal

    assert (after.revision, after.status, after.baseline_id) == (before.revision, before.status, None)
    assert Board.objects.count() == 1
    assert Proposal.objects.count() == 1 and Proposal.objects.get().status == "ready"
    assert not CastTerms.objects.exists()


# ---------------------------------------------------------------- call sheets: pages, writes and the production feed

CALLSHEET_PEOPLE = ["anonymous", "outsider", "other_member", "cast", "crew", "editor", "producer", "studio_admin"]
# Every member reads call sheets (VIEW_PRODUCTION); the assistant directors and producers generate, edit and issue
# them (EDIT_SCHEDULE); outsiders and members of other productions get 404 for reads and writes alike.
CALLSHEET_ALLOWED = {
    "view": {"cast", "crew", "editor", "producer", "studio_admin"},
    "edit": {"editor", "producer", "studio_admin"},
}
SHEETS = f"/productions/{SLUG}/callsheets"
CALLSHEET_ROUTES = [
    ("page", "get", f"{SHEETS}/", "view", None, 200),
    ("page", "get", f"{SHEETS}/{{sheet}}/", "view", None, 200),
    ("page", "get", f"{SHEETS}/{{sheet}}.pdf", "view", None, 200),
    ("page", "get", f"{SHEETS}/lead-times/", "view", None, 200),
    ("page", "get", f"{SHEETS}/{{sheet}}/tracking", "edit", None, 200),
    ("page", "post", f"{SHEETS}/", "edit", {"unit": "main", "day": "1"}, 302),
    (
        "page",
        "post",
        f"{SHEETS}/{{sheet}}/edit",
        "edit",
        {"crew_call": "06:00", "shooting_call": "07:00", "meal_minutes": "60", "weather": "", "notes": ""},
        302,
    ),
    ("page", "post", f"{SHEETS}/{{sheet}}/people/{{person}}/call", "edit", {"call": "05:00"}, 302),
    ("page", "post", f"{SHEETS}/{{sheet}}/people/{{person}}/resend", "edit", {}, 302),
    ("page", "post", f"{SHEETS}/{{sheet}}/issue", "edit", {}, 302),
    ("page", "post", f"{SHEETS}/{{sheet}}/regenerate", "edit", {}, 302),
    ("page", "post", f"{SHEETS}/lead-times/", "edit", {"department": "Make-up", "minutes": "80", "default": "30"}, 302),
]


@pytest.fixture
def callsheet_people(people: dict[str, Any], make_user: Any, production: Any) -> dict[str, Any]:
    def join(username: str, role: str) -> Any:
        user = make_user(username)
        Membership.objects.create(production=production, user=user, role=role, department="Camera")
        return user

    return {
        **{who: people[who] for who in ("anonymous", "outsider", "other_member", "studio_admin")},
        "crew": people["member"],
        "cast": join("cast-member", ProductionRole.CAST),
        "editor": join("first-ad", ProductionRole.FIRST_AD),
        "producer": join("the-producer", ProductionRole.PRODUCER),
    }


@pytest.fixture
def callsheet_ids(callsheet_people: dict[str, Any], production: Any, admin_user: Any) -> dict[str, Any]:
    import datetime as dt

    from setwise.breakdown import services as breakdown
    from setwise.callsheets import services as callsheets
    from setwise.scheduling import services

    script = "INT. HARBOUR OFFICE - NIGHT\n\nMINHO waits.\n\nEXT. ROOFTOP - DAWN\n\nSEOYEON runs.\n"
    assert not breakdown.import_script(admin_user, production, script.encode(), "ep1.fountain").errors
    board = services.create_board(admin_user, production, name="Main", start_date=dt.date(2026, 3, 9))
    services.set_status(admin_user, board, "active")
    sheet = callsheets.generate_call_sheet(admin_user, production, 1)
    return {"sheet": sheet.pk, "person": sheet.people.exclude(email="").first().pk}


@pytest.mark.parametrize("who", CALLSHEET_PEOPLE)
@pytest.mark.parametrize(("kind", "method", "url", "needs", "body", "ok"), CALLSHEET_ROUTES)
def test_callsheet_routes(callsheet_people, callsheet_ids, kind, method, url, needs, body, ok, who) -> None:
    url = url.format(**callsheet_ids)
    response = call(kind, method, url, callsheet_people[who], body)
    if who == "anonymous":
        assert_anonymous_refused(kind, response, url)
    elif who in {"outsider", "other_member"}:
        assert response.status_code == 404, (who, url)
        missing = call(kind, method, url.replace(SLUG, "no-such-production"), callsheet_people[who], body)
        assert missing.status_code == 404
    elif who in CALLSHEET_ALLOWED[needs]:
        assert response.status_code == ok, (who, url, response.content[:300])
    else:
        assert response.status_code == 403, (who, url)


def test_callsheet_writes_refused_change_nothing(callsheet_people, callsheet_ids) -> None:
    from setwise.callsheets.models import CallSheet, LeadTime, Recipient

    before = list(Recipient.objects.values_list("pk", "call_time", "token_hash"))
    for who in ("anonymous", "cast", "crew", "outsider", "other_member"):
        for kind, method, url, _needs, body, _ok in CALLSHEET_ROUTES:
            if method == "post":
                call(kind, method, url.format(**callsheet_ids), callsheet_people[who], body)
    sheet = CallSheet.objects.get()
    assert (sheet.status, sheet.revision, sheet.weather) == ("draft", 1, "")
    assert list(Recipient.objects.values_list("pk", "call_time", "token_hash")) == before
    assert not LeadTime.objects.exists()


@pytest.mark.parametrize("who", [w for w in CALLSHEET_PEOPLE if w != "anonymous"])
def test_callsheet_production_feed_is_for_members_only(callsheet_people, callsheet_ids, who) -> None:
    from setwise.callsheets import services as callsheets

    token = callsheets.rotate_feed(callsheet_people[who]).token
    response = Client().get(f"{SHEETS}/calendar.ics", {"token": token})
    assert response.status_code == (200 if who in CALLSHEET_ALLOWED["view"] else 404), who
    missing = Client().get("/productions/no-such-production/callsheets/calendar.ics", {"token": token})
    assert missing.status_code == 404


# ---------------------------------------------------------------- budgets: producers and line producers only

BUDGET = f"/productions/{SLUG}/budget"
BUDGET_ROUTES = [
    ("get", f"{BUDGET}/", "view", None, 200),
    ("get", f"{BUDGET}/accounts/2500/", "view", None, 200),
    ("get", f"{BUDGET}/top-sheet.xlsx", "view", None, 200),
    ("post", f"{BUDGET}/", "edit", {"action": "create", "name": "Second"}, 302),
    ("post", f"{BUDGET}/accounts/2500/", "edit", {"action": "etc", "estimate_to_complete": "5"}, 302),
]


@pytest.fixture
def budget_people(schedule_people: dict[str, Any], make_user: Any, production: Any) -> dict[str, Any]:
    from setwise.budgets import services

    line_producer = make_user("line-producer")
    Membership.objects.create(production=production, user=line_producer, role=ProductionRole.LINE_PRODUCER)
    services.create_budget(line_producer, production, "First")
    return {**schedule_people, "line_producer": line_producer}


@pytest.mark.parametrize("who", [*SCHEDULE_PEOPLE, "line_producer"])
@pytest.mark.parametrize(("method", "url", "needs", "body", "ok"), BUDGET_ROUTES)
def test_budget_routes(budget_people, method, url, needs, body, ok, who) -> None:
    response = call("page", method, url, budget_people[who], body)
    if who == "anonymous":
        assert_anonymous_refused("page", response, url)
    elif who in {"outsider", "other_member"}:
        assert response.status_code == 404, (who, url)
    elif who in {"producer", "line_producer", "studio_admin"}:
        assert response.status_code == ok, (who, url, response.content[:300])
    else:  # cast and the 1st AD are on the production but see no money
        assert response.status_code == 403, (who, url)


# ---------------------------------------------------------------- post-production: every member reads, post edits

POST_PEOPLE = ["anonymous", "outsider", "other_member", "cast", "editor", "supervisor", "producer", "studio_admin"]
# Every member reads the post pages and QC reports; the post supervisor, producers and line producers edit post
# (EDIT_POST; the 1st AD, who edits the breakdown and the board, does not); writing the VFX bids into the budget
# needs EDIT_BUDGET as well (producers).
POST_ALLOWED = {
    "view": {"cast", "editor", "supervisor", "producer", "studio_admin"},
    "edit": {"supervisor", "producer", "studio_admin"},
    "budget": {"producer", "studio_admin"},
}
POST = f"/productions/{SLUG}/post"
_SRT = b"1\n00:00:01,000 --> 00:00:03,000\nThe harbour lights are on.\n"
_EDL = b"TITLE: ep1\n001  AX V C 00:00:00:00 00:00:05:00 01:00:00:00 01:00:05:00\n* FROM CLIP NAME: EP01_1_010\n"
_TRACK = {
    "dub": "on",
    "subtitles": "on",
    "translation_status": "in_progress",
    "recording_status": "not_started",
    "mix_status": "not_started",
    "subtitle_status": "in_progress",
}
POST_ROUTES = [
    ("page", "get", f"{POST}/", "view", None, 200),
    ("page", "get", f"{POST}/deliverables/", "view", None, 200),
    ("page", "get", f"{POST}/deliverables/{{deliverable}}/", "view", None, 200),
    ("page", "get", f"{POST}/qc/{{run}}/", "view", None, 200),
    ("page", "get", f"{POST}/qc/{{run}}.csv", "view", None, 200),
    ("page", "get", f"{POST}/vfx/", "view", None, 200),
    ("page", "get", f"{POST}/vfx/{{shot}}/", "view", None, 200),
    ("page", "get", f"{POST}/cuts/", "view", None, 200),
    ("page", "get", f"{POST}/localisation/", "view", None, 200),
    ("page", "get", f"{POST}/localisation/{{track}}/", "view", None, 200),
    (
        "page",
        "post",
        f"{POST}/plan/",
        "edit",
        {"template": "series", "territory": "KR", "programme_type": "adult"},
        302,
    ),
    ("page", "post", f"{POST}/plan/timeline/", "edit", "durations", 302),
    ("page", "post", f"{POST}/partners/", "edit", {"role": "vfx", "partner": "{vendor}"}, 302),
    ("page", "post", f"{POST}/partners/{{engagement}}/remove/", "edit", {}, 302),
    (
        "page",
        "post",
        f"{POST}/deliverables/new/",
        "edit",
        {"category": "documents", "name": "EPK", "milestone": "qc"},
        302,
    ),
    ("page", "post", f"{POST}/deliverables/{{deliverable}}/", "edit", {"status": "in_progress", "notes": "x"}, 302),
    ("page", "post", f"{POST}/deliverables/{{deliverable}}/qc/", "edit", "srt", 302),
    ("page", "post", f"{POST}/vfx/sync/", "edit", {}, 302),
    ("page", "post", f"{POST}/vfx/new/", "edit", {"code": "EP01_99_010", "episode": "1"}, 302),
    ("page", "post", f"{POST}/vfx/{{shot}}/", "edit", {"status": "bidding", "bid": "100", "currency": "KRW"}, 302),
    ("page", "post", f"{POST}/vfx/{{shot}}/notes/", "edit", {"version": "1", "note": "Too dark."}, 302),
    ("page", "post", f"{POST}/vfx/budget/", "budget", {}, 302),
    ("page", "post", f"{POST}/cuts/", "edit", "edl", 302),
    ("page", "post", f"{POST}/localisation/", "edit", {"language": "fr", "subtitles": "on"}, 302),
    ("page", "post", f"{POST}/localisation/{{track}}/", "edit", _TRACK, 302),
    (
        "page",
        "post",
        f"{POST}/localisation/{{track}}/voices/",
        "edit",
        {"character": "{character}", "voice_actor": "A"},
        302,
    ),
    ("api", "get", f"{API}/post/deliverables", "view", None, 200),
    ("api", "get", f"{API}/post/qc/{{run}}", "view", None, 200),
    ("api", "get", f"{API}/post/timeline", "view", None, 200),
]


@pytest.fixture
def post_people(schedule_people: dict[str, Any], make_user: Any, production: Any) -> dict[str, Any]:
    supervisor = make_user("post-supervisor")
    Membership.objects.create(production=production, user=supervisor, role=ProductionRole.POST_SUPERVISOR)
    return {**schedule_people, "supervisor": supervisor}


@pytest.fixture
def post_ids(production: Any, admin_user: Any, partner_manager: Any, settings: Any, tmp_path: Any) -> dict[str, Any]:
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile

    from setwise.breakdown import services as breakdown
    from setwise.breakdown.models import Character
    from setwise.budgets import services as budgets
    from setwise.post import services
    from setwise.post.models import Deliverable

    settings.MEDIA_ROOT = tmp_path / "media"  # the uploaded subtitle files
    production.launch_date = dt.date(2027, 6, 4)
    production.save()
    script = "INT. HARBOUR OFFICE - NIGHT\n\nMINHO waits.\n\nMINHO\nHello.\n"
    assert not breakdown.import_script(admin_user, production, script.encode(), "ep1.fountain").errors
    budgets.create_budget(admin_user, production, "First")
    services.create_plan(admin_user, production)
    subtitles = Deliverable.objects.filter(production=production, qc="timedtext").first()
    run = services.submit_qc(admin_user, subtitles, SimpleUploadedFile("ep1.srt", _SRT), start=False)
    services.execute_qc(run.pk)
    vendor = make_partner(partner_manager, "Tide VFX", "KR", ["vfx"])
    sound = make_partner(partner_manager, "Atmos Stage", "KR", ["sound"])
    engagement = services.attach_partner(admin_user, production, sound, "sound")
    shot = services.add_vfx_shot(admin_user, production, code="EP01_1_010", episode=1)
    track = production.localisation_tracks.order_by("language").first()
    return {
        "deliverable": subtitles.pk,
        "run": run.pk,
        "shot": shot.pk,
        "track": track.pk,
        "vendor": vendor.pk,
        "engagement": engagement.pk,
        "character": Character.objects.filter(production=production).first().pk,
    }


def call_post(kind: str, method: str, url: str, user: Any, body: Any, ids: dict[str, Any]) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from setwise.post.timeline import DEFAULT_DURATIONS

    if body == "srt":
        body = {"file": SimpleUploadedFile("ep1_v2.srt", _SRT)}
    elif body == "edl":
        body = {"file": SimpleUploadedFile("ep1.edl", _EDL), "episode": "1"}
    elif body == "durations":
        body = {**DEFAULT_DURATIONS, "editorial": 60, "frame_rate": "24", "programme_type": "adult"}
    return call(kind, method, url.format(**ids), user, _fill(body, ids))


@pytest.mark.parametrize("who", POST_PEOPLE)
@pytest.mark.parametrize(("kind", "method", "url", "needs", "body", "ok"), POST_ROUTES)
def test_post_routes(post_people, post_ids, kind, method, url, needs, body, ok, who) -> None:
    response = call_post(kind, method, url, post_people[who], body, post_ids)
    url = url.format(**post_ids)
    if who == "anonymous":
        assert_anonymous_refused(kind, response, url)
    elif who in {"outsider", "other_member"}:
        # Forbidden looks exactly like missing, for reads and writes alike.
        assert response.status_code == 404, (who, url)
        missing = call_post(kind, method, url.replace(SLUG, "no-such-production"), post_people[who], body, post_ids)
        assert missing.status_code == 404
        if kind == "api":
            assert response.json() == missing.json()
    elif who in POST_ALLOWED[needs]:
        assert response.status_code == ok, (who, url, response.content[:300])
    else:
        assert response.status_code == 403, (who, url)


def test_post_writes_refused_change_nothing(post_people, post_ids, production) -> None:
    from setwise.budgets.models import BudgetLine
    from setwise.post.models import (
        Deliverable,
        EditorialCut,
        LocalisationTrack,
        PostPartner,
        PostPlan,
        QcRun,
        VfxNote,
        VfxShot,
        VoiceCast,
    )

    def state() -> tuple[Any, ...]:
        return (
            list(PostPlan.objects.values_list("durations", "frame_rate")),
            list(PostPartner.objects.values_list("pk", flat=True)),
            list(Deliverable.objects.order_by("pk").values_list("pk", "status", "notes")),
            QcRun.objects.count(),
            list(VfxShot.objects.values_list("code", "status", "bid")),
            VfxNote.objects.count(),
            EditorialCut.objects.count(),
            list(LocalisationTrack.objects.order_by("pk").values_list("language", "translation_status")),
            VoiceCast.objects.count(),
            BudgetLine.objects.count(),
        )

    before = state()
    for who in ("anonymous", "cast", "editor", "outsider", "other_member"):
        for kind, method, url, _needs, body, _ok in POST_ROUTES:
            if method == "post":
                call_post(kind, method, url, post_people[who], body, post_ids)
    assert state() == before


@pytest.mark.parametrize(
    ("who", "sees_bids"),
    [("cast", False), ("editor", False), ("supervisor", True), ("producer", True), ("executive", True)],
)
def test_vfx_bids_are_shown_to_post_editors_and_budget_readers(
    post_people, post_ids, make_user, who, sees_bids
) -> None:
    from decimal import Decimal

    from setwise.post import services
    from setwise.post.models import VfxShot

    shot = VfxShot.objects.get(pk=post_ids["shot"])
    supervisor = post_people["supervisor"]
    services.update_vfx_shot(
        supervisor, shot, vendor=None, bid=Decimal("4321987"), currency="KRW", status="awarded", description=""
    )
    user = make_user("studio-exec", StaffRole.EXECUTIVE) if who == "executive" else post_people[who]
    client = Client()
    client.force_login(user)
    for url in (f"{POST}/vfx/", f"{POST}/vfx/{shot.pk}/"):
        page = client.get(url).content.decode()
        assert ("4,321,987" in page) == sees_bids, (who, url)


# ---------------------------------------------------------------- intimacy and safeguarding: need to know, per role

# Stricter than the production permissions: a studio admin is on every production and sees none of it. Plans: the
# intimacy coordinator (edits), producers and line producers (read). A rider: its performer, the coordinator and
# producers; the performer alone signs or withdraws. Bookings: those three and the 1st AD (reads). Concerns: the
# production's safeguarding lead for the production's cases, the studio's lead (not on the production) for the
# studio's; a named reporter reads their own case. The board-safe status: everyone on the production.
INTIMACY_PEOPLE = [
    "anonymous",
    "outsider",
    "other_member",
    "studio_admin",
    "crew",
    "cast",
    "performer",
    "partner",
    "first_ad",
    "producer",
    "line_producer",
    "ic",
    "prod_lead",
    "studio_lead",
]
ON_PRODUCTION = INTIMACY_PEOPLE[3:13]
IN = f"/productions/{SLUG}/intimacy"
API_IN = f"/api/productions/{SLUG}/intimacy"
_PLANNERS = {"ic": 200, "producer": 200, "line_producer": 200}


def _codes(default: int, studio_lead: int = 404, **codes: int) -> dict[str, int]:
    """Status per person on the production (``default`` unless named) and for the studio's lead."""
    return {**dict.fromkeys(ON_PRODUCTION, default), **codes, "studio_lead": studio_lead}


PLAN_FORM = {
    "content_types": ["kissing"],
    "nudity_level": "implied",
    "description": "A long kiss; hands on the back only.",
    "agreed_with_director_on": "2026-02-20",
    "closed_set": ["{first_ad_membership}"],
}
INTIMACY_ROUTES = [
    ("page", "get", f"{IN}/", None, _codes(200)),
    ("page", "get", f"{IN}/status/", None, _codes(200)),
    ("page", "get", f"{IN}/scenes/", None, _codes(403, **_PLANNERS)),
    ("page", "get", f"{IN}/scenes/{{scene}}/", None, _codes(403, **_PLANNERS)),
    ("page", "get", f"{IN}/scenes/{{scene}}/edit/", None, _codes(403, ic=200)),
    ("page", "post", f"{IN}/scenes/{{scene}}/edit/", PLAN_FORM, _codes(403, ic=302)),
    ("page", "post", f"{IN}/scenes/{{scene}}/send/", {}, _codes(403, ic=302)),
    ("page", "get", f"{IN}/riders/", None, _codes(200)),
    ("page", "get", f"{IN}/riders/{{rider}}/", None, _codes(404, performer=200, **_PLANNERS)),
    (
        "page",
        "post",
        f"{IN}/riders/{{rider}}/sign/",
        {"typed_name": "Kim Minho", "document_sha256": "{digest}", "agree": "on"},
        _codes(404, performer=302, ic=403, producer=403, line_producer=403),
    ),
    (
        "page",
        "post",
        f"{IN}/riders/{{rider}}/withdraw/",
        {},
        _codes(404, performer=302, ic=403, producer=403, line_producer=403),
    ),
    ("page", "get", f"{IN}/bookings/", None, _codes(403, first_ad=200, **_PLANNERS)),
    (
        "page",
        "post",
        f"{IN}/bookings/",
        {"coordinator": "{ic_membership}", "date": "2026-03-11"},
        _codes(403, ic=302, producer=302, line_producer=302),
    ),
    ("page", "get", f"{IN}/concerns/", None, _codes(403, prod_lead=200, studio_lead=200)),
    ("page", "get", f"{IN}/concerns/new/", None, _codes(200)),
    ("page", "post", f"{IN}/concerns/new/", {"kind": "safety", "description": "A loose cable"}, _codes(201)),
    ("page", "get", f"{IN}/concerns/{{case}}/", None, _codes(404, prod_lead=200, crew=200)),
    ("page", "get", f"{IN}/concerns/{{studio_case}}/", None, _codes(404, studio_lead=200)),
    ("page", "get", f"{IN}/audit/", None, _codes(403, prod_lead=200, studio_lead=200)),
    ("api", "get", f"{API_IN}/blocked", None, _codes(200)),
    ("api", "get", f"{API_IN}/riders", None, _codes(200)),
    (
        "api",
        "post",
        f"{API_IN}/riders/{{rider}}/withdraw",
        None,
        _codes(404, performer=200, ic=403, producer=403, line_producer=403),
    ),
]


@pytest.fixture
def intimacy_people(people: dict[str, Any], production: Any) -> dict[str, Any]:
    from tests.intimacy.factories import build_world

    world = build_world(production)
    return {
        **{who: people[who] for who in ("anonymous", "outsider", "other_member", "studio_admin")},
        **{who: world[who] for who in INTIMACY_PEOPLE[4:]},
        "_world": world,
    }


@pytest.fixture
def intimacy_ids(intimacy_people: dict[str, Any]) -> dict[str, Any]:
    """A planned scene with riders sent (not signed yet) and two cases: one the crew member raised with their name
    (the production's lead's), one about the production's lead (the studio's)."""
    from setwise.intimacy import documents, services
    from tests.intimacy.factories import plan_scene, rider_of

    world = intimacy_people["_world"]
    plan = plan_scene(world)
    services.send_riders(world["ic"], plan, "")
    rider = rider_of(world, "performer")
    case = services.raise_concern(world["crew"], world.production, "conduct", "Shouting", anonymous=False)
    studio = services.raise_concern(world["cast"], world.production, "conduct", "x", anonymous=True, lead_involved=True)
    return {
        "scene": world.intimate.pk,
        "rider": rider.pk,
        "digest": documents.sha256(rider.document_text),
        "case": case.concern.reference,
        "studio_case": studio.concern.reference,
        "first_ad_membership": world.members["first_ad"].pk,
        "ic_membership": world.members["ic"].pk,
    }


def _fill(value: Any, ids: dict[str, Any]) -> Any:
    if isinstance(value, str):
        return value.format(**ids)
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value


@pytest.mark.parametrize(("kind", "method", "url", "body", "codes"), INTIMACY_ROUTES)
def test_intimacy_routes(intimacy_people, intimacy_ids, kind, method, url, body, codes) -> None:
    """Every person against every sensitive page and endpoint. Each request runs in a transaction rolled back
    afterwards, so a write by one person does not change what the next one meets."""
    from django.db import transaction

    url, body = _fill(url, intimacy_ids), _fill(body, intimacy_ids)
    wrong = []
    for who in INTIMACY_PEOPLE:
        with transaction.atomic():
            response = call(kind, method, url, intimacy_people[who], body)
            transaction.set_rollback(True)
        if who == "anonymous":
            assert_anonymous_refused(kind, response, url)
            continue
        expected = 404 if who in {"outsider", "other_member"} else codes[who]
        if response.status_code != expected:
            wrong.append((who, response.status_code, expected))
    assert wrong == [], (method, url, wrong)


@pytest.mark.parametrize("who", [w for w in INTIMACY_PEOPLE if w != "anonymous"])
def test_the_studio_safeguarding_page_is_for_the_studio_lead(intimacy_people, who) -> None:
    response = call("page", "get", "/safeguarding/", intimacy_people[who])
    assert response.status_code == (200 if who == "studio_lead" else 403), who


def test_intimacy_writes_refused_change_nothing(intimacy_people, intimacy_ids) -> None:
    from setwise.intimacy.models import Concern, ICBooking, IntimacyPlan, Rider, RiderSignature

    def state() -> Any:
        return (
            list(IntimacyPlan.objects.values_list("description", "updated_at")),
            list(Rider.objects.values_list("status", "version")),
            RiderSignature.objects.count(),
            ICBooking.objects.count(),
            Concern.objects.count(),
        )

    before = state()
    for kind, method, url, body, codes in INTIMACY_ROUTES:
        if method != "post" or "concerns/new" in url:
            continue
        for who in INTIMACY_PEOPLE:
            if who == "anonymous" or codes.get(who, 404) in {403, 404}:
                call(kind, method, _fill(url, intimacy_ids), intimacy_people[who], _fill(body, intimacy_ids))
    assert state() == before


# ---------------------------------------------------------------- daily reports, plan versus actual, health

REPORT_PEOPLE = [*SCHEDULE_PEOPLE, "line_producer"]
# Everyone on the production sees plan versus actual and health; the assistant directors (editor) and producers
# read and write DPRs (EDIT_SCHEDULE); producers and line producers approve them and keep birth dates.
REPORT_ALLOWED = {
    "view": {"cast", "editor", "producer", "line_producer", "studio_admin"},
    "edit": {"editor", "producer", "line_producer", "studio_admin"},
    "commit": {"producer", "line_producer", "studio_admin"},
}
REPORTS = f"/productions/{SLUG}/reports"
DRAFT = f"{REPORTS}/{{draft}}"
REPORT_ROUTES = [
    ("page", "get", f"{REPORTS}/", "edit", None, 200),
    ("page", "post", f"{REPORTS}/start", "edit", {"day": "{day3}"}, 302),
    ("page", "get", f"{DRAFT}/", "edit", None, 200),
    ("page", "post", f"{DRAFT}/day", "edit", {"weather": "Rain", "weather_delay_minutes": "30"}, 302),
    ("page", "post", f"{DRAFT}/people/add", "edit", {"kind": "crew", "name": "Driver", "department": "Transport"}, 302),
    ("page", "post", f"{DRAFT}/people/previous", "edit", {}, 302),
    ("page", "post", f"{DRAFT}/people/confirm", "edit", {}, 302),
    ("page", "post", f"{DRAFT}/people/{{person}}/times", "edit", {"call": "07:00", "wrap": "18:00"}, 302),
    ("page", "post", f"{DRAFT}/people/{{person}}/new-link", "edit", {}, 302),
    ("page", "post", f"{DRAFT}/people/{{person}}/remove", "edit", {}, 302),
    ("page", "post", f"{DRAFT}/scenes/{{row}}", "edit", {"s{row}-result": "completed"}, 302),
    ("page", "post", f"{DRAFT}/scenes/add", "edit", {"scene": "{scene3}"}, 302),
    ("page", "post", f"{DRAFT}/scenes/{{row}}/remove", "edit", {}, 302),
    (
        "page",
        "post",
        f"{DRAFT}/incidents/add",
        "edit",
        {"kind": "near_miss", "description": "Cable across a door"},
        302,
    ),
    ("page", "post", f"{DRAFT}/incidents/{{incident}}/resolve", "edit", {"resolution": "Taped down"}, 302),
    ("page", "post", f"{DRAFT}/submit", "edit", {}, 302),
    ("page", "get", f"{DRAFT}/clock-links/", "edit", None, 200),
    ("page", "post", f"{REPORTS}/{{submitted}}/approve", "commit", {}, 302),
    ("page", "post", f"{REPORTS}/{{submitted}}/return", "commit", {"reason": "Wrap time"}, 302),
    ("page", "get", f"{REPORTS}/plan/", "view", None, 200),
    ("page", "post", f"{REPORTS}/plan/replan", "edit", {"board": "{board}", "seconds": "5"}, 302),
    ("page", "get", f"{REPORTS}/health/", "view", None, 200),
    ("page", "get", f"{REPORTS}/people/", "commit", None, 200),
    ("api", "get", f"/api/productions/{SLUG}/reports", "edit", None, 200),
    ("api", "post", f"/api/productions/{SLUG}/reports", "edit", {"day_id": "{day3}"}, 201),
    ("api", "get", f"/api/productions/{SLUG}/reports/{{draft}}", "edit", None, 200),
    ("api", "patch", f"/api/productions/{SLUG}/reports/{{draft}}", "edit", {"weather": "Clear"}, 200),
    ("api", "post", f"/api/productions/{SLUG}/reports/{{draft}}/people", "edit", {"kind": "crew", "name": "Grip"}, 201),
    (
        "api",
        "post",
        f"/api/productions/{SLUG}/reports/{{draft}}/incidents",
        "edit",
        {"kind": "incident", "description": "x"},
        201,
    ),
    ("api", "post", f"/api/productions/{SLUG}/reports/{{submitted}}/approve", "commit", {}, 200),
    ("api", "post", f"/api/productions/{SLUG}/reports/{{submitted}}/return", "commit", {}, 200),
    ("api", "get", f"/api/productions/{SLUG}/plan-vs-actual", "view", None, 200),
    ("api", "get", f"/api/productions/{SLUG}/health", "view", None, 200),
    ("api", "post", f"/api/productions/{SLUG}/replan", "edit", {"seconds": 5}, 202),
]


@pytest.fixture
def report_people(schedule_people: dict[str, Any], make_user: Any, production: Any) -> dict[str, Any]:
    line_producer = make_user("line-producer")
    Membership.objects.create(production=production, user=line_producer, role=ProductionRole.LINE_PRODUCER)
    return {**schedule_people, "line_producer": line_producer}


@pytest.fixture
def report_ids(production: Any, admin_user: Any) -> dict[str, Any]:
    """An active, committed board of three one-scene days: day 1 reported and submitted, day 2 a draft with a
    person, a scene and an open incident."""
    import datetime as dt

    from setwise.breakdown import services as breakdown
    from setwise.reports import services as reports
    from setwise.scheduling import services

    script = "INT. OFFICE - DAY\n\nA waits.\n\nEXT. PIER - NIGHT\n\nB runs.\n\nINT. CABIN - DAY\n\nC sits.\n"
    assert not breakdown.import_script(admin_user, production, script.encode(), "ep1.fountain").errors
    board = services.create_board(admin_user, production, name="Main", start_date=dt.date(2026, 3, 9), days=3)
    board.refresh_from_db()
    scenes = list(production.scenes.order_by("order").values_list("pk", flat=True))
    layout = {"days": [{"strips": [{"scene": s}]} for s in scenes]}
    board = services.apply_layout(admin_user, board, layout, board.revision)
    services.set_status(admin_user, board, "active")
    services.commit_baseline(admin_user, board)
    days = list(board.days.order_by("number"))
    seoul = dt.timezone(dt.timedelta(hours=9))
    submitted = reports.start_report(admin_user, days[0])
    call = dt.datetime(2026, 3, 9, 8, tzinfo=seoul)
    reports.update_report(admin_user, submitted, crew_call=call, wrap=call + dt.timedelta(hours=9))
    for row in submitted.scenes.all():
        reports.set_scene_result(admin_user, row, result="completed")
    reports.submit_report(admin_user, submitted)
    draft = reports.start_report(admin_user, days[1])
    person = reports.add_person(admin_user, draft, kind="crew", name="Best Boy", department="Electrical")
    incident = reports.add_incident(admin_user, draft, kind="incident", description="Generator stalled")
    return {
        "board": board.pk,
        "submitted": submitted.pk,
        "draft": draft.pk,
        "person": person.pk,
        "row": draft.scenes.get().pk,
        "incident": incident.pk,
        "day3": days[2].pk,
        "scene3": scenes[2],
    }


@pytest.mark.parametrize("who", REPORT_PEOPLE)
@pytest.mark.parametrize(("kind", "method", "url", "needs", "body", "ok"), REPORT_ROUTES)
def test_report_routes(report_people, report_ids, kind, method, url, needs, body, ok, who) -> None:
    url = url.format(**report_ids)
    body = {k.format(**report_ids): v for k, v in (_fill(body, report_ids) or {}).items()} if body else body
    if kind == "api" and isinstance(body, dict):
        body = {k: int(v) if isinstance(v, str) and v.isdigit() and k.endswith("_id") else v for k, v in body.items()}
    response = call(kind, method, url, report_people[who], body)
    if who == "anonymous":
        assert_anonymous_refused(kind, response, url)
    elif who in {"outsider", "other_member"}:
        assert response.status_code == 404, (who, url)
    elif who in REPORT_ALLOWED[needs]:
        assert response.status_code == ok, (who, url, response.content[:300])
    else:
        assert response.status_code == 403, (who, url)


def test_report_writes_refused_change_nothing(report_people, report_ids) -> None:
    from setwise.reports.models import DailyReport, ReportIncident, ReportTime

    before = (
        list(DailyReport.objects.order_by("pk").values_list("pk", "status", "weather")),
        list(ReportTime.objects.order_by("pk").values_list("pk", "call", "wrap", "clock_nonce")),
        list(ReportIncident.objects.order_by("pk").values_list("pk", "resolved_at")),
    )
    for who in ("anonymous", "cast", "outsider", "other_member"):
        for kind, method, url, _needs, body, _ok in REPORT_ROUTES:
            if method != "get":
                filled = {k.format(**report_ids): v for k, v in (_fill(body, report_ids) or {}).items()}
                call(kind, method, url.format(**report_ids), report_people[who], filled)
    after = (
        list(DailyReport.objects.order_by("pk").values_list("pk", "status", "weather")),
        list(ReportTime.objects.order_by("pk").values_list("pk", "call", "wrap", "clock_nonce")),
        list(ReportIncident.objects.order_by("pk").values_list("pk", "resolved_at")),
    )
    assert after == before
    from setwise.scheduling.models import Proposal

    assert not Proposal.objects.exists()


def test_the_regional_page_is_for_signed_in_people(report_people, report_ids) -> None:
    for who in ("outsider", "cast", "studio_admin"):
        assert call("page", "get", "/reports/", report_people[who]).status_code == 200
    assert_anonymous_refused("page", call("page", "get", "/reports/", None), "/reports/")
