from django.urls import path

from setwise.budgets import views

app_name = "budgets"

urlpatterns = [
    path("", views.top, name="top"),
    path("accounts/<str:code>/", views.account, name="account"),
    path("import", views.import_costs, name="import"),
    path("top-sheet.xlsx", views.export_xlsx, name="xlsx"),
    path("top-sheet.pdf", views.export_pdf, name="pdf"),
]
