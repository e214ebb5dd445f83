from allauth.account import app_settings
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.db import transaction
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kmlaas.members.models import PRIVACY_POLICY_VERSION, Profile
from kmlaas.registry.forms import PlacePicker


def _consent_label():
    return format_html(
        '{} <a href="{}">{}</a>',
        _("ข้าพเจ้ายินยอมให้เก็บและใช้ข้อมูลส่วนบุคคลตาม"),
        reverse_lazy("policy_page", args=["privacy"]),
        _("นโยบายความเป็นส่วนตัว"),
    )


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form (ACCOUNT_FORMS["signup"]) plus the display name
    and the PDPA consent, recorded with the time and the policy version."""

    display_name = forms.CharField(
        label=_("ชื่อที่แสดงในเว็บบอร์ด"),
        max_length=80,
        required=False,
        help_text=_("เว้นว่างได้ — จะใช้ส่วนหน้าของอีเมลแทน"),
    )
    consent = forms.BooleanField(
        label=lazy(_consent_label, str)(),
        required=True,
        error_messages={"required": _("โปรดยินยอมตามนโยบายความเป็นส่วนตัวก่อนสมัครสมาชิก")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        honeypot = app_settings.SIGNUP_FORM_HONEYPOT_FIELD
        if honeypot in self.fields:
            # allauth hides its honeypot with an inline style, which the CSP
            # blocks; site.css hides it instead, and a label keeps it accessible.
            self.fields[honeypot].label = _("เว็บไซต์ (ไม่ต้องกรอก)")
            self.fields[honeypot].widget.attrs = {"tabindex": "-1", "autocomplete": "off"}
        self.order_fields(["email", "display_name", "password1", "password2", "consent"])

    # The account, its e-mail address and the consent record are written
    # together or not at all (a database restart mid-way, for one).
    @transaction.atomic
    def save(self, request):
        user = super().save(request)
        if user is None:  # the honeypot was filled: allauth pretends it worked
            return user
        user.display_name = self.cleaned_data.get("display_name", "").strip()
        user.save(update_fields=["display_name"])
        Profile.objects.update_or_create(
            user=user, defaults={"consent_at": timezone.now(), "consent_version": PRIVACY_POLICY_VERSION}
        )
        return user


class ProfileForm(PlacePicker, forms.ModelForm):
    """A member's own details. Province and district only narrow the LAO
    list: without JavaScript the "เลือก" button re-renders the form with the
    next list filled, keeping what was typed."""

    display_name = forms.CharField(label=_("ชื่อที่แสดงในเว็บบอร์ด"), max_length=80, required=False)
    empty_labels = {"province": _("— เลือกจังหวัด —"), "district": _("— เลือกอำเภอ —"), "lao": _("— เลือก อปท. —")}

    class Meta:
        model = Profile
        fields = ["full_name", "position", "workplace", "agency", "phone"]
        widgets = {"workplace": forms.RadioSelect}

    field_order = ["display_name", "full_name", "position", "workplace", "province", "district", "lao"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["display_name"].initial = user.display_name
        self.fields["lao"].label = _("อปท. ที่สังกัด")
        lao = self.instance.lao
        if self.is_bound:
            self.narrow_places(self.data.get("province"), self.data.get("district"))
        elif lao:
            self.initial.update(province=lao.province_id, district=lao.district_id, lao=lao.code)
            self.narrow_places(lao.province_id, lao.district_id)

    def clean(self):
        data = super().clean()
        if data.get("workplace") == Profile.Workplace.LAO:
            data["agency"] = ""
        return data

    @transaction.atomic  # the user's display name and the profile together
    def save(self, commit=True):
        profile = super().save(commit=False)
        profile.user = self.user
        profile.lao = self.cleaned_data.get("lao") if profile.workplace == Profile.Workplace.LAO else None
        self.user.display_name = self.cleaned_data["display_name"].strip()
        if commit:
            self.user.save(update_fields=["display_name"])
            profile.save()
        return profile


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label=_("รหัสผ่านปัจจุบัน"), widget=forms.PasswordInput)
    confirm = forms.BooleanField(
        label=_("ข้าพเจ้าเข้าใจว่าบัญชีและข้อมูลส่วนตัวจะถูกลบถาวร ส่วนกระทู้ที่เขียนจะยังอยู่ในชื่อ “ผู้ใช้ที่ลบบัญชีแล้ว”"),
        error_messages={"required": _("โปรดยืนยันการลบบัญชี")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("รหัสผ่านไม่ถูกต้อง"))
        return password
