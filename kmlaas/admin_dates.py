"""Buddhist-Era dates in the whole admin, as Thai offices write them.

Every DateField and DateTimeField of every ModelAdmin and inline, ours and
third-party ones alike (User.date_joined, allauth, task results…), is typed
and shown as 27/11/2569 (plus 09:30 for a datetime), picks from a calendar in
BE (static/admin/js/buddhist_calendar.js) and is listed and shown read-only
as "27 พ.ย. 2569". Django's own date inputs read 27/11/2569 as the year 2569
CE, which the site then showed as 3112.

install() puts all of it in place from KmlaasConfig.ready(): one mechanism
instead of formfield_overrides on each admin, so no admin can forget it.
"""

import datetime

from django import forms
from django.apps import apps
from django.contrib.admin import helpers, options, widgets
from django.contrib.admin import utils as admin_utils
from django.contrib.admin.templatetags import admin_list
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.forms.utils import to_current_timezone
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kmlaas import thai
from kmlaas.templatetags.kmlaas import thai_date

TIME_FORMAT = "%H:%M"
INVALID_TIME = _("เวลาไม่ถูกต้อง — พิมพ์เป็น ชั่วโมง:นาที เช่น 09:30")


class BuddhistDateFormat:
    """Shows a date the way it is typed, 27/11/2569; text typed by hand stays as it was."""

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return thai.format_numeric_date(value)
        return super().format_value(value)


class BuddhistBaseAdminDateWidget(BuddhistDateFormat, widgets.BaseAdminDateWidget):
    """The admin's date input with its calendar, in BE. The offset goes on the
    input so the calendar script converts with the same number as the server."""

    class Media:
        # Django's two listed again so that the merged Media puts this one after them.
        js = ["admin/js/calendar.js", "admin/js/admin/DateTimeShortcuts.js", "admin/js/buddhist_calendar.js"]

    def __init__(self, attrs=None, format=None):
        super().__init__({"data-be-offset": thai.BE_OFFSET, **(attrs or {})}, format)


class BuddhistAdminDateWidget(BuddhistBaseAdminDateWidget, widgets.AdminDateWidget):
    pass


class BuddhistAdminSplitDateTime(widgets.AdminSplitDateTime):
    """The admin's date and time inputs: the date in BE, the time as 09:30;
    and, hidden, the value as stored, so that saving a form unchanged keeps
    the seconds the two inputs do not show (see BuddhistDateTimeField.clean)."""

    # In the kmlaas app's templates: widgets render through the form renderer,
    # which reads app folders only, not the project's templates/.
    template_name = "admin/widgets/split_datetime_be.html"
    # The form hands the widget the stored value with its microseconds only if it says so.
    supports_microseconds = True

    def __init__(self, attrs=None):
        # As Django's AdminSplitDateTime does, to choose the inputs.
        forms.MultiWidget.__init__(
            self,
            [BuddhistBaseAdminDateWidget, widgets.BaseAdminTimeWidget(format=TIME_FORMAT), forms.HiddenInput],
            attrs,
        )

    def decompress(self, value):
        if value:
            local = to_current_timezone(value)
            return [local.date(), local.time(), value.isoformat()]
        return [None, None, None]


class BuddhistHiddenDateInput(BuddhistDateFormat, forms.HiddenInput):
    """The hidden initial value of a field with a callable default (timezone.now):
    the form compares it with what was posted, so it must read back as a BE date."""


class BuddhistSplitHiddenDateTime(forms.SplitHiddenDateTimeWidget):
    def __init__(self, attrs=None):
        super().__init__(attrs, time_format=TIME_FORMAT)
        self.widgets[0] = BuddhistHiddenDateInput()


class BuddhistDateField(forms.DateField):
    """A date typed as 27/11/2569, ๒๗/๑๑/๒๕๖๙ or 27 พ.ย. 2569; see thai.clean_be_date for what is refused."""

    widget = BuddhistAdminDateWidget
    hidden_widget = BuddhistHiddenDateInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        return thai.clean_be_date(value)


