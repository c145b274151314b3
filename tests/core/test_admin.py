"""The Django admin is for studio administrators to look things up; everyone else is kept out."""

import pytest

pytestmark = pytest.mark.django_db


def test_admin_pages_open_for_superusers_only(client, make_user, partner_manager) -> None:
    from tests.partners.factories import make_partner

    partner = make_partner(partner_manager, "Admin Lookup Films")
    root = make_user("root", is_staff=True, is_superuser=True)
    client.force_login(root)
    for url in [
        "/admin/",
        "/admin/partners/partner/",
        f"/admin/partners/partner/{partner.pk}/change/",
        f"/admin/partners/partner/{partner.pk}/history/",
        "/admin/accounts/user/",
        "/admin/core/job/",
        "/admin/productions/production/",
    ]:
        assert client.get(url).status_code == 200, url
    client.force_login(partner_manager)
    assert client.get("/admin/partners/partner/").status_code == 302  # not staff: sent to the admin login
