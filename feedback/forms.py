from django import forms
from django.utils.translation import gettext_lazy as _

from feedback.models import SurveyResponse

TOO_LONG = _("ความคิดเห็นยาวได้ไม่เกิน 1,000 ตัวอักษร (ตอนนี้ %(show_value)s ตัวอักษร)")


class AnswerForm(forms.Form):
    """The widget's post: an answer (with an optional comment), or later a comment alone."""

    helpful = forms.TypedChoiceField(
        required=False,
        choices=[("yes", _("เป็นประโยชน์")), ("no", _("ไม่เป็นประโยชน์"))],
        coerce=lambda value: value == "yes",
        empty_value=None,
    )
    comment = forms.CharField(
        label=_("บอกเราเพิ่มเติม (ไม่บังคับ)"),
        required=False,
        max_length=1000,
        error_messages={"max_length": TOO_LONG},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("helpful") is None and not cleaned.get("comment") and not self.errors:
            raise forms.ValidationError(_("เลือกว่าหน้านี้เป็นประโยชน์หรือไม่"))
        return cleaned


class SurveyForm(forms.ModelForm):
    # Left empty by people (hidden by the stylesheet); bots that fill every field are thanked and dropped.
    website = forms.CharField(label=_("เว็บไซต์ (เว้นว่างไว้)"), required=False)

    class Meta:
        model = SurveyResponse
        fields = ["respondent", *SurveyResponse.QUESTIONS, "suggestion"]
        widgets = {name: forms.RadioSelect for name in ["respondent", *SurveyResponse.QUESTIONS]}
        widgets["suggestion"] = forms.Textarea(attrs={"rows": 4, "maxlength": 1000})
        error_messages = {
            "respondent": {"required": _("โปรดเลือกว่าคุณตอบในนามใคร")},
            "suggestion": {"max_length": _("ข้อเสนอแนะยาวได้ไม่เกิน 1,000 ตัวอักษร")},
        } | {name: {"required": _("โปรดเลือกระดับความพึงพอใจข้อนี้")} for name in SurveyResponse.QUESTIONS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["respondent"].choices = SurveyResponse.Respondent.choices  # no "---------"
        for name in SurveyResponse.QUESTIONS:
            self.fields[name].choices = self.fields[name].choices[1:]
        self.fields["suggestion"].label = _("ข้อเสนอแนะเพื่อปรับปรุงเว็บไซต์ (ไม่บังคับ)")
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    @property
    def is_bot(self):
        return bool(self.data.get("website"))

    def clean_suggestion(self):
        return self.cleaned_data["suggestion"].strip()
