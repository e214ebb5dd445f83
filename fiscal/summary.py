"""Refreshing FiscalTotal for some fiscal years, in one pass over the
monthly rows (GROUPING SETS)."""

from django.db import connection, transaction

from fiscal.models import Actual, FiscalTotal

# GROUPING(province, district, lao, kind, month): a bit is 1 when that column
# is summed over. Each grouping set below gives one scope.
_SCOPES = {
    31: "nation",
    30: "nation_m",
    29: "kind",
    15: "province",
    14: "province_m",
    7: "district",
    6: "district_m",
    1: "lao",
}
_SQL = """
INSERT INTO {total} (fiscal_year, scope, month, kind, province_id, district_id, lao_id, category, amount, as_of)
SELECT a.fiscal_year,
       CASE GROUPING(l.province_id, l.district_id, a.lao_id, l.kind, m.month) {cases} END,
       m.month, COALESCE(l.kind, ''), l.province_id, l.district_id, a.lao_id, a.category,
       SUM(a.amount), MAX(a.as_of)
FROM {actual} a
JOIN registry_lao l ON l.id = a.lao_id
CROSS JOIN LATERAL (SELECT EXTRACT(MONTH FROM a.month)::smallint AS month) m
WHERE a.fiscal_year = ANY(%s)
GROUP BY a.fiscal_year, a.category, GROUPING SETS (
    (),
    (m.month),
    (l.kind),
    (l.province_id),
    (l.province_id, m.month),
    (l.province_id, l.district_id),
    (l.province_id, l.district_id, m.month),
    (l.province_id, l.district_id, a.lao_id, l.kind)
)
"""


@transaction.atomic
def refresh(years=None):
    if years is None:
        years = list(Actual.objects.values_list("fiscal_year", flat=True).distinct())
    years = sorted(years)
    FiscalTotal.objects.filter(fiscal_year__in=years).delete()
    cases = " ".join(f"WHEN {bits} THEN '{scope}'" for bits, scope in _SCOPES.items())
    with connection.cursor() as cursor:
        # Rows written earlier in this transaction (an import, the demo) are not in
        # the planner's statistics yet; without fresh ones it may pick a join
        # plan that takes minutes instead of seconds.
        cursor.execute(f"ANALYZE {Actual._meta.db_table}, registry_lao")
        cursor.execute(
            _SQL.format(total=FiscalTotal._meta.db_table, actual=Actual._meta.db_table, cases=cases),
            [years],
        )
    return years
