from django.urls import path

from setwise.breakdown import views

app_name = "breakdown"
urlpatterns = [
    path("", views.scene_list, name="scenes"),
    path("upload/", views.script_upload, name="upload"),
    path("imports/<uuid:job_id>/", views.import_status, name="import_status"),
    path("scenes/<int:scene_id>/", views.scene_detail, name="scene"),
    path("scenes/<int:scene_id>/elements/", views.element_add, name="element_add"),
    path("scenes/<int:scene_id>/elements/<int:item_id>/", views.element_decide, name="element_decide"),
    path("elements/", views.element_list, name="elements"),
    path("characters/", views.character_list, name="characters"),
    path("characters/<int:character_id>/", views.character_link, name="character_link"),
    path("intimacy/", views.intimacy_queue, name="intimacy"),
    path("vfx/", views.vfx_list, name="vfx"),
    path("drafts/<int:draft_id>/", views.draft_diff, name="diff"),
    path("export/scenes.xlsx", views.export_scenes, name="export_scenes"),
    path("export/breakdown.xlsx", views.export_breakdown, name="export_breakdown"),
    path("export/scenes.pdf", views.export_scenes_pdf, name="export_scenes_pdf"),
    path("export/breakdown.pdf", views.export_breakdown_pdf, name="export_breakdown_pdf"),
]
