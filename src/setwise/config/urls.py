from django.contrib import admin
from django.urls import include, path

from setwise.accounts.views import set_language
from setwise.config.api import api

urlpatterns = [
    path("", include("setwise.core.urls")),
    path("accounts/", include("setwise.accounts.urls")),
    path("productions/", include("setwise.productions.urls")),
    path("productions/<slug:slug>/script/", include("setwise.breakdown.urls")),
    path("productions/<slug:slug>/schedule/", include("setwise.scheduling.urls")),
    path("", include("setwise.callsheets.urls")),  # productions/<slug>/callsheets/, call/, calendar/
    path("productions/<slug:slug>/reports/", include("setwise.reports.urls")),
    path("reports/", include("setwise.reports.urls_regional")),  # health of every production one may see
    path("productions/<slug:slug>/budget/", include("setwise.budgets.urls")),
    path("productions/<slug:slug>/intimacy/", include("setwise.intimacy.urls")),
    path("safeguarding/", include("setwise.intimacy.studio_urls")),  # the studio's safeguarding leads
    path("productions/<slug:slug>/post/", include("setwise.post.urls")),
    path("partners/", include("setwise.partners.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
