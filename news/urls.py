from django.urls import path

from news import feeds, views

app_name = "news"

urlpatterns = [
    path("", views.index, name="index"),
    path("category/<str:slug>/", views.category, name="category"),
    path("archive/<int:year>/", views.archive, name="archive_year"),
    path("archive/<int:year>/<int:month>/", views.archive, name="archive_month"),
    path("<int:pk>/", views.detail, name="detail_short"),
    path("<int:pk>/<str:slug>/", views.detail, name="detail"),
    path("covers/<str:name>", views.cover, name="cover"),
    path("banner/<int:pk>/dismiss/", views.dismiss_banner, name="dismiss_banner"),
    path("feed/rss/", feeds.Latest(), name="rss"),
    path("feed/atom/", feeds.Latest(atom=True), name="atom"),
]
