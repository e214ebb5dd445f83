from django.urls import reverse_lazy

from kmlaas.feeds import SectionFeed
from news.models import NewsItem


class Latest(SectionFeed):
    title = "KM e-LAAS — ข่าวประชาสัมพันธ์"
    link = reverse_lazy("news:index")
    description = "ข่าวสาร ประกาศ และกำหนดการอบรมสำหรับผู้ใช้งานระบบบัญชีคอมพิวเตอร์ขององค์กรปกครองส่วนท้องถิ่น (e-LAAS)"

    def items(self):
        return NewsItem.objects.published().select_related("category").order_by("-publish_at", "-id")[:30]

    def item_categories(self, item):
        return [item.category.name]
