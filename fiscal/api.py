from fiscal.models import Actual, Category, FiscalTotal
from kmlaas.registry.api import BadRequest, int_param, json_view, money, page

_LEVELS = {
    "nation": FiscalTotal.Scope.NATION,
    "kind": FiscalTotal.Scope.KIND,
    "province": FiscalTotal.Scope.PROVINCE,
    "district": FiscalTotal.Scope.DISTRICT,
    "lao": FiscalTotal.Scope.LAO,
}


def _category(request, queryset):
    if category := request.GET.get("category"):
        if category not in Category.values:
            raise BadRequest("unknown category; see /api/fiscal/categories/")
        queryset = queryset.filter(category=category)
    return queryset


@json_view
def actuals(request):
    queryset = Actual.objects.all()
    if (year := int_param(request, "fiscal_year", None, 2400, 2700)) is not None:
        queryset = queryset.filter(fiscal_year=year)
    if lao := request.GET.get("lao"):
        queryset = queryset.filter(lao__code=lao)
    if (month := int_param(request, "month", None, 1, 12)) is not None:
        queryset = queryset.filter(month__month=month)
    queryset = _category(request, queryset).values(
        "id", "lao__code", "month", "fiscal_year", "category", "amount", "as_of"
    )
    return page(
        request,
        queryset,
        lambda a: {
            "id": a["id"],
            "lao": a["lao__code"],
            "month": a["month"].strftime("%Y-%m"),
            "fiscal_year": a["fiscal_year"],
            "category": a["category"],
            "amount": money(a["amount"]),
            "as_of": a["as_of"].isoformat(),
        },
    )


@json_view
def totals(request):
    year = int_param(request, "fiscal_year", None, 2400, 2700)
    if year is None:
        raise BadRequest("fiscal_year is required")
    level = request.GET.get("level", "nation")
    if level not in _LEVELS:
        raise BadRequest("level must be one of " + ", ".join(_LEVELS))
    queryset = FiscalTotal.objects.filter(fiscal_year=year, scope=_LEVELS[level])
    for name, field in (("province", "province_id"), ("district", "district_id"), ("kind", "kind")):
        if value := request.GET.get(name):
            queryset = queryset.filter(**{field: value})
    queryset = _category(request, queryset).values(
        "id", "kind", "province_id", "district_id", "lao__code", "category", "amount", "as_of"
    )
    return page(
        request,
        queryset,
        lambda t: {
            "id": t["id"],
            "fiscal_year": year,
            "level": level,
            "kind": t["kind"] or None,
            "province": t["province_id"],
            "district": t["district_id"],
            "lao": t["lao__code"],
            "category": t["category"],
            "amount": money(t["amount"]),
            "as_of": t["as_of"].isoformat(),
        },
    )


@json_view
def categories(request):
    return {
        "results": [
            {
                "code": c.value,
                "name": str(c.label),
                "side": "revenue" if c.value.startswith("r_") else "expenditure",
            }
            for c in Category
        ]
    }
