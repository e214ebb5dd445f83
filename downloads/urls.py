from django.urls import path

from kmlaas.views import section_index

app_name = "downloads"

urlpatterns = [
    path("", section_index, {"key": "downloads"}, name="index"),
]
