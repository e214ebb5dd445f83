from collections import defaultdict
from decimal import Decimal

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kmlaas.registry import exports
from kmlaas.registry.forms import LookupForm
from kmlaas.registry.models import LAO
from kmlaas.registry.tables import Link, Table, change
from kmlaas.sections import SECTIONS_BY_KEY
from subsidies.models import SubsidyItem, SubsidyTotal, Transfer

SECTION = SECTIONS_BY_KEY["subsidies"]
ZERO = Decimal("0.00")
Scope = SubsidyTotal.Scope


def lookup_url(**params):
    return reverse("subsidies:index") + "?" + urlencode({k: v for k, v in params.items() if v})


def _year_headers(year):
    return [_("ปีงบประมาณ %(year)s") % {"year": year}, _("ปีงบประมาณ %(year)s") % {"year": year - 1}]


def _sums(rows, key):
    """{year: {key: amount}} from value rows."""
    out = defaultdict(lambda: defaultdict(lambda: ZERO))
    for row in rows:
        out[row["fiscal_year"]][row[key]] += row["amount"]
    return out


def _item_table(items, sums, year, caption):
    current, previous = sums[year], sums[year - 1]
    rows = []
    for item in items:
        now, before = current.get(item.id, ZERO), previous.get(item.id, ZERO)
        if now or before:
            rows.append([item.label, now, before, now - before, change(now, before)])
    now, before = sum(current.values(), ZERO), sum(previous.values(), ZERO)
    return Table(
        "items",
        caption,
        [_("รายการ"), *_year_headers(year), _("ผลต่าง"), _("เปลี่ยนแปลง (%)")],
        rows,
        [_("รวมทั้งสิ้น"), now, before, now - before, change(now, before)],
        numeric={1, 2, 3, 4},
    )


def _area_table(key, caption, headers, areas, sums, year):
    """areas: [(id, Link, other columns…)] — every area is listed, with zero
    when nothing was transferred to it."""
    current, previous = sums[year], sums[year - 1]
    rows = []
    for area_id, *columns in areas:
        now, before = current.get(area_id, ZERO), previous.get(area_id, ZERO)
        rows.append([*columns, now, before, change(now, before)])
    width = len(headers)
    now, before = sum(current.values(), ZERO), sum(previous.values(), ZERO)
    return Table(
        key,
        caption,
        [*headers, *_year_headers(year), _("เปลี่ยนแปลง (%)")],
        rows,
        [_("รวม"), *[""] * (width - 1), now, before, change(now, before)],
        numeric={width, width + 1, width + 2},
    )


def _nation(year, items, provinces):
    rows = SubsidyTotal.objects.filter(
        fiscal_year__in=[year, year - 1], scope__in=[Scope.PROVINCE, Scope.NATION]
    )
    rows = list(rows.values("fiscal_year", "scope", "province_id", "item_id", "amount"))
    areas = [(p.code, Link(p.name, lookup_url(province=p.code, year=year))) for p in provinces]
    return [
        _area_table(
            "provinces",
            _("ยอดโอนแยกตามจังหวัด"),
            [_("จังหวัด")],
            areas,
            _sums([r for r in rows if r["scope"] == Scope.PROVINCE], "province_id"),
            year,
        ),
        _item_table(
            items,
            _sums([r for r in rows if r["scope"] == Scope.NATION], "item_id"),
            year,
            _("ยอดรวมทั้งประเทศแยกตามรายการ เทียบปีก่อน"),
        ),
    ]


def _province(year, items, province):
    rows = SubsidyTotal.objects.filter(
        fiscal_year__in=[year, year - 1], province=province, scope__in=[Scope.LAO, Scope.PROVINCE]
    )
    rows = list(rows.values("fiscal_year", "scope", "lao_id", "item_id", "amount"))
    laos = LAO.objects.filter(province=province).select_related("district").order_by("district__name", "name")
    areas = [
        (
            lao.id,
            Link(
                lao.name,
                lookup_url(province=province.code, district=lao.district_id, lao=lao.code, year=year),
            ),
            lao.district.name,
            lao.get_kind_display(),
        )
        for lao in laos
    ]
    return [
        _area_table(
            "laos",
            _("ยอดโอนแยกตาม อปท. ในจังหวัด%(name)s") % {"name": province.name},
            [_("อปท."), _("อำเภอ"), _("ประเภท")],
            areas,
            _sums([r for r in rows if r["scope"] == Scope.LAO], "lao_id"),
            year,
        ),
        _item_table(
            items,
            _sums([r for r in rows if r["scope"] == Scope.PROVINCE], "item_id"),
            year,
            _("ยอดรวมแยกตามรายการ เทียบปีก่อน"),
        ),
    ]


