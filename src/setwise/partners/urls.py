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
]
