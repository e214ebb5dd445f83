from django.urls import path

from kmlaas.views import section_index

app_name = "faq"

urlpatterns = [
    path("", section_index, {"key": "faq"}, name="index"),
]
