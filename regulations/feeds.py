from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from kmlaas.thai import format_date
from regulations.models import Regulation


class LatestRss(Feed):
    title = "KM e-LAAS — กฎหมาย ระเบียบ หนังสือสั่งการ"
    link = reverse_lazy("regulations:index")
    description = "หนังสือสั่งการและระเบียบล่าสุดเกี่ยวกับระบบบัญชีคอมพิวเตอร์ขององค์กรปกครองส่วนท้องถิ่น (e-LAAS)"

    def items(self):
        return Regulation.objects.published().select_related("agency").order_by("-publish_at")[:30]

    def item_title(self, item):
        return f"{item.number} {item.title}".strip()

    def item_description(self, item):
        dated = f"ลงวันที่ {format_date(item.date, long=True)} · " if item.date else ""
        return f"{dated}{item.agency.name}. {item.summary}".strip()

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at


class LatestAtom(LatestRss):
    feed_type = Atom1Feed
    subtitle = LatestRss.description
