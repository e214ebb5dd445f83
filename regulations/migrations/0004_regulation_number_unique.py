from django.db import migrations, models

from regulations.numbers import normalize_number


def renormalize(apps, schema_editor):
    """The rule now also drops a "ที่" typed without a space: stored forms are
    made again with it before they are compared and indexed."""
    for model, field in (("Regulation", "number"), ("Relation", "target_number")):
        rows = apps.get_model("regulations", model).objects
        for pk, number, stored in rows.values_list("pk", field, f"{field}_normalized"):
            if normalize_number(number) != stored:
                rows.filter(pk=pk).update(**{f"{field}_normalized": normalize_number(number)})


def refuse_duplicate_numbers(apps, schema_editor):
    """Stop, listing them, when letters already share a number.

    A migration cannot tell which of two entries is the real letter, nor where
    references, attachments and history belong; renumbering either would publish
    a number no agency issued. Editors settle it in the admin of the release
    still running, then the migration is run again. (Without this check
    PostgreSQL would refuse the index too, but name only one number.)
    """
    Regulation = apps.get_model("regulations", "Regulation")
    shared = (
        Regulation.objects.exclude(number_normalized="")
        .order_by()
        .values("number_normalized")
        .annotate(count=models.Count("id"))
        .filter(count__gt=1)
        .values_list("number_normalized", flat=True)
    )
    letters = Regulation.objects.filter(number_normalized__in=list(shared)).order_by("number_normalized", "id")
    if letters:
        listed = "\n".join(
            f"  {letter.number_normalized}: id {letter.pk} “{letter.number}” {letter.title} ({letter.status})"
            for letter in letters
        )
        raise RuntimeError(
            "Regulations share a document number, which is now unique. Give each its own number or "
            "delete the duplicate in the admin (/admin/regulations/regulation/<id>/change/), then "
            f"migrate again:\n{listed}"
        )


class Migration(migrations.Migration):
    dependencies = [("regulations", "0003_repair_slugs")]

    operations = [
        migrations.RunPython(renormalize, migrations.RunPython.noop),
        migrations.RunPython(refuse_duplicate_numbers, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="regulation",
            constraint=models.UniqueConstraint(
                condition=models.Q(("number_normalized", ""), _negated=True),
                fields=("number_normalized",),
                name="regulation_number_unique",
            ),
        ),
    ]
