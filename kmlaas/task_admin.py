"""The background tasks' admin pages, labelled through the translation catalogs.

django_tasks_db labels three of its columns with English that no catalog can
reach (a model property and two plain strings); the rest of its ModelAdmin
is kept. The labels reuse the model fields' own translatable names.
"""

from django.contrib import admin
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult


def _field_name(name):
    return DBTaskResult._meta.get_field(name).verbose_name


class TaskResultAdmin(DBTaskResultAdmin):
    # The task first (it links to the details), in place of the row's UUID.
    list_display = (
        "task",
        *(name for name in DBTaskResultAdmin.list_display if name not in ("id", "task_name")),
    )

    @admin.display(description=_field_name("task_path"), ordering="task_path")
    def task(self, obj):
        return obj.task_name

    @admin.display(description=_field_name("traceback"))
    def formatted_traceback(self, obj):
        return super().formatted_traceback(obj)

    @admin.display(description=_field_name("run_after"))
    def display_run_after(self, obj):
        return super().display_run_after(obj)


admin.site.unregister(DBTaskResult)
admin.site.register(DBTaskResult, TaskResultAdmin)
