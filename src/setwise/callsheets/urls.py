"""Call sheet routes: production pages under ``productions/<slug>/callsheets/``, personal links under ``call/``
(no sign-in: the link is the key) and calendar feeds under ``calendar/``. Included once, at the site root."""

from django.urls import path

from setwise.callsheets import views

app_name = "callsheets"

SHEETS = "productions/<slug:slug>/callsheets/"

urlpatterns = [
    path(SHEETS, views.call_sheet_list, name="list"),
    path(f"{SHEETS}lead-times/", views.lead_times, name="lead_times"),
    path(f"{SHEETS}calendar.ics", views.production_calendar, name="production_feed"),
    path(f"{SHEETS}<int:pk>/", views.detail, name="detail"),
    path(f"{SHEETS}<int:pk>.pdf", views.pdf, name="pdf"),
    path(f"{SHEETS}<int:pk>/tracking", views.tracking, name="tracking"),
    path(f"{SHEETS}<int:pk>/edit", views.edit, name="edit"),
    path(f"{SHEETS}<int:pk>/issue", views.issue, name="issue"),
    path(f"{SHEETS}<int:pk>/regenerate", views.regenerate, name="regenerate"),
    path(f"{SHEETS}<int:pk>/people/<int:person_id>/call", views.person_call, name="person_call"),
    path(f"{SHEETS}<int:pk>/people/<int:person_id>/resend", views.resend, name="resend"),
    path("call/<str:token>/", views.personal, name="personal"),
    path("call/<str:token>/latest/", views.personal_latest, name="personal_latest"),
    path("call/<str:token>/confirm", views.confirm, name="confirm"),
    path("call/<str:token>/call-sheet.pdf", views.personal_pdf, name="personal_pdf"),
    path("calendar/", views.my_calendar, name="my_calendar"),
    path("calendar/<str:token>.ics", views.person_calendar, name="person_feed"),
]
