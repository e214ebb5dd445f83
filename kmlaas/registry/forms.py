from django import forms
from django.utils.translation import gettext_lazy as _

from kmlaas import thai
from kmlaas.registry.models import LAO, District, Province


class PlacePicker(forms.Form):
    """Province → district → LAO, each chosen by its code, each list narrowed
    by the choice above it. A form that asks for a place extends this and calls
    `narrow_places()` with the province and district codes it was given."""

    province = forms.ModelChoiceField(
        label=_("จังหวัด"), queryset=Province.objects.all(), to_field_name="code", required=False
    )
    district = forms.ModelChoiceField(
        label=_("อำเภอ"), queryset=District.objects.none(), to_field_name="code", required=False
    )
    lao = forms.ModelChoiceField(
        label=_("อปท."), queryset=LAO.objects.none(), to_field_name="code", required=False
    )
    # What an empty choice reads: "all" in a filter, "choose" in a form to fill in.
    empty_labels = {"province": _("ทุกจังหวัด"), "district": _("ทุกอำเภอ"), "lao": _("ทุก อปท.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in self.empty_labels.items():
            self.fields[name].empty_label = label

    def narrow_places(self, province, district):
        if province:
            self.fields["district"].queryset = District.objects.filter(province_id=province)
        if province and district:
            self.fields["lao"].queryset = LAO.objects.filter(province_id=province, district_id=district).only(
                "code", "name"
            )


class LookupForm(PlacePicker):
    """A place and a fiscal year. Works as a plain GET form: each submit
    re-renders the page with the next list filled, so it needs no JavaScript;
    with htmx the page region is swapped on change."""

    year = forms.TypedChoiceField(label=_("ปีงบประมาณ"), coerce=int, required=False)

    def __init__(self, data=None, *, years=(), **kwargs):
        super().__init__(data, **kwargs)
        years = sorted(set(years) | {thai.current_fiscal_year()}, reverse=True)
        self.fields["year"].choices = [(y, f"{y}") for y in years]
        self.fields["year"].initial = thai.current_fiscal_year()
        data = data or {}
        province, district = data.get("province"), data.get("district")
        self.narrow_places(province, district)
        if not (province and district):
            self.fields["lao"].widget.attrs["disabled"] = True
        if not province:
            self.fields["district"].widget.attrs["disabled"] = True

    def selection(self):
        """(province, district, lao, year); a choice that does not belong to
        the one above it (after the province changed) is dropped, not an error."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        province = data.get("province")
        district = data.get("district") if province else None
        lao = data.get("lao") if district else None
        year = data.get("year") or thai.current_fiscal_year()
        return province, district, lao, year

    def full_clean(self):
        # Invalid dependent choices are dropped instead of failing the whole form.
        super().full_clean()
        for name in ("province", "district", "lao", "year"):
            if name in self.errors:
                del self.errors[name]
                self.cleaned_data[name] = None
