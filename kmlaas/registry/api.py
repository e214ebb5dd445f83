"""Read-only open-data JSON: LAOs here, transfers in subsidies/api.py,
fiscal figures in fiscal/api.py. Lists page by key (`after` = the last id
seen), which stays fast on the deepest page of millions of rows."""

from decimal import Decimal

from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from kmlaas.registry.models import LAO, District, Province

DEFAULT_LIMIT, MAX_LIMIT = 100, 1000


class BadRequest(Exception):
    pass


def int_param(request, name, default=None, low=None, high=None):
    text = request.GET.get(name)
    if text in (None, ""):
        return default
    try:
        value = int(text)
    except ValueError:
        raise BadRequest(f"{name} must be an integer") from None
    if (low is not None and value < low) or (high is not None and value > high):
        raise BadRequest(f"{name} must be between {low} and {high}")
    return value


def page(request, queryset, serialize):
    """One page of `queryset` (ordered by id) as {"results", "next"}."""
    limit = int_param(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    after = int_param(request, "after", 0, 0)
    items = list(queryset.filter(id__gt=after).order_by("id")[: limit + 1])
    more = len(items) > limit
    items = items[:limit]
    next_url = None
    if more:
        query = request.GET.copy()
        query["after"] = items[-1].id if hasattr(items[-1], "id") else items[-1]["id"]
        next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return {"results": [serialize(item) for item in items], "next": next_url}


def json_view(view):
    """require_safe, BadRequest → 400, and JSON that keeps Thai readable."""

    @require_safe
    def wrapper(request, *args, **kwargs):
        try:
            data = view(request, *args, **kwargs)
        except BadRequest as error:
            return JsonResponse({"error": str(error)}, status=400)
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
        response["Access-Control-Allow-Origin"] = "*"
        return response

    wrapper.__name__ = view.__name__
    return wrapper


def money(value):
    """Amounts travel as strings so no client rounds them through a float."""
    return str(value.quantize(Decimal("0.01"))) if value is not None else None


def lao_json(lao):
    return {
        "id": lao.id,
        "code": lao.code,
        "name": lao.name,
        "kind": lao.kind,
        "kind_label": str(lao.get_kind_display()),
        "province": {"code": lao.province_id, "name": lao.province.name},
        "district": {"code": lao.district_id, "name": lao.district.name},
        "active": lao.active,
        "website": lao.website or None,
        "latitude": str(lao.latitude) if lao.latitude is not None else None,
        "longitude": str(lao.longitude) if lao.longitude is not None else None,
        "url": reverse("api:lao", args=[lao.code]),
    }


@json_view
def laos(request):
    queryset = LAO.objects.select_related("province", "district")
    for name, field in (("province", "province_id"), ("district", "district_id"), ("kind", "kind")):
        if value := request.GET.get(name):
            queryset = queryset.filter(**{field: value})
    if q := request.GET.get("q", "").strip():
        queryset = queryset.filter(name__icontains=q)
    if request.GET.get("active") in ("true", "false"):
        queryset = queryset.filter(active=request.GET["active"] == "true")
    return page(request, queryset, lao_json)


@json_view
def lao(request, code):
    found = LAO.objects.select_related("province", "district").filter(code=code).first()
    if found is None:
        raise Http404
    return lao_json(found)


@json_view
def provinces(request):
    return {
        "results": [
            {
                "code": p.code,
                "name": p.name,
                "name_en": p.name_en,
                "districts": reverse("api:districts", args=[p.code]),
            }
            for p in Province.objects.order_by("code")
        ]
    }


@json_view
def districts(request, code):
    if not Province.objects.filter(code=code).exists():
        raise Http404
    found = District.objects.filter(province_id=code).order_by("code")
    return {
        "results": [
            {
                "code": d.code,
                "name": d.name,
                "name_en": d.name_en,
                "laos": reverse("api:laos") + "?" + urlencode({"district": d.code}),
            }
            for d in found
        ]
    }
