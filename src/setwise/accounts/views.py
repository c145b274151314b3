from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from setwise.accounts import services
from setwise.accounts.forms import ApiTokenForm, ProfileForm
from setwise.core.http import AuthedRequest


class LoginView(auth_views.LoginView):
    """Django's login, then the UI in the language saved on the person's profile."""

    template_name = "accounts/login.html"

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        language = form.get_user().language
        if language in dict(settings.LANGUAGES):
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
            )
        return response


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, remembered on the signed-in user's profile too."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.method == "POST" and request.user.is_authenticated:
        services.set_user_language(request.user, language)
    return response


@login_required
def profile(request: AuthedRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.update_profile(request.user, form.cleaned_data)
        messages.success(request, _("Your profile was saved."))
        return redirect("accounts:profile")
    context = {
        "form": form,
        "token_form": ApiTokenForm(),
        "tokens": request.user.api_tokens.filter(revoked_at__isnull=True).order_by("-created_at"),
        "memberships": request.user.memberships.select_related("production").order_by("production__title"),
        "breadcrumbs": [{"label": _("Profile")}],
    }
    return render(request, "accounts/profile.html", context)


@login_required
@require_POST
def create_token(request: AuthedRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the token a name."))
        return redirect("accounts:profile")
    _token, raw = services.issue_api_token(request.user, form.cleaned_data["name"])
    messages.success(request, _("Your new API token (shown only once): %(token)s") % {"token": raw})
    return redirect("accounts:profile")


@login_required
@require_POST
def revoke_token(request: AuthedRequest, token_id: int) -> HttpResponse:
    services.revoke_api_token(request.user, token_id)
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:profile")
