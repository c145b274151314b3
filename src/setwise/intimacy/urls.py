"""Pages of intimacy coordination and safeguarding, under /productions/<slug>/intimacy/."""

from django.urls import path

from setwise.intimacy import views

app_name = "intimacy"

urlpatterns = [
    path("", views.index, name="index"),
    path("status/", views.status, name="status"),
    path("scenes/", views.queue, name="queue"),
    path("scenes/<int:scene_id>/", views.plan, name="plan"),
    path("scenes/<int:scene_id>/edit/", views.plan_edit, name="plan_edit"),
    path("scenes/<int:scene_id>/performers/", views.performer_add, name="performer_add"),
    path("scenes/<int:scene_id>/send/", views.send, name="send"),
    path("scenes/<int:scene_id>/sessions/", views.session_add, name="session_add"),
    path("scenes/<int:scene_id>/sessions/<int:session_id>/", views.session_update, name="session_update"),
    path("scenes/<int:scene_id>/check-ins/", views.check_in_add, name="check_in_add"),
    path("riders/", views.my_riders, name="my_riders"),
    path("riders/<int:rider_id>/", views.rider, name="rider"),
    path("riders/<int:rider_id>/terms/", views.rider_terms, name="rider_terms"),
    path("riders/<int:rider_id>/sign/", views.rider_sign, name="rider_sign"),
    path("riders/<int:rider_id>/withdraw/", views.rider_withdraw, name="rider_withdraw"),
    path("riders/<int:rider_id>/agent/", views.rider_agent, name="rider_agent"),
    path("riders/<int:rider_id>/again/", views.rider_again, name="rider_again"),
    path("riders/<int:rider_id>/remove/", views.rider_remove, name="rider_remove"),
    path("shared/<str:token>/", views.shared, name="shared"),
    path("bookings/", views.bookings, name="bookings"),
    path("bookings/<int:booking_id>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("concerns/", views.concern_list, name="concerns"),
    path("concerns/new/", views.concern_new, name="concern_new"),
    path("concerns/follow/", views.follow, name="follow"),
    path("concerns/<str:reference>/", views.concern, name="concern"),
    path("audit/", views.audit_log, name="audit"),
]
