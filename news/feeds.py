from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from news.models import NewsItem


class LatestRss(Feed):
    title = "KM e-LAAS — ข่าวประชาสัมพันธ์"
    link = reverse_lazy("news:index")
    description = "ข่าวสาร ประกาศ และกำหนดการอบรมสำหรับผู้ใช้งานระบบบัญชีคอมพิวเตอร์ขององค์กรปกครองส่วนท้องถิ่น (e-LAAS)"

    def items(self):
        return NewsItem.objects.published().select_related("category").order_by("-publish_at", "-id")[:30]

    def item_description(self, item):
        return item.summary

    def item_categories(self, item):
        return [item.category.name]

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at


class LatestAtom(LatestRss):
    feed_type = Atom1Feed
    subtitle = LatestRss.description
