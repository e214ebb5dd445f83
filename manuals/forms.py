from django import forms
from django.utils.translation import gettext_lazy as _

from manuals.models import DOCUMENT_KINDS


class URLFilters(forms.Form):
    """Filters read from the query string (shared by the manuals and downloads lists)."""

    def filters(self):
        """The valid filters only: a bad value in one field never drops the others."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in ("", None, False)}


class FilterForm(URLFilters):
    """The list's filters, all in the URL so a filtered list can be shared.

    The choices come from rows the view has already read (the category tree
    for the sidebar, the modules, the years that have documents), so
    building and checking the form costs no query of its own.
    """

    SORTS = [("newest", _("ใหม่ล่าสุด")), ("downloads", _("ดาวน์โหลดมากที่สุด")), ("title", _("ชื่อเรื่อง ก–ฮ"))]

    q = forms.CharField(
        label=_("ค้นหาในคู่มือและเอกสาร"),
        required=False,
        max_length=200,
        widget=forms.SearchInput(attrs={"placeholder": _("เช่น ใบผ่านรายการจ่าย")}),
    )
    category = forms.ChoiceField(label=_("หมวด"), required=False)
    module = forms.ChoiceField(label=_("ระบบงาน e-LAAS"), required=False)
    kind = forms.ChoiceField(label=_("ชนิดไฟล์"), required=False)
    year = forms.TypedChoiceField(label=_("ปีที่เผยแพร่ (พ.ศ.)"), required=False, coerce=int, empty_value=None)
    sort = forms.ChoiceField(label=_("เรียงตาม"), required=False, choices=SORTS)
    old = forms.BooleanField(label=_("รวมฉบับเก่าที่มีฉบับใหม่แทนแล้ว"), required=False)

    def __init__(self, *args, tree, modules, years, with_category=True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_category:
            choices = [("", _("ทุกหมวด"))]
            for root in tree:
                choices.append((root.slug, root.name))
                choices += [(child.slug, f"— {child.name}") for child in root.subcategories]
            self.fields["category"].choices = choices
        else:
            del self.fields["category"]
        self.fields["module"].choices = [("", _("ทุกระบบงาน"))] + [(m.slug, m.name) for m in modules]
        self.fields["kind"].choices = [("", _("ทุกชนิด"))] + [(k.value, k.label) for k in DOCUMENT_KINDS]
        self.fields["year"].choices = [("", _("ทุกปี"))] + [(y, str(y)) for y in years]
