from django.urls import path

from kmlaas.members import views

app_name = "members"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("export.json", views.export, name="export"),
    path("delete/", views.delete_account, name="delete"),
]
