"""The JSON API (django-ninja): OpenAPI at /api/openapi.json, docs at /api/docs.

Authentication: a personal token (``Authorization: Bearer sw_...``) or the browser session (with CSRF).
Errors are RFC 7807 problem documents. Every router uses ``setwise.accounts.permissions``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyCookie, HttpBearer

from setwise.accounts.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = ApiToken.authenticate(token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The browser session, CSRF-checked like any other form post."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        return None


api = NinjaAPI(
    title="Setwise API",
    version="1.0.0",
    description="Productions, the partner network and background jobs. Same permissions as the web pages.",
    auth=[TokenAuth(), SessionAuth(csrf=True)],
    urls_namespace="api-1.0.0",
)


def problem(request: HttpRequest, status: int, title: str, detail: str = "", **extra: Any) -> HttpResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    response = api.create_response(request, body, status=status)
    response["Content-Type"] = "application/problem+json"
    return response


@api.exception_handler(Http404)
def on_404(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(request, 404, "Not found", "No such resource, or you may not see it.")


@api.exception_handler(PermissionDenied)
def on_403(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(request, 403, "Forbidden", str(exc) or "You may not do this.")


@api.exception_handler(AuthenticationError)
def on_401(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(request, 401, "Unauthorized", "Send a personal token: Authorization: Bearer sw_…")


@api.exception_handler(NinjaValidationError)
def on_invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return problem(request, 422, "Invalid request", "The request did not validate.", errors=exc.errors)


@api.exception_handler(ValidationError)
def on_model_invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return problem(request, 422, "Invalid request", "; ".join(exc.messages))


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem(request, exc.status_code, str(exc) or "Error", str(exc))


def _register_routers() -> None:
    from setwise.breakdown.api import router as breakdown_router
    from setwise.core.api import router as jobs_router
    from setwise.intimacy.api import router as intimacy_router
    from setwise.partners.api import router as partners_router
    from setwise.productions.api import router as productions_router
    from setwise.reports.api import router as reports_router

    api.add_router("/productions", productions_router)
    api.add_router("/productions", breakdown_router)
    api.add_router("/productions", "setwise.post.api.router")
    api.add_router("/partners", partners_router)
    api.add_router("/jobs", jobs_router)
    api.add_router("/productions", reports_router)
    api.add_router("/productions", intimacy_router)


_register_routers()
