"""The site's URLs, plus the intimacy API router and the studio safeguarding pages when the site does not mount
them yet (so their tests run either way, at the paths the site will serve them on)."""

from __future__ import annotations

from django.urls import Resolver404, include, path, resolve
from ninja import NinjaAPI

from setwise.config import api as site_api
from setwise.config.urls import urlpatterns as site_patterns
from setwise.intimacy.api import router

urlpatterns: list = []

if not any(mounted is router for _prefix, mounted in site_api.api._routers):
    tests_api = NinjaAPI(title="intimacy", auth=site_api.api.auth, urls_namespace="intimacy-api-tests")
    tests_api._exception_handlers = dict(site_api.api._exception_handlers)  # the site's problem documents
    tests_api.add_router("/productions", router)
    urlpatterns.append(path("api/", tests_api.urls))

try:
    resolve("/safeguarding/")
except Resolver404:
    urlpatterns.append(path("safeguarding/", include("setwise.intimacy.studio_urls")))

urlpatterns += site_patterns
