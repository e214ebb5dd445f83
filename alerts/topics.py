"""What one can subscribe to: the sections whose new items are mailed, and
where each item's e-LAAS modules are. The one list the form, the admin, the
publishing hook and the per-module feed read."""

from dataclasses import dataclass

from django.apps import apps
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Topic:
    key: str
    label: str
    model: str  # app_label.ModelName
    modules: str  # "" (no module), "module" (one, a foreign key) or "modules" (several)

    def model_class(self):
        return apps.get_model(self.model)


TOPICS = [
    Topic("regulations", _("หนังสือสั่งการ ระเบียบ และกฎหมาย"), "regulations.Regulation", ""),
    Topic("updates", _("ข้อมูลการปรับปรุงระบบ"), "updates.Update", "modules"),
    Topic("manuals", _("คู่มือและฉบับปรับปรุงใหม่"), "manuals.Manual", "module"),
    Topic("news", _("ข่าวประชาสัมพันธ์"), "news.NewsItem", ""),
    Topic("faq", _("คำถามที่พบบ่อย"), "faq.Faq", "modules"),
    Topic("downloads", _("แบบฟอร์ม"), "downloads.Form", "module"),
]

TOPICS_BY_KEY = {topic.key: topic for topic in TOPICS}
CHOICES = [(topic.key, topic.label) for topic in TOPICS]


def topic_of(obj):
    """The topic an item belongs to, or None for a publishable that is not mailed (policy pages)."""
    label = obj._meta.label
    return next((topic for topic in TOPICS if topic.model == label), None)


def module_ids(obj, topic):
    if topic.modules == "module":
        return [obj.module_id] if obj.module_id else []
    if topic.modules == "modules":
        return sorted(obj.modules.values_list("pk", flat=True))
    return []
