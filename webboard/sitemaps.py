from django.contrib.sitemaps import Sitemap

from webboard.models import Room, Thread


class RoomSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self):
        return Room.objects.filter(is_active=True).order_by("position", "pk")

    def lastmod(self, room):
        return room.last_post_at


class ThreadSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.4
    limit = 5000

    def items(self):
        return (
            Thread.objects.listed()
            .filter(room__is_active=True)
            .only("pk", "last_post_at")
            .order_by("-last_post_at", "-id")
        )

    def lastmod(self, thread):
        return thread.last_post_at
