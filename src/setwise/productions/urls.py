from django.urls import path

from setwise.productions import views

app_name = "productions"
urlpatterns = [
    path("", views.production_list, name="list"),
    path("<slug:slug>/", views.production_detail, name="detail"),
]
