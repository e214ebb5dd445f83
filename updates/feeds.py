from django.urls import reverse_lazy

from kmlaas.feeds import SectionFeed
from kmlaas.thai import format_date
from updates.models import Update


class Latest(SectionFeed):
    title = "KM e-LAAS — ข้อมูลการปรับปรุงระบบ"
    link = reverse_lazy("updates:index")
    description = "รายการปรับปรุงแก้ไขโปรแกรม e-LAAS วันที่มีผล และคู่มือรายการที่เปลี่ยนแปลง"

    def items(self):
        return Update.objects.published().prefetch_related("modules").order_by("-publish_at", "-id")[:30]

    def item_description(self, item):
        modules = ", ".join(m.name for m in item.modules.all())
        scope = f"ระบบงาน: {modules} · " if modules else ""
        return f"{scope}มีผลตั้งแต่ {format_date(item.effective_on, long=True)}. {item.summary}"

    def item_categories(self, item):
        return [m.name for m in item.modules.all()]
