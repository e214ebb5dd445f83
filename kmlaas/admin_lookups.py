"""Admin lookups by a value typed into the address or posted by a form,
kept from the database (or datetime()) when no row could have it.

Django's autocomplete inputs, shown again after a form error, look the
submitted ids up with `pk__in`; django-simple-history's history pages filter
by the ids in the address; a change list's date hierarchy turns
?publish_at__year= into datetime(). "abc" or a 30-digit number raised
ValueError or OverflowError there (a server error) instead of the form's
message, the change list's "invalid filter" answer or a 404.
"""

from django.contrib.admin import options, widgets
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views import main
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


class ChangeList(main.ChangeList):
    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except OverflowError as error:  # Django turns only ValueError into a bad filter
            raise IncorrectLookupParameters(error) from error


def install():
    # ModelAdmin.formfield_for_foreignkey/manytomany make these by the names
    # django.contrib.admin.options imported; the subclasses stand in for them.
    options.AutocompleteSelect = AutocompleteSelect
    options.AutocompleteSelectMultiple = AutocompleteSelectMultiple
    # ModelAdmin.get_changelist imports the class from its module when called.
    main.ChangeList = ChangeList
