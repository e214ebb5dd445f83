from django.urls import path

from webboard import feeds, views, views_similar, views_watch

app_name = "webboard"

urlpatterns = [
    path("", views.index, name="index"),
    path("feed/rss/", feeds.BoardFeed(), name="rss"),
    path("feed/atom/", feeds.BoardFeed(atom=True), name="atom"),
    path("notifications/", views.notifications, name="notifications"),
    path("moderation/", views.moderation, name="moderation"),
    path("moderation/log/", views.moderation_log, name="log"),
    path("reports/<int:pk>/resolve/", views.resolve_report, name="resolve_report"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("similar/", views_similar.similar, name="similar"),
    path("room/<str:slug>/", views.room, name="room"),
    path("room/<str:slug>/new/", views.new_thread, name="new_thread"),
    path("room/<str:slug>/watch/", views_watch.watch_room, name="watch_room"),
    path("room/<str:slug>/rss/", feeds.RoomFeed(), name="room_rss"),
    path("room/<str:slug>/atom/", feeds.RoomFeed(atom=True), name="room_atom"),
    path("t/<int:pk>/", views.thread, name="thread"),
    path("t/<int:pk>/reply/", views.reply, name="reply"),
    path("t/<int:pk>/watch/", views.watch_thread, name="watch_thread"),
    path("t/<int:pk>/moderate/", views.moderate, name="moderate"),
    path("t/<int:pk>/faq/", views.make_faq, name="make_faq"),
    path("p/<int:pk>/", views.post, name="post"),
    path("p/<int:pk>/edit/", views.edit, name="edit"),
    path("p/<int:pk>/history/", views.history, name="history"),
    path("p/<int:pk>/accept/", views.accept, name="accept"),
    path("p/<int:pk>/hide/", views.hide, name="hide"),
    path("p/<int:pk>/restore/", views.restore, name="restore"),
    path("p/<int:pk>/approve/", views.approve, name="approve"),
    path("p/<int:pk>/report/", views.report, name="report"),
    path("thumb/<int:pk>/", views.thumbnail, name="thumbnail"),
]