class ThaiTimeField(forms.TimeField):
    """09:30 in either digit set, or as letters write it: 9.30 น."""

    default_error_messages = {"invalid": INVALID_TIME}

    def to_python(self, value):
        if isinstance(value, str):
            value = thai.to_arabic_digits(value).strip().removesuffix("น.").strip()
            if ":" not in value:
                value = value.replace(".", ":")
        return super().to_python(value)


class BuddhistDateTimeField(forms.SplitDateTimeField):
    """A BE date and a time, in the admin's two inputs; Asia/Bangkok as every datetime here."""

    widget = BuddhistAdminSplitDateTime
    hidden_widget = BuddhistSplitHiddenDateTime
    default_error_messages = {"invalid_date": thai.INVALID_DATE, "invalid_time": INVALID_TIME}

    def __init__(self, **kwargs):
        # SplitDateTimeField.__init__ would make Django's CE date and time fields.
        forms.MultiValueField.__init__(self, (BuddhistDateField(), ThaiTimeField()), **kwargs)

    def clean(self, value):
        stored = value[2] if isinstance(value, list | tuple) and len(value) > 2 else ""
        typed = super().clean(value[:2] if isinstance(value, list | tuple) else value)
        return keep_stored_precision(typed, stored)


def keep_stored_precision(typed, stored):
    """The stored value when what was typed is its minute: the inputs show
    09:30, and an unchanged save must not cut 09:30:41.8 down to 09:30."""
    if not typed or not stored:
        return typed
    try:
        stored = datetime.datetime.fromisoformat(stored)
    except ValueError:
        return typed
    if timezone.is_naive(stored):
        return typed
    minute = {"second": 0, "microsecond": 0}
    if timezone.localtime(stored).replace(**minute) == timezone.localtime(typed).replace(**minute):
        return stored
    return typed


def display_date(value):
    """A date or datetime as the admin lists and shows it: 27 พ.ย. 2569 (09:30 น.)."""
    return thai_date(value, "datetime")


_display_for_field = admin_utils.display_for_field
_display_for_value = admin_utils.display_for_value


def display_for_field(value, field, empty_value_display, avoid_link=False):
    """Django's display_for_field, with dates in BE: change-list columns and read-only fields."""
    if isinstance(field, models.DateField) and isinstance(value, datetime.date) and not field.flatchoices:
        return display_date(value)
    return _display_for_field(value, field, empty_value_display, avoid_link)


def display_for_value(value, empty_value_display, boolean=False):
    """Django's display_for_value, with dates in BE: admin methods and properties that return a date."""
    if isinstance(value, datetime.date) and not boolean:
        return display_date(value)
    return _display_for_value(value, empty_value_display, boolean)


def install():
    # ModelAdmins copy FORMFIELD_FOR_DBFIELD_DEFAULTS when they are registered,
    # in the admin's autodiscover: this must run before it.
    names = [config.name for config in apps.get_app_configs()]
    if "django.contrib.admin" in names and names.index("django.contrib.admin") < names.index("kmlaas"):
        raise ImproperlyConfigured("Put kmlaas before django.contrib.admin in INSTALLED_APPS (BE dates).")
    # The admin's defaults for every date and datetime field; a ModelAdmin's own
    # formfield_overrides are merged over them, as over Django's.
    options.FORMFIELD_FOR_DBFIELD_DEFAULTS[models.DateField] = {
        "form_class": BuddhistDateField,
        "widget": BuddhistAdminDateWidget,
    }
    options.FORMFIELD_FOR_DBFIELD_DEFAULTS[models.DateTimeField] = {
        "form_class": BuddhistDateTimeField,
        "widget": BuddhistAdminSplitDateTime,
    }
    # Django formats dates for the change list and read-only fields through
    # these two functions, with the CE formats of the locale and no hook; the
    # modules that use them imported them by name, so each of those names is replaced.
    for module in (admin_utils, admin_list, helpers):
        module.display_for_field = display_for_field
    for module in (admin_utils, admin_list):
        module.display_for_value = display_for_value
