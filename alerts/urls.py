from django.urls import path

from alerts import feeds, views

app_name = "alerts"

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("sent/", views.sent, name="sent"),
    path("confirm/<str:signed>/", views.confirm, name="confirm"),
    path("manage/<str:token>/", views.manage, name="manage"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("account/", views.account, name="account"),
    path("modules/<str:slug>/rss/", feeds.ModuleFeed(), name="module_feed"),
]
