from kmlaas.registry.api import BadRequest, int_param, json_view, money, page
from subsidies.models import SubsidyItem, Transfer


def _transfer(t):
    return {
        "id": t["id"],
        "fiscal_year": t["fiscal_year"],
        "lao": t["lao__code"],
        "lao_name": t["lao__name"],
        "item_id": t["item_id"],
        "item": t["item__name"],
        "round": t["round"],
        "letter_number": t["letter_number"],
        "letter_date": t["letter_date"].isoformat() if t["letter_date"] else None,
        "amount": money(t["amount"]),
        "transfer_date": t["transfer_date"].isoformat() if t["transfer_date"] else None,
        "status": t["status"],
    }


@json_view
def transfers(request):
    queryset = Transfer.objects.all()
    if (year := int_param(request, "fiscal_year", None, 2400, 2700)) is not None:
        queryset = queryset.filter(fiscal_year=year)
    for name, field in (
        ("lao", "lao__code"),
        ("province", "lao__province_id"),
        ("district", "lao__district_id"),
    ):
        if value := request.GET.get(name):
            queryset = queryset.filter(**{field: value})
    if (item := int_param(request, "item", None, 1)) is not None:
        queryset = queryset.filter(item_id=item)
    if status := request.GET.get("status"):
        if status not in Transfer.Status.values:
            raise BadRequest("status must be allocated or transferred")
        queryset = queryset.filter(status=status)
    queryset = queryset.values(
        "id",
        "fiscal_year",
        "lao__code",
        "lao__name",
        "item_id",
        "item__name",
        "round",
        "letter_number",
        "letter_date",
        "amount",
        "transfer_date",
        "status",
    )
    return page(request, queryset, _transfer)


@json_view
def items(request):
    return {
        "results": [
            {"id": i.id, "name": i.name, "short_name": i.short_name} for i in SubsidyItem.objects.all()
        ]
    }
