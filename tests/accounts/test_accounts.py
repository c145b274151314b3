"""Login, logout, password reset by e-mail, language switch, profile and API tokens."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from setwise.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def test_pages_need_login(client) -> None:
    response = client.get(reverse("partners:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_login_and_logout(client, make_user) -> None:
    make_user("minji")
    bad = client.post(reverse("accounts:login"), {"username": "minji", "password": "wrong"})
    assert bad.status_code == 200 and "didn't match" in bad.content.decode()
    ok = client.post(reverse("accounts:login"), {"username": "minji", "password": "pw-for-tests"})
    assert ok.status_code == 302 and ok["Location"] == reverse("core:home")
    assert client.get(reverse("core:home")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("core:home")).status_code == 302


def test_password_reset_by_email(client, make_user) -> None:
    make_user("haruto")
    response = client.post(reverse("accounts:password_reset"), {"email": "haruto@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^\s]+/accounts/reset/[^\s]+/", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    path = link.group(0).split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.context["validlink"] is True
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "a-new-Secret-77", "new_password2": "a-new-Secret-77"}
    )
    assert done.status_code == 302
    assert client.login(username="haruto", password="a-new-Secret-77")


def test_unknown_email_sends_nothing_and_says_the_same(client) -> None:
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_language_switch_sets_cookie_and_profile(client, make_user) -> None:
    user = make_user("somchai")
    client.force_login(user)
    response = client.post(reverse("set_language"), {"language": "ja", "next": "/partners/"})
    assert response.status_code == 302 and response["Location"] == "/partners/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ja"
    user.refresh_from_db()
    assert user.language == "ja"
    page = client.get(reverse("core:home"))
    assert '<html lang="ja">' in page.content.decode()
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    user.refresh_from_db()
    assert user.language == "ja"  # unknown languages are ignored


def test_profile_update_and_bad_time_zone(client, make_user) -> None:
    user = make_user("dewi")
    client.force_login(user)
    ok = client.post(
        reverse("accounts:profile"),
        {"display_name": "Dewi", "email": "dewi@example.org", "language": "en", "time_zone": "Asia/Jakarta"},
    )
    assert ok.status_code == 302
    user.refresh_from_db()
    assert user.time_zone == "Asia/Jakarta" and user.display_name == "Dewi"
    bad = client.post(
        reverse("accounts:profile"), {"email": "dewi@example.org", "language": "en", "time_zone": "Mars/Base"}
    )
    assert bad.status_code == 200 and "time_zone" in bad.context["form"].errors
    user.refresh_from_db()
    assert user.time_zone == "Asia/Jakarta"


def test_tokens_created_once_and_revoked(client, make_user) -> None:
    user = make_user("token-owner")
    client.force_login(user)
    response = client.post(reverse("accounts:create_token"), {"name": "laptop"}, follow=True)
    shown = [str(m) for m in response.context["messages"]]
    raw = re.search(r"sw_[\w-]+", shown[0]).group(0)
    assert ApiToken.authenticate(raw) == user
    token = ApiToken.objects.get(user=user)
    assert raw not in (token.key_hash, token.hint)  # only the hash is stored
    client.post(reverse("accounts:revoke_token", args=[token.pk]))
    assert ApiToken.authenticate(raw) is None
    other = make_user("someone-else")
    _t, other_raw = ApiToken.issue(other, "theirs")
    assert client.post(reverse("accounts:revoke_token", args=[_t.pk])).status_code == 404
    assert ApiToken.authenticate(other_raw) == other


def test_counts_over_visible_productions_are_whole(client, production, crew_member, producer, make_user) -> None:
    from setwise.productions.models import Membership

    Membership.objects.create(production=production, user=crew_member, role="cast")  # two roles for one person
    client.force_login(crew_member)
    rows = client.get(reverse("productions:list")).context["page"].object_list
    assert [(p.slug, p.member_count) for p in rows] == [("moonlit-harbour", 3)]  # everyone's roles, not the viewer's
    by_stage = list(client.get(reverse("core:home")).context["by_stage"])
    assert by_stage == [{"stage": "pre_production", "n": 1}]


def test_login_switches_to_the_profile_language(client, make_user) -> None:
    make_user("jiwoo", language="ko")
    response = client.post(reverse("accounts:login"), {"username": "jiwoo", "password": "pw-for-tests"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ko"
    assert '<html lang="ko">' in client.get(reverse("core:home")).content.decode()


def test_people_search_scope(client, producer, production, make_user, admin_user) -> None:
    make_user("loner-lee", display_name="Lee Loner")  # on no production
    client.force_login(producer)
    people = client.get(reverse("core:search"), {"q": "lee"}).context["results"]["people"]
    assert people == []  # not someone the producer works with
    client.force_login(admin_user)
    people = client.get(reverse("core:search"), {"q": "lee"}).context["results"]["people"]
    assert [p.username for p in people] == ["loner-lee"]
    client.force_login(make_user("outsider-2"))
    people = client.get(reverse("core:search"), {"q": "producer"}).context["results"]["people"]
    assert people == []
    client.force_login(producer)
    people = client.get(reverse("core:search"), {"q": "producer"}).context["results"]["people"]
    assert [p.username for p in people] == ["producer"]


def test_profile_links_to_the_personal_calendar(client, make_user) -> None:
    client.force_login(make_user("ayu"))
    page = client.get(reverse("accounts:profile")).content.decode()
    assert f'href="{reverse("callsheets:my_calendar")}"' in page
