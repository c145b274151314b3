"""Routes of daily reports, under ``productions/<slug>/reports/``. The clock page is the one route without a
sign-in: its token is the permission."""

from django.urls import path

from setwise.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("start", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/day", views.edit_day, name="edit_day"),
    path("<int:pk>/people/add", views.add_person, name="add_person"),
    path("<int:pk>/people/previous", views.add_previous, name="add_previous"),
    path("<int:pk>/people/confirm", views.confirm_clocked, name="confirm_clocked"),
    path("<int:pk>/people/<int:person_id>/times", views.person_times, name="person_times"),
    path("<int:pk>/people/<int:person_id>/remove", views.remove_person, name="remove_person"),
    path("<int:pk>/people/<int:person_id>/new-link", views.new_link, name="new_link"),
    path("<int:pk>/scenes/add", views.add_scene, name="add_scene"),
    path("<int:pk>/scenes/<int:row_id>", views.scene_result, name="scene_result"),
    path("<int:pk>/scenes/<int:row_id>/remove", views.remove_scene, name="remove_scene"),
    path("<int:pk>/incidents/add", views.add_incident, name="add_incident"),
    path("<int:pk>/incidents/<int:incident_id>/resolve", views.resolve_incident, name="resolve_incident"),
    path("<int:pk>/submit", views.submit, name="submit"),
    path("<int:pk>/approve", views.approve, name="approve"),
    path("<int:pk>/return", views.send_back, name="return"),
    path("<int:pk>/clock-links/", views.clock_sheet, name="clock_sheet"),
    path("<int:pk>/clock-links.pdf", views.clock_sheet_pdf, name="clock_sheet_pdf"),
    path("clock/<str:token>/", views.clock, name="clock"),
    path("plan/", views.plan, name="plan"),
    path("plan/replan", views.replan, name="replan"),
    path("health/", views.health, name="health"),
    path("people/", views.people, name="people"),
]
