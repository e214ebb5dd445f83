from django.urls import path

from kmlaas.views import section_index

app_name = "webboard"

urlpatterns = [
    path("", section_index, {"key": "webboard"}, name="index"),
]
