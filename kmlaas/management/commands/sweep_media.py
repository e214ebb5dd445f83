"""Find stored files no row names any more, and delete them with --delete.

Deleting rows and replacing files clean up after themselves
(kmlaas.stored_files); this finds what slipped through: files of rows
deleted by a cascade from a model that owns no files, uploads whose
transaction rolled back outside removed_if_failed(), a process killed
half-way, and editor images uploaded for a text that was never saved.

Only the folders the project writes to are looked at. A file is kept when a
row names it (its FileField, or a file made from it: thumbnails, cover
sizes), when it is an editor image whose name appears in any text column
(revisions included, so restoring one keeps its pictures), or when it is
younger than --min-age (an upload still being saved).
"""

import re
from datetime import timedelta

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from kmlaas import richtext
from kmlaas.stored_files import OwnsFiles, file_fields, names_of, walk

# Names per regular expression sent to PostgreSQL when looking for editor images in texts.
_BATCH = 200
_TEXT_COLUMNS = {"CharField", "TextField"}


def _folders():
    found = {richtext.EDITOR_FOLDER}
    for model in apps.get_models():
        if issubclass(model, OwnsFiles):
            found.update(model.file_folders)
    # A folder inside another is walked with it.
    return sorted(f for f in found if not any(f != other and f.startswith(other) for other in found))


def _tables():
    return [model for model in apps.get_models() if model._meta.managed and not model._meta.proxy]


def _named_by_rows():
    names = set()
    for model in _tables():
        fields = [field.name for field in file_fields(model)]
        extra = list(getattr(model, "file_name_fields", ()))
        if not fields and not extra:
            continue
        for row in model._base_manager.only("pk", *fields, *extra).iterator(chunk_size=500):
            names.update(names_of(row))
    return names


def _named_in_texts(names):
    """Which of these editor images some text names, in any table (revisions included)."""
    basenames = {name.rsplit("/", 1)[-1] for name in names}
    found = set()
    text_models = []
    for model in _tables():
        # By the column, not the field's class: rich text (CKEditor5Field) is a text column too.
        columns = [f.name for f in model._meta.concrete_fields if f.get_internal_type() in _TEXT_COLUMNS]
        if columns:
            text_models.append((model, columns))
    ordered = sorted(basenames)
    for start in range(0, len(ordered), _BATCH):
        batch = ordered[start : start + _BATCH]
        pattern = "|".join(re.escape(name) for name in batch)
        finder = re.compile(pattern)
        for model, columns in text_models:
            condition = Q()
            for column in columns:
                condition |= Q(**{f"{column}__regex": pattern})
            for values in model._base_manager.filter(condition).values_list(*columns).iterator():
                for value in values:
                    if value:
                        found.update(finder.findall(value))
    return {name for name in names if name.rsplit("/", 1)[-1] in found}


class Command(BaseCommand):
    help = (
        "List stored files that no row names (orphans); with --delete, delete them. "
        "Files younger than --min-age minutes are kept (uploads in flight)."
    )

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group()
        action.add_argument(
            "--dry-run", action="store_true", help="only list what would be deleted (the default)"
        )
        action.add_argument("--delete", action="store_true", help="delete the orphans")
        parser.add_argument(
            "--min-age", type=int, default=60, help="keep files modified in the last N minutes (default 60)"
        )

    def handle(self, *args, delete, min_age, **options):
        storage = default_storage
        stored = [name for folder in _folders() for name in walk(storage, folder)]
        referenced = _named_by_rows()
        unnamed = [name for name in stored if name not in referenced]
        editor_images = [name for name in unnamed if name.startswith(richtext.EDITOR_FOLDER)]
        in_texts = _named_in_texts(editor_images) if editor_images else set()
        newest = timezone.now() - timedelta(minutes=min_age)
        orphans, young = [], 0
        for name in unnamed:
            if name in in_texts:
                continue
            try:
                modified = storage.get_modified_time(name)
            except (NotImplementedError, OSError):
                modified = None  # age unknown: kept, as if young
            if modified is None or modified > newest:
                young += 1
                continue
            orphans.append(name)
        for name in orphans:
            if delete:
                storage.delete(name)
                self.stdout.write(f"deleted {name}")
            else:
                self.stdout.write(f"would delete {name}")
        verb = "deleted" if delete else "would delete (run with --delete to delete)"
        self.stdout.write(
            f"{len(stored)} files in {', '.join(_folders())}: {len(orphans)} orphans {verb}, "
            f"{young} unnamed but younger than {min_age} minutes kept."
        )
