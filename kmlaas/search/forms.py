from django import forms
from django.utils.translation import gettext_lazy as _

from kmlaas.sections import SECTIONS


class SearchForm(forms.Form):
    q = forms.CharField(label=_("คำค้น"), required=False, max_length=2000, strip=True)
    section = forms.ChoiceField(label=_("หมวด"), required=False)
    year = forms.IntegerField(label=_("ปี พ.ศ."), required=False, min_value=2400, max_value=2700)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", _("ทุกหมวด"))] + [
            (s.key, s.title) for s in SECTIONS if s.key != "members"
        ]

    def clean_q(self):
        # Long pastes are cut rather than refused: the first words carry the meaning.
        return self.cleaned_data["q"][:200]
