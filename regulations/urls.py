from django.urls import path

from kmlaas.views import section_index

app_name = "regulations"

urlpatterns = [
    path("", section_index, {"key": "regulations"}, name="index"),
]
