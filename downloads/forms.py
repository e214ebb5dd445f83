from django import forms
from django.utils.translation import gettext_lazy as _

from manuals.forms import URLFilters


class FilterForm(URLFilters):
    """The list's filters, in the URL so a filtered list can be shared; the
    category choices come from rows the view has already read."""

    SORTS = [
        ("featured", _("แนะนำ")),
        ("updated", _("ปรับปรุงล่าสุด")),
        ("downloads", _("ดาวน์โหลดมากที่สุด")),
        ("title", _("ชื่อแบบฟอร์ม ก–ฮ")),
    ]

    q = forms.CharField(
        label=_("ค้นหาแบบฟอร์ม"),
        required=False,
        max_length=200,
        widget=forms.SearchInput(attrs={"placeholder": _("เช่น ขอรหัสผู้ใช้")}),
    )
    category = forms.ChoiceField(label=_("หมวด"), required=False)
    sort = forms.ChoiceField(label=_("เรียงตาม"), required=False, choices=SORTS)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("ทุกหมวด"))] + [(c.slug, c.name) for c in categories]
