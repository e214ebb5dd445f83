from django.contrib.sitemaps import Sitemap

from news.models import NewsItem


class NewsSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return NewsItem.objects.published().only("pk", "slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at
