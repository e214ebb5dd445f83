from django.urls import path

from downloads import feeds, views

app_name = "downloads"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail_short"),
    path("<int:pk>/<str:slug>/", views.detail, name="detail"),
    path("<int:pk>/latest.<str:extension>", views.latest, name="latest"),
    path("feed/rss/", feeds.Latest(), name="rss"),
    path("feed/atom/", feeds.Latest(atom=True), name="atom"),
]
