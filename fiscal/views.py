from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from fiscal import charts
from fiscal.figures import fiscal_year_label, from_actuals, from_totals
from fiscal.models import Actual, FiscalTotal
from kmlaas import thai
from kmlaas.registry import exports
from kmlaas.registry.forms import LookupForm
from kmlaas.registry.models import LAO, District, Province
from kmlaas.sections import SECTIONS_BY_KEY

SECTION = SECTIONS_BY_KEY["fiscal"]
CHART_ROWS = 20
Scope = FiscalTotal.Scope
_FIELDS = (
    "fiscal_year",
    "scope",
    "month",
    "kind",
    "province_id",
    "district_id",
    "lao_id",
    "category",
    "amount",
    "as_of",
)


def _years():
    return FiscalTotal.objects.filter(scope=Scope.NATION).values_list("fiscal_year", flat=True).distinct()


def _year(request):
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return thai.current_fiscal_year()
    return year if 2500 <= year <= 2700 else thai.current_fiscal_year()


def _with_year(url, year):
    return f"{url}?{urlencode({'year': year})}"


def _respond(request, template, context, tables):
    fmt = request.GET.get("format")
    if fmt:
        wanted = request.GET.get("table", tables[0].key)
        table = next((t for t in tables if t.key == wanted), None)
        if fmt not in exports.FORMATS or table is None:
            raise Http404
        return exports.respond(
            fmt, f"fiscal-{context['year']}-{table.key}", table.headers, table.export_rows()
        )
    return render(request, template, context)


def _context(request, year, figures, title, crumbs, picker, children=None):
    categories = figures.category_tables()
    months = figures.month_table()
    tables = [*([children] if children else []), *categories, months]
    form = LookupForm({**picker, "year": year}, years=_years())
    form.is_valid()
    context = {
        "section": SECTION,
        "year": year,
        "year_range": fiscal_year_label(year),
        "title": title,
        "figures": figures,
        "form": form,
        "children": children,
        # A chart of 77 provinces is unreadable: it shows the first rows in the
        # chosen order, and the table below it has every row.
        "children_chart": charts.horizontal([(str(r[0]), [r[1], r[2]]) for r in children.rows[:CHART_ROWS]])
        if children
        else None,
        "chart_rows": CHART_ROWS,
        "categories": categories,
        "months": months,
        "month_charts": figures.month_charts(),
        "crumbs": crumbs,
        "sort": request.GET.get("sort", "-revenue"),
    }
    return context, tables


@require_safe
def index(request):
    year = _year(request)
    # The drill-down picker submits here; send it on to the page it names.
    if code := request.GET.get("lao"):
        if lao := LAO.objects.filter(code=code, district_id=request.GET.get("district")).first():
            return redirect(_with_year(reverse("fiscal:lao", args=[lao.code]), year))
    if code := request.GET.get("district"):
        if District.objects.filter(code=code, province_id=request.GET.get("province")).exists():
            return redirect(_with_year(reverse("fiscal:district", args=[code]), year))
    if (code := request.GET.get("province")) and Province.objects.filter(code=code).exists():
        return redirect(_with_year(reverse("fiscal:province", args=[code]), year))
    rows = FiscalTotal.objects.filter(
        fiscal_year__in=[year, year - 1],
        scope__in=[Scope.NATION, Scope.NATION_MONTH, Scope.KIND, Scope.PROVINCE],
    ).values(*_FIELDS)
    figures = from_totals(rows, year, Scope.NATION, Scope.NATION_MONTH, Scope.PROVINCE, "province_id")
    children = figures.child_table(
        "provinces",
        _("รายรับและรายจ่ายจริงแยกตามจังหวัด"),
        _("จังหวัด"),
        [
            (p.code, p.name, _with_year(reverse("fiscal:province", args=[p.code]), year))
            for p in Province.objects.all()
        ],
        request.GET.get("sort"),
    )
    context, tables = _context(request, year, figures, _("ทั้งประเทศ"), [(None, SECTION.title)], {}, children)
    kinds = figures.kind_table(LAO.Kind.choices)
    context["kinds"] = kinds
    return _respond(request, "fiscal/overview.html", context, [*tables, kinds])


