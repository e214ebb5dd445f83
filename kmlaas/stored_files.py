"""Files in storage live and die with the rows that name them.

A row that owns files (an attachment, a news cover and its sizes) inherits
`OwnsFiles`; its queryset `OwnsFilesQuerySet`. Then:

- deleting the row, one (`delete()`) or many (`queryset.delete()`, which the
  admin's bulk delete calls), deletes its files — and the files of every row
  the delete cascades to, found the way Django finds them (its Collector) —
  once the transaction commits, so a rolled-back delete keeps them;
- saving a row that no longer names a file (replaced or cleared) deletes the
  old file once the transaction commits;
- files saved inside `removed_if_failed()` are deleted again when the block
  raises, i.e. when its transaction rolled back and no row names them.

Everything goes through the storage API (disk or S3). What still slips
through — a delete of a parent whose model does not own files, a rollback of
a transaction opened outside `removed_if_failed()`, a process killed mid-way,
editor images never used in a saved text — is found by `manage.py sweep_media`.
"""

import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models, router, transaction
from django.db.models.deletion import Collector

logger = logging.getLogger(__name__)

# The files saved so far in each open removed_if_failed() block, innermost last.
_blocks = ContextVar("stored_files_blocks", default=())


def file_fields(model):
    return [field for field in model._meta.concrete_fields if isinstance(field, models.FileField)]


def owns_files(model):
    return issubclass(model, OwnsFiles) or bool(file_fields(model))


def names_of(instance):
    """{name: storage} of every file the row owns."""
    if isinstance(instance, OwnsFiles):
        return instance.stored_names()
    return _field_names(instance)


def _field_names(instance):
    names = {}
    for field in file_fields(type(instance)):
        value = getattr(instance, field.attname)
        if value:
            names[value.name] = field.storage
    return names


def walk(storage, folder=""):
    """The name of every file under `folder` ("" for all) of a storage, through
    its listdir, so local disk and S3 alike."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}{name}"
    for sub in folders:
        yield from walk(storage, f"{folder}{sub}/")


def delete_now(names):
    for name, storage in names.items():
        try:
            storage.delete(name)
        except Exception:
            # A file that cannot be deleted now is an orphan the sweep finds later.
            logger.warning("Could not delete stored file %r", name, exc_info=True)


def delete_on_commit(names, using=None):
    """Delete these files once the current transaction commits (at once outside one)."""
    if names:
        names = dict(names)
        transaction.on_commit(lambda: delete_now(names), using=using)


def note_saved(names):
    """Tell the enclosing removed_if_failed() blocks that these files were just saved."""
    blocks = _blocks.get()
    if blocks:
        blocks[-1].update(names)


@contextmanager
def removed_if_failed():
    """Files saved in the block are deleted if the block raises.

    Wrap it around the transaction (outside `atomic`): an exception leaving
    the block means the rows naming the files were rolled back. A block that
    succeeds hands its files to an enclosing block, whose failure still undoes them.
    """
    saved = {}
    token = _blocks.set((*_blocks.get(), saved))
    try:
        yield
    except BaseException:
        delete_now(saved)
        raise
    finally:
        _blocks.reset(token)
    note_saved(saved)


def files_deleted_with(objs, using):
    """{name: storage} of the files of `objs` (instances or a queryset) and of
    every row a delete of them cascades to, generic relations included."""
    collector = Collector(using=using)
    collector.collect(objs)
    by_model = {}
    for model, instances in collector.data.items():
        by_model.setdefault(model, set()).update(obj.pk for obj in instances)
    for queryset in collector.fast_deletes:
        if owns_files(queryset.model):
            by_model.setdefault(queryset.model, set()).update(queryset.values_list("pk", flat=True))
    names = {}
    for model, pks in by_model.items():
        if owns_files(model) and pks:
            # Read again in full: the collector may have loaded only the keys.
            for row in model._base_manager.using(using).filter(pk__in=pks):
                names.update(names_of(row))
    return names


class RemovesFailedUploadsAdmin:
    """For a ModelAdmin whose form or inlines upload files: if the save fails
    after they were stored (its transaction rolls back), they are deleted."""

    def changeform_view(self, *args, **kwargs):
        with removed_if_failed():
            return super().changeform_view(*args, **kwargs)


class OwnsFilesQuerySet(models.QuerySet):
    def delete(self):
        if self.query.is_sliced or self._fields is not None:
            return super().delete()  # which refuses, with Django's message
        using = self.db
        with transaction.atomic(using=using):
            names = files_deleted_with(self, using)
            result = super().delete()
            delete_on_commit(names, using)
        return result

    delete.alters_data = True
    delete.queryset_only = True


class OwnsFiles(models.Model):
    """A model whose rows own stored files (its FileFields, and any files made
    from them, named by `stored_names()`)."""

    # Folders of the default storage only rows of this model put files in: sweep_media looks there.
    file_folders = ()
    # Fields besides the FileFields that stored_names() reads (the sweep loads only these).
    file_name_fields = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        adding = self._state.adding
        super().save(*args, **kwargs)
        self.files_saved(adding)

    def delete(self, *args, **kwargs):
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            names = files_deleted_with([self], using)
            result = super().delete(*args, **kwargs)
            delete_on_commit(names, using)
        return result

    def stored_names(self):
        """{name: storage} of the files this row owns. Override to add derived files."""
        return _field_names(self)

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        # What the row named when read, to delete what an edit replaces; unknown
        # when fields were deferred (reading them here would cost a query per row).
        instance._files_at_load = None if instance.get_deferred_fields() else instance.stored_names()
        return instance

    def files_saved(self, adding=False):
        """After a save: files the row no longer names go once the transaction
        commits; new ones are noted for removed_if_failed()."""
        now = self.stored_names()
        before = getattr(self, "_files_at_load", None)
        if before is None and not adding:
            return  # loaded with deferred fields: unknown, left to the sweep
        before = before or {}
        delete_on_commit(
            {name: storage for name, storage in before.items() if name not in now},
            router.db_for_write(type(self), instance=self),
        )
        note_saved({name: storage for name, storage in now.items() if name not in before})
        self._files_at_load = now
