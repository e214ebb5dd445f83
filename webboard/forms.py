import unicodedata
from pathlib import PurePath

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kmlaas.attachments import validate_upload
from kmlaas.taxonomy import Tag
from webboard.markup import MAX_LENGTH
from webboard.models import ModerationLog, Room, RoomWatch

# Members attach pictures of a screen, a PDF letter or a spreadsheet; nothing else.
ALLOWED_EXTENSIONS = {"jpg", "jpeg", "png", "gif", "webp", "pdf", "xlsx", "xls"}
MAX_FILES = 5
BODY_HELP = _("จัดรูปแบบได้: **ตัวหนา** *ตัวเอียง* `รหัส` > อ้างอิง - รายการ และวางลิงก์ได้")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(_("แนบได้ไม่เกิน %(n)s ไฟล์") % {"n": MAX_FILES})
        for upload in files:
            if PurePath(upload.name).suffix.lower().lstrip(".") not in ALLOWED_EXTENSIONS:
                raise forms.ValidationError(_("แนบได้เฉพาะรูปภาพ PDF และ Excel"), code="kind")
            validate_upload(upload)
        return files


def clean_title(title):
    """A title is one line: it becomes the subject of every notification
    e-mail, where a line break makes the mail unsendable."""
    if any(unicodedata.category(char) in ("Cc", "Zl", "Zp") for char in title):
        raise forms.ValidationError(_("หัวข้อต้องเป็นข้อความบรรทัดเดียว ไม่มีการขึ้นบรรทัดใหม่หรืออักขระควบคุม"))
    return title


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("ข้อความ"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_LENGTH,
        help_text=BODY_HELP,
    )
    files = FilesField(
        label=_("แนบไฟล์"),
        help_text=_("รูปภาพ PDF หรือ Excel ไม่เกิน %(n)s ไฟล์") % {"n": MAX_FILES},
    )

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("โปรดพิมพ์ข้อความ"))
        return body


class ThreadForm(PostForm):
    title = forms.CharField(label=_("หัวข้อคำถาม"), max_length=200, min_length=5)
    tags = forms.ModelMultipleChoiceField(
        label=_("ป้ายกำกับ"), queryset=Tag.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )

    field_order = ["title", "body", "tags", "files"]

    def clean_title(self):
        return clean_title(self.cleaned_data["title"])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not Tag.objects.exists():
            del self.fields["tags"]


class EditForm(forms.Form):
    title = forms.CharField(label=_("หัวข้อคำถาม"), max_length=200, min_length=5, required=False)
    body = PostForm.base_fields["body"]

    def __init__(self, *args, first=False, **kwargs):
        super().__init__(*args, **kwargs)
        if first:
            self.fields["title"].required = True
        else:
            del self.fields["title"]

    def clean_title(self):
        return clean_title(self.cleaned_data["title"])


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("เหตุผลที่รายงาน"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class HideForm(forms.Form):
    reason = forms.CharField(label=_("เหตุผลที่ซ่อน"), max_length=300)


class ModerateForm(forms.Form):
    action = forms.ChoiceField(
        label=_("การดำเนินการ"),
        choices=[
            (a.value, a.label)
            for a in (
                ModerationLog.Action.PIN,
                ModerationLog.Action.UNPIN,
                ModerationLog.Action.LOCK,
                ModerationLog.Action.UNLOCK,
                ModerationLog.Action.CLOSE,
                ModerationLog.Action.REOPEN,
                ModerationLog.Action.MOVE,
            )
        ],
    )
    pinned_until = forms.DateField(
        label=_("ปักหมุดถึงวันที่"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    room = forms.ModelChoiceField(
        label=_("ย้ายไปห้อง"), queryset=Room.objects.filter(is_active=True), required=False
    )
    reason = forms.CharField(label=_("เหตุผล"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == ModerationLog.Action.PIN:
            day = data.get("pinned_until")
            if not day or day < timezone.localdate():
                self.add_error("pinned_until", _("โปรดระบุวันที่สิ้นสุดการปักหมุด (วันนี้หรือหลังจากนี้)"))
            else:
                end = timezone.datetime.combine(day, timezone.datetime.max.time())
                data["pinned_until"] = timezone.make_aware(end)
        if action == ModerationLog.Action.MOVE and not data.get("room"):
            self.add_error("room", _("โปรดเลือกห้องปลายทาง"))
        return data


class ListFilterForm(forms.Form):
    show = forms.ChoiceField(
        required=False,
        choices=[
            ("", _("ทั้งหมด")),
            ("unanswered", _("รอคำตอบ")),
            ("answered", _("แก้ปัญหาแล้ว")),
            ("mine", _("กระทู้ของฉัน")),
            ("unread", _("ยังไม่ได้อ่าน")),
        ],
    )


class RoomWatchForm(forms.Form):
    OFF = "off"
    mode = forms.ChoiceField(
        label=_("รับอีเมลจากห้องนี้"),
        choices=[(OFF, _("ไม่รับ")), *RoomWatch.Mode.choices],
        required=False,
    )
