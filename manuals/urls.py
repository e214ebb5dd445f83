from django.urls import path

from kmlaas.views import section_index

app_name = "manuals"

urlpatterns = [
    path("", section_index, {"key": "manuals"}, name="index"),
]
