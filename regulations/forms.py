from django import forms
from django.utils.translation import gettext_lazy as _

from regulations.models import Agency, Regulation


class FilterForm(forms.Form):
    """The list's filters, all in the URL so a filtered list can be shared."""

    SORTS = [("", _("เกี่ยวข้องที่สุด")), ("newest", _("ใหม่ไปเก่า")), ("oldest", _("เก่าไปใหม่"))]

    q = forms.CharField(label=_("เลขที่หรือคำค้น"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("ประเภท"), required=False)
    agency = forms.ModelChoiceField(
        label=_("หน่วยงาน"), required=False, queryset=Agency.objects.all(), empty_label=_("ทุกหน่วยงาน")
    )
    year = forms.IntegerField(label=_("ปี พ.ศ."), required=False, min_value=2400, max_value=2700)
    legal_status = forms.ChoiceField(label=_("สถานะ"), required=False)
    urgency = forms.ChoiceField(label=_("ชั้นความเร็ว"), required=False)
    sort = forms.ChoiceField(label=_("เรียงตาม"), required=False, choices=SORTS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("ทั้งหมด"))]
        self.fields["kind"].choices = everything + list(Regulation.Kind.choices)
        self.fields["legal_status"].choices = everything + list(Regulation.LegalStatus.choices)
        self.fields["urgency"].choices = everything + [c for c in Regulation.Urgency.choices if c[0]]


class ImportForm(forms.Form):
    text = forms.CharField(
        label=_("ข้อความหนังสือ"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 100}),
        help_text=_("วางข้อความจากหนังสือที่สแกน (OCR) ได้หลายฉบับในครั้งเดียว"),
    )
    file = forms.FileField(label=_("หรือไฟล์ข้อความ (.txt)"), required=False)

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload:
            if upload.size > 2 * 1024 * 1024:
                raise forms.ValidationError(_("ไฟล์ใหญ่เกิน 2 MB"))
            try:
                cleaned["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError(_("อ่านไฟล์ไม่ได้ — ต้องเป็นไฟล์ข้อความ UTF-8")) from None
        if not cleaned.get("text", "").strip():
            raise forms.ValidationError(_("กรุณาวางข้อความหรือเลือกไฟล์"))
        return cleaned
