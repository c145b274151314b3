from django.urls import path

from setwise.productions import views

app_name = "productions"
urlpatterns = [
    path("", views.production_list, name="list"),
    path("new/", views.production_create, name="create"),
    path("<slug:slug>/", views.production_detail, name="detail"),
    path("<slug:slug>/members/", views.member_add, name="member_add"),
    path("<slug:slug>/members/<int:membership_id>/remove/", views.member_remove, name="member_remove"),
]
