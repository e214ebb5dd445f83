from django.urls import path

from faq import views

app_name = "faq"

urlpatterns = [
    path("", views.index, name="index"),
    path("topic/<str:slug>/", views.topic, name="topic"),
    path("module/<str:slug>/", views.module, name="module"),
    path("vote/<int:pk>/", views.vote, name="vote"),
    path("<int:pk>/", views.detail, name="detail_short"),
    path("<int:pk>/<str:slug>/", views.detail, name="detail"),
]
