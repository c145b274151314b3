from django.urls import path

from setwise.post import views

app_name = "post"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("plan/", views.create_plan, name="create_plan"),
    path("plan/timeline/", views.update_plan, name="update_plan"),
    path("partners/", views.attach_partner, name="attach"),
    path("partners/<int:engagement_id>/remove/", views.detach_partner, name="detach"),
    path("deliverables/", views.deliverable_list, name="deliverables"),
    path("deliverables/new/", views.deliverable_add, name="deliverable_add"),
    path("deliverables/<int:deliverable_id>/", views.deliverable_detail, name="deliverable"),
    path("deliverables/<int:deliverable_id>/qc/", views.qc_upload, name="qc_upload"),
    path("qc/<int:run_id>/", views.qc_run, name="qc_run"),
    path("qc/<int:run_id>.csv", views.qc_csv, name="qc_csv"),
    path("vfx/", views.vfx_list, name="vfx"),
    path("vfx/sync/", views.vfx_sync, name="vfx_sync"),
    path("vfx/new/", views.vfx_add, name="vfx_add"),
    path("vfx/budget/", views.vfx_budget, name="vfx_budget"),
    path("vfx/<int:shot_id>/", views.shot_detail, name="shot"),
    path("vfx/<int:shot_id>/notes/", views.shot_note, name="shot_note"),
    path("cuts/", views.cut_list, name="cuts"),
    path("localisation/", views.localisation, name="localisation"),
    path("localisation/<int:track_id>/", views.track_detail, name="track"),
    path("localisation/<int:track_id>/voices/", views.track_voice, name="track_voice"),
]
