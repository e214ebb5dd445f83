from django.contrib.sitemaps import Sitemap
from django.db.models import Q

from manuals.models import Category, Manual


class ManualSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7

    def items(self):
        return Manual.objects.published().only("pk", "slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class ManualCategorySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        published = Manual.objects.published()
        return Category.objects.filter(
            Q(pk__in=published.values("category")) | Q(pk__in=published.values("category__parent"))
        ).only("slug")
