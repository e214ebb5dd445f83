from django.urls import path

from kmlaas.views import section_index

app_name = "updates"

urlpatterns = [
    path("", section_index, {"key": "updates"}, name="index"),
]
