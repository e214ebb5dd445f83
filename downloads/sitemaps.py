from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from downloads.models import Form


class FormSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return (
            Form.objects.published()
            .offered()
            .only("pk", "slug", "updated_at")
            .annotate(last_version_at=Max("versions__created_at"))
            .order_by("pk")
        )

    def lastmod(self, item):
        # A new version changes the page without touching the form itself.
        return max(item.updated_at, item.last_version_at or item.updated_at)
