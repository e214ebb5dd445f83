from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _


class Entry(models.Model):
    """One searchable item of any section, as the search sees it.

    `title` and `body` keep the original text (for display and highlighting);
    the `*_tokens` fields hold the same text cut into words, from which
    `vector` is built. Status and publish time are copied so that drafts never
    show and a scheduled item appears by itself when its time comes.
    """

    content_type = models.ForeignKey(ContentType, verbose_name=_("ประเภทเนื้อหา"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(_("รหัสรายการ"))
    section = models.CharField(_("หมวด"), max_length=20, db_index=True)
    title = models.CharField(_("ชื่อเรื่อง"), max_length=400)
    body = models.TextField(_("เนื้อหา"), blank=True)
    url = models.TextField(_("ที่อยู่หน้า"))
    date = models.DateField(_("วันที่"), null=True, blank=True)
    number = models.CharField(_("เลขที่หนังสือ"), max_length=100, blank=True, db_index=True)
    title_tokens = models.TextField(_("คำในชื่อเรื่อง"), blank=True)
    body_tokens = models.TextField(_("คำในเนื้อหา"), blank=True)
    vector = SearchVectorField(null=True)
    is_public = models.BooleanField(_("แสดงต่อสาธารณะ"), default=False)
    publish_at = models.DateTimeField(_("เผยแพร่เมื่อ"), null=True, blank=True)
    indexed_at = models.DateTimeField(_("จัดทำดัชนีเมื่อ"), auto_now=True)

    class Meta:
        verbose_name = _("รายการในดัชนีค้นหา")
        verbose_name_plural = _("ดัชนีค้นหา")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="search_entry_unique")
        ]
        indexes = [
            GinIndex(fields=["vector"], name="search_entry_vector"),
            GinIndex(fields=["title"], name="search_entry_title_trgm", opclasses=["gin_trgm_ops"]),
            # Search-as-you-type's icontains compares upper-cased text.
            GinIndex(OpClass(Upper("title"), name="gin_trgm_ops"), name="search_entry_title_upper_trgm"),
            models.Index(fields=["is_public", "publish_at"], name="search_entry_visible"),
        ]

    def __str__(self):
        return self.title


class Word(models.Model):
    """Every word the index holds, once: the spelling suggestions look here
    with trigram similarity, which is quick on a table of short words and
    slow on long Thai titles."""

    text = models.CharField(max_length=100, unique=True)

    class Meta:
        # Without the pending list of fastupdate, which the planner prices so
        # high after a batch of new words that it scans the table instead.
        indexes = [
            GinIndex(fields=["text"], name="search_word_trgm", opclasses=["gin_trgm_ops"], fastupdate=False)
        ]

    def __str__(self):
        return self.text


class Query(models.Model):
    """What people searched for — the words, the number of results and the
    time taken; nothing about who searched."""

    text = models.CharField(_("คำค้น"), max_length=200, db_index=True)
    section = models.CharField(_("หมวด"), max_length=20, blank=True)
    results = models.PositiveIntegerField(_("จำนวนผลลัพธ์"))
    milliseconds = models.PositiveIntegerField(_("เวลา (มิลลิวินาที)"))
    searched_at = models.DateTimeField(_("ค้นเมื่อ"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("คำค้น")
        verbose_name_plural = _("สถิติคำค้น")
        ordering = ["-searched_at"]

    def __str__(self):
        return self.text
