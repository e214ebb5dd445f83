"""What the e-mail alert tests share: subscribers, items, publishing from the
admin list as an approver, and running the worker's due tasks."""

import datetime
import re

from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from alerts.models import Subscription
from regulations.models import Agency, Regulation
from updates.models import Update

TZ = timezone.get_fixed_timezone(7 * 60)


def approver(admin_user):
    editor = Client()
    editor.force_login(admin_user)
    return editor


def subscribe(email, sections, modules=(), frequency="immediate", confirmed=True):
    subscription = Subscription.objects.create(
        email=email,
        sections=sections,
        frequency=frequency,
        confirmed_at=timezone.now() if confirmed else None,
    )
    subscription.modules.set(modules)
    return subscription


def draft_circular(title='การบันทึกบัญชี & ปิดบัญชี "สิ้นปี"', **fields):
    agency, _created = Agency.objects.get_or_create(name="กองบริหารการคลังท้องถิ่น", number_prefix="มท 0808.4")
    return Regulation.objects.create(
        title=title, agency=agency, number=fields.pop("number", "มท 0808.4/ว 1"), summary="สาระสำคัญ", **fields
    )


def draft_update(modules, title="ปรับปรุงหน้าจอฎีกา", **fields):
    update = Update.objects.create(
        title=title, summary="สรุป", effective_on=datetime.date(2026, 6, 1), **fields
    )
    update.modules.set(modules)
    return update


def publish(editor, item, capture):
    """The approver's "publish" action in the admin list."""
    opts = item._meta
    with capture(execute=True):
        response = editor.post(
            f"/admin/{opts.app_label}/{opts.model_name}/",
            {"action": "publish", "_selected_action": [item.pk]},
        )
    assert response.status_code == 302


def run_due_tasks(capture):
    """What the worker does: run every task whose time has come (the database backend)."""
    while due := list(DBTaskResult.objects.ready()):
        for result in due:
            result.delete()
            with capture(execute=True):
                result.task.call(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])


def link(message, path):
    return re.search(rf"https?://\S+{path}\S+/", message.body)[0]
