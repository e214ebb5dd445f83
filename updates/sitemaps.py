from django.contrib.sitemaps import Sitemap

from updates.models import Update


class UpdateSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Update.objects.published().only("pk", "slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at
