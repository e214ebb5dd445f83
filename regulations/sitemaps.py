from django.contrib.sitemaps import Sitemap

from regulations.models import Regulation


class RegulationSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7

    def items(self):
        return Regulation.objects.published().only("pk", "slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at
