"""URL slugs that keep Thai readable, and the slugs items had before.

Django's unicode slug check accepts only letters and digits, and Thai vowel
and tone marks are neither (Unicode category Mn), so "บัญชี" either fails the
check or loses its marks ("บญช"). The rule here accepts the Thai letters with
their marks, lower-case Latin letters, Arabic digits and "-" / "_", and the
generator puts a "-" between Thai words so a slug reads like its title:
"คู่มือ-การ-บันทึก-บัญชี".

A slug that changes is remembered (OldSlug), so a URL that worked keeps
working: views that find an item by its slug redirect an old one.
"""

import re
import unicodedata

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core import validators
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from pythainlp.tokenize import word_tokenize

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# Thai letters, vowels and marks (U+0E01–U+0E3A, U+0E40–U+0E4E); not the
# Baht sign, Thai digits (folded to 0–9 first) or the old punctuation marks.
_CHARACTERS = "0-9a-z_\u0e01-\u0e3a\u0e40-\u0e4e"
_NOT_ALLOWED = re.compile(f"[^{_CHARACTERS}]+")

validate_slug = RegexValidator(
    re.compile(f"^[{_CHARACTERS}]+(?:-[{_CHARACTERS}]+)*\\Z"),
    _("ส่วนท้าย URL ใช้ได้เฉพาะตัวอักษรไทย a–z ตัวเลข และขีดกลาง (-) คั่นคำ เช่น คู่มือ-การ-บันทึก-บัญชี"),
    "invalid",
)


def slugify(text, max_length=120):
    """ "คู่มือการบันทึกบัญชี ฉบับ ๒" → "คู่มือ-การ-บันทึก-บัญชี-ฉบับ-2"; never empty."""
    text = unicodedata.normalize("NFC", str(text)).translate(_THAI_DIGITS).lower()
    words = []
    for token in word_tokenize(text, engine="newmm", keep_whitespace=False):
        words += [word for word in _NOT_ALLOWED.split(token) if word]
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug or (words[0][:max_length] if words else "item")


def unique_slug(instance, text, max_length):
    """A slug for text that no other row of the instance's model has."""
    base = slugify(text, max_length=max_length - 4)
    taken = type(instance)._default_manager.exclude(pk=instance.pk)
    slug, serial = base, 2
    while taken.filter(slug=slug).exists():
        slug, serial = f"{base}-{serial}", serial + 1
    return slug


class SlugFormField(forms.CharField):
    default_validators = [validate_slug]

    def __init__(self, *, allow_unicode=True, **kwargs):
        # The model field passes Django's SlugField arguments; the rule above decides.
        super().__init__(**kwargs)

    def to_python(self, value):
        return super().to_python(value).strip().lower()


class SlugField(models.SlugField):
    """A SlugField checked by the rule above instead of Django's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django's __init__ puts its own slug check on the instance, and
        # CharField has already copied it into the validators list.
        django_checks = (validators.validate_slug, validators.validate_unicode_slug)
        self.default_validators = [validate_slug]
        self.validators[:] = [validate_slug, *(v for v in self.validators if v not in django_checks)]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": SlugFormField, **kwargs})


class OldSlug(models.Model):
    """A slug an item had before; its old URLs redirect to the current one."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    slug = models.CharField(max_length=200)
    replaced_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ส่วนท้าย URL เดิม")
        verbose_name_plural = _("ส่วนท้าย URL เดิม")
        constraints = [models.UniqueConstraint(fields=["content_type", "slug"], name="old_slug_unique")]

    def __str__(self):
        return self.slug


def remember_old_slug(instance):
    """Called by save() before writing: keep the slug the row had until now."""
    if instance.pk is None:
        return
    model = type(instance)
    previous = model._base_manager.filter(pk=instance.pk).values_list("slug", flat=True).first()
    if previous and previous != instance.slug:
        OldSlug.objects.update_or_create(
            content_type=ContentType.objects.get_for_model(model),
            slug=previous,
            defaults={"object_id": instance.pk},
        )


def find_by_slug(request, queryset, slug):
    """(item, None) for an item at this slug; (None, a permanent redirect to
    the same page at the current slug) for a slug an item had before; else 404."""
    if "\x00" in slug:  # PostgreSQL text cannot hold it: no item has it
        raise Http404
    item = queryset.filter(slug=slug).first()
    if item is not None:
        return item, None
    object_id = (
        OldSlug.objects.filter(content_type=ContentType.objects.get_for_model(queryset.model), slug=slug)
        .values_list("object_id", flat=True)
        .first()
    )
    item = queryset.filter(pk=object_id).first() if object_id else None
    if item is None:
        raise Http404
    match = request.resolver_match
    url = reverse(match.view_name, args=match.args, kwargs={**match.kwargs, "slug": item.slug})
    if request.META.get("QUERY_STRING"):
        url += "?" + request.META["QUERY_STRING"]
    return None, HttpResponsePermanentRedirect(url)


_THAI = re.compile("[\u0e00-\u0e7f]")


def repair_slugs(apps, app_label, model_name, text_of):
    """For a data migration: remake every slug with Thai in it (the earlier
    generator made those, without word breaks and sometimes invalid) and any
    slug the rule refuses, remembering the old one so its URLs redirect.
    Slugs staff typed in Latin letters are left alone."""
    model = apps.get_model(app_label, model_name)
    content_type, _created = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label=app_label, model=model_name
    )
    old_slugs = apps.get_model("kmlaas", "OldSlug").objects
    field = model._meta.get_field("slug")
    for row in model.objects.order_by("pk"):
        try:
            validate_slug(row.slug)
        except ValidationError:
            pass
        else:
            if not _THAI.search(row.slug):
                continue
        slug = unique_slug(row, text_of(row), field.max_length)
        if slug == row.slug:
            continue
        if row.slug:
            old_slugs.update_or_create(
                content_type=content_type, slug=row.slug, defaults={"object_id": row.pk}
            )
        model.objects.filter(pk=row.pk).update(slug=slug)
