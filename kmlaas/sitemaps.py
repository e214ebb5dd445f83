from django.contrib.sitemaps import Sitemap

from kmlaas.pages import PolicyPage
from kmlaas.sections import SECTIONS


class SectionSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return ["home", *[s.url_name for s in SECTIONS if s.key != "members"]]

    def location(self, url_name):
        from django.urls import reverse

        return reverse(url_name)


class PolicyPageSitemap(Sitemap):
    changefreq = "yearly"
    priority = 0.2

    def items(self):
        return PolicyPage.objects.published()

    def lastmod(self, page):
        return page.updated_at
