from django.urls import path

from setwise.scheduling import views

app_name = "scheduling"

urlpatterns = [
    path("", views.board_list, name="boards"),
    path("<int:board_id>/", views.board_detail, name="board"),
    path("<int:board_id>/move", views.move_strip, name="move"),
    path("<int:board_id>/days/add", views.add_day, name="add_day"),
    path("<int:board_id>/days/<int:day_id>/remove", views.remove_day, name="remove_day"),
    path("<int:board_id>/days/<int:day_id>/banner", views.add_banner, name="add_banner"),
    path("<int:board_id>/banners/<int:strip_id>/delete", views.delete_banner, name="delete_banner"),
    path("<int:board_id>/status", views.set_status, name="status"),
    path("<int:board_id>/baseline", views.commit_baseline, name="baseline"),
    path("<int:board_id>/day-out-of-days/", views.dood, name="dood"),
    path("<int:board_id>/day-out-of-days.xlsx", views.dood_xlsx, name="dood_xlsx"),
    path("<int:board_id>/day-out-of-days.pdf", views.dood_pdf, name="dood_pdf"),
    path("cast/", views.cast, name="cast"),
    path("<int:board_id>/optimise", views.optimise, name="optimise"),
    path("<int:board_id>/proposals/<int:proposal_id>/", views.proposal_detail, name="proposal"),
    path("<int:board_id>/proposals/<int:proposal_id>/decide", views.proposal_decide, name="proposal_decide"),
]
