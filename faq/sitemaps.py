from django.contrib.sitemaps import Sitemap

from faq.models import Faq


class FaqSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Faq.objects.published().only("pk", "slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at
