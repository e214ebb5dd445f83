from django.urls import path

from kmlaas.views import section_index

app_name = "subsidies"

urlpatterns = [
    path("", section_index, {"key": "subsidies"}, name="index"),
]
