"""The admin's sign-in form, held to the same failed-login limits as the
public one: every attempt goes through django-allauth's adapter, which counts
failures per address and per e-mail (ACCOUNT_RATE_LIMITS["login_failed"]) in
the same buckets as /accounts/login/, and refuses even the right password
while the limit is reached."""

from allauth.account.adapter import get_adapter
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class AdminLoginForm(AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "too_many_attempts": _("เข้าสู่ระบบผิดหลายครั้งเกินไป โปรดรอสักครู่แล้วลองใหม่"),
    }

    def clean(self):
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if email is not None and password:
            try:
                # The keyword is the public form's, so both count against one e-mail.
                self.user_cache = get_adapter(self.request).authenticate(
                    self.request, email=email, password=password
                )
            except ValidationError:
                raise ValidationError(
                    self.error_messages["too_many_attempts"], code="too_many_attempts"
                ) from None
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data
