from django.urls import path

from fiscal import views

app_name = "fiscal"

urlpatterns = [
    path("", views.index, name="index"),
    path("province/<str:code>/", views.province, name="province"),
    path("district/<str:code>/", views.district, name="district"),
    path("lao/<str:code>/", views.lao, name="lao"),
]
