from django import forms
from django.utils.translation import gettext_lazy as _

from kmlaas.taxonomy import Module


class SearchForm(forms.Form):
    q = forms.CharField(label=_("คำค้น"), required=False, max_length=200)
    module = forms.ModelChoiceField(
        label=_("ระบบงาน e-LAAS"),
        required=False,
        queryset=Module.objects.all(),
        to_field_name="slug",
        empty_label=_("ทุกระบบงาน"),
    )

    def clean_q(self):
        return self.cleaned_data["q"].strip()


class VoteForm(forms.Form):
    helpful = forms.TypedChoiceField(
        required=False,
        choices=[("yes", _("มีประโยชน์")), ("no", _("ไม่มีประโยชน์"))],
        coerce=lambda value: value == "yes",
        empty_value=None,
    )
    comment = forms.CharField(label=_("บอกเราเพิ่มเติม (ไม่บังคับ)"), required=False, max_length=1000)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("helpful") is None and "comment" not in self.data:
            raise forms.ValidationError(_("เลือกว่าคำตอบนี้มีประโยชน์หรือไม่"))
        return cleaned
