"""Studio-wide safeguarding pages (the studio's safeguarding leads), to be mounted at /safeguarding/:

path("safeguarding/", include("setwise.intimacy.studio_urls")),
"""

from django.urls import path

from setwise.intimacy import views

app_name = "safeguarding"

urlpatterns = [
    path("", views.studio_concerns, name="concerns"),
]
