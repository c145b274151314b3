from django.urls import path

from setwise.partners import views

app_name = "partners"
urlpatterns = [
    path("", views.partner_list, name="list"),
    path("new/", views.partner_create, name="create"),
    path("network/", views.partner_network, name="network"),
    path("import/", views.partner_import, name="import"),
    path("export/", views.partner_export, name="export"),
    path("<int:pk>/", views.partner_detail, name="detail"),
    path("<int:pk>/edit/", views.partner_edit, name="edit"),
    path("<int:pk>/contacts/", views.contact_add, name="contact_add"),
    path("<int:pk>/contacts/<int:contact_id>/remove/", views.contact_remove, name="contact_remove"),
    path("<int:pk>/collaborations/", views.collaboration_add, name="collaboration_add"),
    path(
        "<int:pk>/collaborations/<int:collaboration_id>/remove/",
        views.collaboration_remove,
        name="collaboration_remove",
    ),
]