@require_safe
def province(request, code):
    year = _year(request)
    place = get_object_or_404(Province, code=code)
    rows = FiscalTotal.objects.filter(
        fiscal_year__in=[year, year - 1],
        province=place,
        scope__in=[Scope.PROVINCE, Scope.PROVINCE_MONTH, Scope.DISTRICT],
    ).values(*_FIELDS)
    figures = from_totals(rows, year, Scope.PROVINCE, Scope.PROVINCE_MONTH, Scope.DISTRICT, "district_id")
    children = figures.child_table(
        "districts",
        _("รายรับและรายจ่ายจริงแยกตามอำเภอ"),
        _("อำเภอ"),
        [
            (d.code, d.name, _with_year(reverse("fiscal:district", args=[d.code]), year))
            for d in place.districts.all()
        ],
        request.GET.get("sort"),
    )
    title = _("จังหวัด%(name)s") % {"name": place.name}
    crumbs = [(_with_year(reverse("fiscal:index"), year), SECTION.title), (None, place.name)]
    context, tables = _context(request, year, figures, title, crumbs, {"province": place.code}, children)
    return _respond(request, "fiscal/overview.html", context, tables)


@require_safe
def district(request, code):
    year = _year(request)
    place = get_object_or_404(District.objects.select_related("province"), code=code)
    rows = FiscalTotal.objects.filter(
        fiscal_year__in=[year, year - 1],
        district=place,
        scope__in=[Scope.DISTRICT, Scope.DISTRICT_MONTH, Scope.LAO],
    ).values(*_FIELDS)
    figures = from_totals(rows, year, Scope.DISTRICT, Scope.DISTRICT_MONTH, Scope.LAO, "lao_id")
    children = figures.child_table(
        "laos",
        _("รายรับและรายจ่ายจริงแยกตาม อปท."),
        _("อปท."),
        [
            (lao.id, lao.name, _with_year(reverse("fiscal:lao", args=[lao.code]), year))
            for lao in place.laos.all()
        ],
        request.GET.get("sort"),
    )
    title = _("อำเภอ%(name)s จังหวัด%(province)s") % {"name": place.name, "province": place.province.name}
    crumbs = [
        (_with_year(reverse("fiscal:index"), year), SECTION.title),
        (_with_year(reverse("fiscal:province", args=[place.province_id]), year), place.province.name),
        (None, place.name),
    ]
    picker = {"province": place.province_id, "district": place.code}
    context, tables = _context(request, year, figures, title, crumbs, picker, children)
    return _respond(request, "fiscal/overview.html", context, tables)


@require_safe
def lao(request, code):
    year = _year(request)
    organisation = get_object_or_404(LAO.objects.select_related("province", "district"), code=code)
    rows = Actual.objects.filter(lao=organisation, fiscal_year__in=[year, year - 1]).values(
        "fiscal_year", "month", "category", "amount", "as_of"
    )
    figures = from_actuals(rows, year)
    crumbs = [
        (_with_year(reverse("fiscal:index"), year), SECTION.title),
        (
            _with_year(reverse("fiscal:province", args=[organisation.province_id]), year),
            organisation.province.name,
        ),
        (
            _with_year(reverse("fiscal:district", args=[organisation.district_id]), year),
            organisation.district.name,
        ),
        (None, organisation.name),
    ]
    picker = {
        "province": organisation.province_id,
        "district": organisation.district_id,
        "lao": organisation.code,
    }
    context, tables = _context(request, year, figures, organisation.name, crumbs, picker)
    context["lao"] = organisation
    return _respond(request, "fiscal/overview.html", context, tables)
