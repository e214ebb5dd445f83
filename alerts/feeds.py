"""One feed per e-LAAS module: what every section published about it."""

from heapq import merge

from django.shortcuts import get_object_or_404
from django.urls import reverse

from alerts.topics import TOPICS
from kmlaas.feeds import SectionFeed
from kmlaas.taxonomy import Module

LATEST = 30


class ModuleFeed(SectionFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Module, slug=slug)

    def title(self, module):
        return f"KM e-LAAS — ระบบงาน {module.name}"

    def link(self, module):
        return reverse("alerts:subscribe")

    def description(self, module):
        return f"หนังสือสั่งการ การปรับปรุงระบบ คู่มือ คำถามที่พบบ่อย และแบบฟอร์มเกี่ยวกับระบบงาน {module.name}"

    def items(self, module):
        # One query per section that names modules, merged newest first.
        lists = []
        for topic in TOPICS:
            if topic.modules:
                lookup = {topic.modules: module}
                published = topic.model_class().objects.published().filter(**lookup)
                lists.append(list(published.order_by("-publish_at")[:LATEST]))
        return list(merge(*lists, key=lambda item: item.publish_at, reverse=True))[:LATEST]

    def item_title(self, item):
        return str(item)

    def item_description(self, item):
        return getattr(item, "summary", "") or getattr(item, "description", "")
