from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from downloads.models import Form, FormVersion
from kmlaas.thai import format_date


class LatestRss(Feed):
    """Every new form and every new version of a form, newest first."""

    title = "KM e-LAAS — ดาวน์โหลดแบบฟอร์ม"
    link = reverse_lazy("downloads:index")
    description = "แบบฟอร์มที่ใช้ในการปฏิบัติงานระบบ e-LAAS ที่เพิ่มใหม่หรือปรับปรุงฉบับล่าสุด"

    def items(self):
        return (
            FormVersion.objects.filter(form__in=Form.objects.published())
            .select_related("form__category")
            .order_by("-released_on", "-id")[:30]
        )

    def item_title(self, version):
        return f"{version.form.title} — {version.label}"

    def item_description(self, version):
        since = f"ใช้ตั้งแต่ {format_date(version.released_on, long=True)}. "
        return since + (version.note or version.form.description)

    def item_categories(self, version):
        return [version.form.category.name]

    def item_pubdate(self, version):
        return version.created_at


class LatestAtom(LatestRss):
    feed_type = Atom1Feed
    subtitle = LatestRss.description
