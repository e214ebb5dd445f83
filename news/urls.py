from django.urls import path

from kmlaas.views import section_index

app_name = "news"

urlpatterns = [
    path("", section_index, {"key": "news"}, name="index"),
]