def _district(year, items, province, district):
    rows = SubsidyTotal.objects.filter(fiscal_year__in=[year, year - 1], district=district, scope=Scope.LAO)
    rows = list(rows.values("fiscal_year", "lao_id", "item_id", "amount"))
    laos = LAO.objects.filter(district=district).order_by("name")
    areas = [
        (
            lao.id,
            Link(
                lao.name, lookup_url(province=province.code, district=district.code, lao=lao.code, year=year)
            ),
            lao.get_kind_display(),
        )
        for lao in laos
    ]
    return [
        _area_table(
            "laos",
            _("ยอดโอนแยกตาม อปท. ในอำเภอ%(name)s") % {"name": district.name},
            [_("อปท."), _("ประเภท")],
            areas,
            _sums(rows, "lao_id"),
            year,
        ),
        _item_table(items, _sums(rows, "item_id"), year, _("ยอดรวมแยกตามรายการ เทียบปีก่อน")),
    ]


def _lao(year, items, lao):
    rows = Transfer.objects.filter(lao=lao, fiscal_year__in=[year, year - 1])
    rows = list(
        rows.values(
            "fiscal_year",
            "item_id",
            "round",
            "letter_number",
            "letter_date",
            "amount",
            "transfer_date",
            "status",
        )
    )
    order = {item.id: (index, item.label) for index, item in enumerate(items)}
    statuses = dict(Transfer.Status.choices)
    this_year = sorted(
        (r for r in rows if r["fiscal_year"] == year), key=lambda r: (order[r["item_id"]], r["round"])
    )
    transfers = Table(
        "transfers",
        _("รายการโอนเงินอุดหนุนทั่วไปของ %(lao)s ปีงบประมาณ %(year)s") % {"lao": lao.name, "year": year},
        [
            _("รายการ"),
            _("งวดที่"),
            _("เลขที่หนังสือ"),
            _("ลงวันที่"),
            _("วันที่โอน"),
            _("สถานะ"),
            _("จำนวนเงิน (บาท)"),
        ],
        [
            [
                order[r["item_id"]][1],
                r["round"],
                r["letter_number"],
                r["letter_date"],
                r["transfer_date"],
                statuses[r["status"]],
                r["amount"],
            ]
            for r in this_year
        ],
        [_("รวมทั้งสิ้น"), "", "", "", "", "", sum((r["amount"] for r in this_year), ZERO)],
        numeric={1, 6},
    )
    return [transfers, _item_table(items, _sums(rows, "item_id"), year, _("ยอดรวมแยกตามรายการ เทียบปีก่อน"))]


def _download(request, tables, year):
    fmt = request.GET["format"]
    wanted = request.GET.get("table", tables[0].key)
    table = next((t for t in tables if t.key == wanted), None)
    if fmt not in exports.FORMATS or table is None:
        raise Http404
    return exports.respond(fmt, f"subsidies-{year}-{table.key}", table.headers, table.export_rows())


@require_safe
def index(request):
    years = SubsidyTotal.objects.filter(scope=Scope.NATION).values_list("fiscal_year", flat=True).distinct()
    form = LookupForm(request.GET or None, years=years)
    province, district, lao, year = form.selection()
    items = list(SubsidyItem.objects.all())
    crumbs = [(lookup_url(year=year), SECTION.title)]
    if lao:
        tables, title = _lao(year, items, lao), lao.name
        crumbs += [
            (lookup_url(province=province.code, year=year), province.name),
            (lookup_url(province=province.code, district=district.code, year=year), district.name),
            (None, lao.name),
        ]
    elif district:
        tables = _district(year, items, province, district)
        title = _("อำเภอ%(name)s จังหวัด%(province)s") % {"name": district.name, "province": province.name}
        crumbs += [(lookup_url(province=province.code, year=year), province.name), (None, district.name)]
    elif province:
        tables, title = _province(year, items, province), _("จังหวัด%(name)s") % {"name": province.name}
        crumbs.append((None, province.name))
    else:
        tables, title = _nation(year, items, form.fields["province"].queryset), _("ทั้งประเทศ")
        crumbs = [(None, SECTION.title)]
    if request.GET.get("format"):
        return _download(request, tables, year)
    return render(
        request,
        "subsidies/index.html",
        {
            "section": SECTION,
            "form": form,
            "year": year,
            "title": title,
            "lao": lao,
            "tables": tables,
            "grand_total": tables[-1].footer[1],
            "crumbs": crumbs,
            "query": request.GET.urlencode(),
        },
    )
