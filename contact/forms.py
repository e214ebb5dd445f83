import re

from django import forms
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from contact.models import ContactRequest
from kmlaas import thai

MESSAGE_MAX = 5000
# 02 123 4567, 081-234-5678, (053) 123456, +66 81 234 5678, in either digit set.
_PHONE_SEPARATORS = re.compile(r"[\s\-.()]")
_THAI_PHONE = re.compile(r"^0[0-9]{8,9}$")
_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)


def count_links(text):
    return len(_LINK.findall(text))


def _consent_label():
    return format_html(
        '{} <a href="{}">{}</a>',
        _("ข้าพเจ้ายินยอมให้เก็บและใช้ข้อมูลที่กรอกเพื่อตอบเรื่องนี้ ตาม"),
        reverse_lazy("policy_page", args=["privacy"]),
        _("นโยบายคุ้มครองข้อมูลส่วนบุคคล"),
    )


class ContactForm(forms.ModelForm):
    # Hidden by site.css like the sign-up form's: people never see it, bots fill it.
    website = forms.CharField(label=_("เว็บไซต์ (ไม่ต้องกรอก)"), required=False)
    consent = forms.BooleanField(
        label=lazy(_consent_label, str)(),
        error_messages={"required": _("โปรดยินยอมตามนโยบายคุ้มครองข้อมูลส่วนบุคคลก่อนส่งเรื่อง")},
    )

    class Meta:
        model = ContactRequest
        fields = ["kind", "name", "email", "phone", "organisation", "subject", "message"]
        widgets = {"kind": forms.RadioSelect, "message": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "phone": _("ไม่บังคับ เช่น 02 241 9000 หรือ 081-234-5678"),
            "organisation": _("ไม่บังคับ เช่น เทศบาลตำบลบางพลี"),
            "email": _("ระบบจะส่งเลขที่เรื่องและคำตอบไปที่อีเมลนี้"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs = {"tabindex": "-1", "autocomplete": "off"}
        self.fields["phone"].widget.input_type = "tel"  # the phone's digit keyboard
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["message"].widget.attrs["maxlength"] = MESSAGE_MAX
        self.fields["message"].help_text = _("ไม่เกิน 5,000 ตัวอักษร")
        self.fields["kind"].choices = ContactRequest.Kind.choices
        self.fields["kind"].error_messages["required"] = _("โปรดเลือกประเภทเรื่อง")

    @property
    def is_bot(self):
        return bool(self.data.get("website"))

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if not phone:
            return ""
        digits = _PHONE_SEPARATORS.sub("", thai.to_arabic_digits(phone))
        if digits.startswith("+66"):
            digits = "0" + digits[3:]
        if not _THAI_PHONE.match(digits):
            raise forms.ValidationError(
                _("หมายเลขโทรศัพท์ไม่ถูกต้อง — พิมพ์ 9 หรือ 10 หลัก เช่น 02 241 9000 หรือ 081-234-5678")
            )
        return phone

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if len(message) > MESSAGE_MAX:
            raise forms.ValidationError(_("ข้อความยาวเกิน 5,000 ตัวอักษร"))
        return message


class StatusForm(forms.Form):
    number = forms.CharField(label=_("เลขที่เรื่อง"), max_length=40, help_text=_("เช่น KM-2569-000123"))
    email = forms.EmailField(label=_("อีเมลที่ใช้ส่งเรื่อง"), max_length=254)

    def clean_number(self):
        return thai.to_arabic_digits(self.cleaned_data["number"]).strip().upper()
