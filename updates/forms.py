from django import forms
from django.utils.translation import gettext_lazy as _

from kmlaas.taxonomy import Module


class FilterForm(forms.Form):
    """The list's filters, all in the URL so a filtered list can be shared."""

    q = forms.CharField(label=_("คำค้น"), required=False, max_length=200)
    module = forms.ModelChoiceField(
        label=_("ระบบงาน e-LAAS"),
        required=False,
        queryset=Module.objects.all(),
        to_field_name="slug",
        empty_label=_("ทุกระบบงาน"),
    )
    year = forms.IntegerField(label=_("ปี พ.ศ. ที่มีผล"), required=False, min_value=2400, max_value=2700)


class SinceForm(forms.Form):
    since = forms.IntegerField(label=_("ตั้งแต่ปี พ.ศ."), required=False, min_value=2400, max_value=2700)
