from django.urls import path

from kmlaas.views import section_index

app_name = "fiscal"

urlpatterns = [
    path("", section_index, {"key": "fiscal"}, name="index"),
]
