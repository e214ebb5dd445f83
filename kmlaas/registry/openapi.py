"""The OpenAPI 3.1 description of the open-data endpoints, built in code so it
always matches the routes in kmlaas/registry/api_urls.py."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from fiscal.models import Category
from kmlaas.registry.api import DEFAULT_LIMIT, MAX_LIMIT, json_view
from kmlaas.registry.models import LAO

_PAGE = [
    {
        "name": "limit",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
    },
    {
        "name": "after",
        "in": "query",
        "description": "id of the last item of the previous page (use the `next` link)",
        "schema": {"type": "integer"},
    },
]
_MONEY = {"type": "string", "pattern": r"^-?\d+\.\d{2}$", "description": "baht, exactly two decimals"}


def _q(name, description, schema=None):
    return {"name": name, "in": "query", "description": description, "schema": schema or {"type": "string"}}


def _list(summary, item, parameters):
    return {
        "get": {
            "summary": summary,
            "parameters": [*parameters, *_PAGE],
            "responses": {
                "200": {
                    "description": "One page",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "results": {
                                        "type": "array",
                                        "items": {"$ref": f"#/components/schemas/{item}"},
                                    },
                                    "next": {"type": ["string", "null"], "format": "uri"},
                                },
                            }
                        }
                    },
                },
                "400": {"$ref": "#/components/responses/BadRequest"},
            },
        }
    }


def _object(**properties):
    return {"type": "object", "properties": properties}


def document(request):
    year = {
        "type": "integer",
        "minimum": 2400,
        "maximum": 2700,
        "description": "Buddhist-Era fiscal year (1 Oct–30 Sep), e.g. 2569",
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "KM e-LAAS open data",
            "version": "1",
            "description": "LAO registry, general-subsidy transfers and actual revenue/expenditure of Thailand's "
            "local administrative organisations. Read-only; amounts are strings with two decimals.",
            "license": {"name": "Open Government Data (Thailand)"},
        },
        "servers": [{"url": request.build_absolute_uri("/api/")}],
        "paths": {
            "/provinces/": {
                "get": {"summary": "All 77 provinces", "responses": {"200": {"description": "List"}}}
            },
            "/provinces/{code}/districts/": {
                "get": {
                    "summary": "Districts of a province",
                    "parameters": [
                        {"name": "code", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "responses": {"200": {"description": "List"}, "404": {"description": "Unknown province"}},
                }
            },
            "/laos/": _list(
                "Local administrative organisations",
                "LAO",
                [
                    _q("province", "2-digit province code"),
                    _q("district", "4-digit district code"),
                    _q("kind", "LAO type", {"type": "string", "enum": LAO.Kind.values}),
                    _q("q", "part of the name"),
                    _q("active", "true or false"),
                ],
            ),
            "/laos/{code}/": {
                "get": {
                    "summary": "One LAO by its 7-digit code",
                    "parameters": [
                        {"name": "code", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "responses": {
                        "200": {
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/LAO"}}},
                            "description": "The LAO",
                        },
                        "404": {"description": "No such code"},
                    },
                }
            },
            "/subsidy-items/": {
                "get": {"summary": "Subsidy items", "responses": {"200": {"description": "List"}}}
            },
            "/transfers/": _list(
                "General-subsidy transfers",
                "Transfer",
                [
                    _q("fiscal_year", "BE fiscal year", year),
                    _q("lao", "7-digit LAO code"),
                    _q("province", "2-digit province code"),
                    _q("district", "4-digit district code"),
                    _q("item", "subsidy item id", {"type": "integer"}),
                    _q(
                        "status",
                        "allocated or transferred",
                        {"type": "string", "enum": ["allocated", "transferred"]},
                    ),
                ],
            ),
            "/fiscal/categories/": {
                "get": {
                    "summary": "Revenue and expenditure categories",
                    "responses": {"200": {"description": "List"}},
                }
            },
            "/fiscal/actuals/": _list(
                "Monthly actual revenue/expenditure per LAO and category",
                "Actual",
                [
                    _q("fiscal_year", "BE fiscal year", year),
                    _q("lao", "7-digit LAO code"),
                    _q("month", "calendar month 1–12", {"type": "integer", "minimum": 1, "maximum": 12}),
                    _q("category", "category code", {"type": "string", "enum": Category.values}),
                ],
            ),
            "/fiscal/totals/": _list(
                "Whole-year totals by category at one level",
                "Total",
                [
                    {**_q("fiscal_year", "BE fiscal year", year), "required": True},
                    _q(
                        "level",
                        "nation, kind, province, district or lao",
                        {"type": "string", "enum": ["nation", "kind", "province", "district", "lao"]},
                    ),
                    _q("province", "2-digit province code"),
                    _q("district", "4-digit district code"),
                    _q("kind", "LAO type (level=kind or lao)"),
                    _q("category", "category code", {"type": "string", "enum": Category.values}),
                ],
            ),
        },
        "components": {
            "responses": {
                "BadRequest": {
                    "description": "A parameter is malformed",
                    "content": {"application/json": {"schema": _object(error={"type": "string"})}},
                }
            },
            "schemas": {
                "LAO": _object(
                    id={"type": "integer"},
                    code={"type": "string", "pattern": r"^\d{7}$"},
                    name={"type": "string"},
                    kind={"type": "string", "enum": LAO.Kind.values},
                    kind_label={"type": "string"},
                    province=_object(code={"type": "string"}, name={"type": "string"}),
                    district=_object(code={"type": "string"}, name={"type": "string"}),
                    active={"type": "boolean"},
                    website={"type": ["string", "null"]},
                    latitude={"type": ["string", "null"]},
                    longitude={"type": ["string", "null"]},
                    url={"type": "string"},
                ),
                "Transfer": _object(
                    id={"type": "integer"},
                    fiscal_year={"type": "integer"},
                    lao={"type": "string"},
                    lao_name={"type": "string"},
                    item_id={"type": "integer"},
                    item={"type": "string"},
                    round={"type": "integer"},
                    letter_number={"type": "string"},
                    letter_date={"type": ["string", "null"], "format": "date"},
                    amount=_MONEY,
                    transfer_date={"type": ["string", "null"], "format": "date"},
                    status={"type": "string", "enum": ["allocated", "transferred"]},
                ),
                "Actual": _object(
                    id={"type": "integer"},
                    lao={"type": "string"},
                    month={"type": "string", "pattern": r"^\d{4}-\d{2}$"},
                    fiscal_year={"type": "integer"},
                    category={"type": "string", "enum": Category.values},
                    amount=_MONEY,
                    as_of={"type": "string", "format": "date"},
                ),
                "Total": _object(
                    id={"type": "integer"},
                    fiscal_year={"type": "integer"},
                    level={"type": "string"},
                    kind={"type": ["string", "null"]},
                    province={"type": ["string", "null"]},
                    district={"type": ["string", "null"]},
                    lao={"type": ["string", "null"]},
                    category={"type": "string"},
                    amount=_MONEY,
                    as_of={"type": "string", "format": "date"},
                ),
            },
        },
    }


openapi_json = json_view(document)


@require_safe
def docs(request):
    spec = document(request)
    endpoints = [(path, operation["get"]["summary"]) for path, operation in spec["paths"].items()]
    return render(request, "registry/api_docs.html", {"endpoints": endpoints, "crumbs": [(None, "API")]})
