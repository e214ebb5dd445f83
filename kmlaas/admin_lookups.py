"""Admin lookups by an id typed into the address or posted by a form, kept
from reaching the database when no row could have that id.

Django's autocomplete inputs, shown again after a form error, look the
submitted ids up with `pk__in`; django-simple-history's history pages filter
by the ids in the address. Either way "abc" or a 5,000-digit number raised
ValueError (a server error) instead of the form's message or a 404.
"""

from django.contrib.admin import options, widgets
from django.core.exceptions import ValidationError


def value_fits(field, value):
    """Whether value could be stored in field (type and range)."""
    try:
        field.run_validators(field.to_python(value))
    except (ValidationError, ValueError, TypeError):
        return False
    return True


class _KnownIdsOnly:
    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        opts = remote.model._meta
        target = opts.get_field(getattr(remote, "field_name", None) or opts.pk.name)
        return super().optgroups(name, [v for v in value if value_fits(target, v)], attr)


class AutocompleteSelect(_KnownIdsOnly, widgets.AutocompleteSelect):
    pass


class AutocompleteSelectMultiple(_KnownIdsOnly, widgets.AutocompleteSelectMultiple):
    pass


def install():
    # ModelAdmin.formfield_for_foreignkey/manytomany make these by the names
    # django.contrib.admin.options imported; the subclasses stand in for them.
    options.AutocompleteSelect = AutocompleteSelect
    options.AutocompleteSelectMultiple = AutocompleteSelectMultiple
