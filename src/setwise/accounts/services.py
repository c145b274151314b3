"""Write operations on accounts: profiles, languages, API tokens, memberships are in productions.services."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from setwise.accounts.models import ApiToken, User


def set_user_language(user: User, language: str) -> None:
    if language in dict(settings.LANGUAGES) and user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def update_profile(user: User, data: dict[str, Any]) -> User:
    for field in ("display_name", "first_name", "last_name", "email", "language", "time_zone"):
        if field in data:
            setattr(user, field, data[field])
    user.save()
    return user


@transaction.atomic
def issue_api_token(user: User, name: str) -> tuple[ApiToken, str]:
    return ApiToken.issue(user, name.strip()[:100])


def revoke_api_token(user: User, token_id: int) -> None:
    updated = ApiToken.objects.filter(user=user, pk=token_id, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if not updated:
        raise Http404("No such token")
