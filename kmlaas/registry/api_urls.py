from django.urls import path

from fiscal import api as fiscal_api
from kmlaas.registry import api, openapi
from subsidies import api as subsidies_api

app_name = "api"

urlpatterns = [
    path("", openapi.docs, name="docs"),
    path("openapi.json", openapi.openapi_json, name="openapi"),
    path("provinces/", api.provinces, name="provinces"),
    path("provinces/<str:code>/districts/", api.districts, name="districts"),
    path("laos/", api.laos, name="laos"),
    path("laos/<str:code>/", api.lao, name="lao"),
    path("subsidy-items/", subsidies_api.items, name="subsidy_items"),
    path("transfers/", subsidies_api.transfers, name="transfers"),
    path("fiscal/categories/", fiscal_api.categories, name="fiscal_categories"),
    path("fiscal/actuals/", fiscal_api.actuals, name="fiscal_actuals"),
    path("fiscal/totals/", fiscal_api.totals, name="fiscal_totals"),
]
