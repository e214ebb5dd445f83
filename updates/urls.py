from django.urls import path

from updates import feeds, views

app_name = "updates"

urlpatterns = [
    path("", views.index, name="index"),
    path("module/<str:slug>/", views.timeline, name="timeline"),
    path("<int:pk>/", views.detail, name="detail_short"),
    path("<int:pk>/<str:slug>/", views.detail, name="detail"),
    path("feed/rss/", feeds.Latest(), name="rss"),
    path("feed/atom/", feeds.Latest(atom=True), name="atom"),
]
