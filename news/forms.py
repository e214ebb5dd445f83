from django import forms
from django.utils.translation import gettext_lazy as _


class SearchForm(forms.Form):
    q = forms.CharField(label=_("ค้นหาข่าว"), required=False, max_length=200)

    def clean_q(self):
        return self.cleaned_data["q"].strip()
