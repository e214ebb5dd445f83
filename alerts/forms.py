from django import forms
from django.utils.translation import gettext_lazy as _

from alerts.models import Subscription
from alerts.topics import CHOICES
from kmlaas.taxonomy import Module


class PreferencesForm(forms.ModelForm):
    """What to receive and how often: the member's page and the page a mail links to."""

    sections = forms.MultipleChoiceField(
        label=_("หมวดที่ต้องการรับ"),
        choices=CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("โปรดเลือกอย่างน้อยหนึ่งหมวด")},
    )
    modules = forms.ModelMultipleChoiceField(
        label=_("เฉพาะระบบงาน e-LAAS"),
        queryset=Module.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("ไม่เลือก = ทุกระบบงาน หนังสือสั่งการและข่าวที่ไม่ระบุระบบงานจะส่งถึงทุกคนที่เลือกหมวดนั้น"),
    )
    frequency = forms.ChoiceField(
        label=_("ความถี่"),
        choices=Subscription.Frequency.choices,
        widget=forms.RadioSelect,
        initial=Subscription.Frequency.IMMEDIATE,
    )

    class Meta:
        model = Subscription
        fields = ["sections", "modules", "frequency"]


class SubscribeForm(PreferencesForm):
    """A visitor's request: nothing is sent until the address confirms it."""

    email = forms.EmailField(label=_("อีเมล"), max_length=254)
    # Hidden by site.css; people leave it empty, bots fill it in.
    website = forms.CharField(label=_("เว็บไซต์ (ไม่ต้องกรอก)"), required=False)

    field_order = ["email", "sections", "modules", "frequency", "website"]

    class Meta(PreferencesForm.Meta):
        fields = ["sections", "modules", "frequency"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs = {"tabindex": "-1", "autocomplete": "off"}
        self.fields["email"].widget.attrs = {"autocomplete": "email", "inputmode": "email"}

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
