"""The regional comparison of production health, under ``reports/`` (not tied to one production)."""

from django.urls import path

from setwise.reports import views

app_name = "regional"

urlpatterns = [
    path("", views.regional, name="health"),
]
