from django.urls import path

from setwise.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("jobs/<uuid:job_id>/", views.job_status, name="job"),
    path("healthz", views.healthz, name="healthz"),
]
