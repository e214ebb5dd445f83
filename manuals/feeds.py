from django.urls import reverse_lazy

from kmlaas.feeds import SectionFeed
from manuals.models import Manual


class Latest(SectionFeed):
    """New and revised manuals: a revision moves an item back to the top."""

    title = "KM e-LAAS — คู่มือและเอกสาร"
    link = reverse_lazy("manuals:index")
    description = "คู่มือการใช้งานระบบ e-LAAS และเอกสารประกอบการปฏิบัติงานที่เผยแพร่ใหม่หรือปรับปรุงล่าสุด"

    def items(self):
        return Manual.objects.published().select_related("category__parent").order_by("-updated_at")[:30]

    def item_title(self, item):
        return f"{item.title} ({item.version})" if item.version else item.title

    def item_categories(self, item):
        return [str(item.category)]
