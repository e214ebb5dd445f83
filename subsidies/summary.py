"""Refreshing subsidies' SubsidyTotal for some fiscal years."""

from django.db import connection, transaction

from subsidies.models import SubsidyTotal, Transfer

_SQL = """
INSERT INTO {total} (fiscal_year, scope, province_id, district_id, lao_id, item_id, amount, transfers)
SELECT t.fiscal_year,
       CASE GROUPING(l.province_id, t.lao_id) WHEN 0 THEN 'lao' WHEN 1 THEN 'province' ELSE 'nation' END,
       l.province_id, l.district_id, t.lao_id, t.item_id, SUM(t.amount), COUNT(*)
FROM {transfer} t JOIN registry_lao l ON l.id = t.lao_id
WHERE t.fiscal_year = ANY(%s)
GROUP BY GROUPING SETS (
    (t.fiscal_year, t.item_id),
    (t.fiscal_year, l.province_id, t.item_id),
    (t.fiscal_year, l.province_id, l.district_id, t.lao_id, t.item_id)
)
"""


@transaction.atomic
def refresh(years=None):
    if years is None:
        years = list(Transfer.objects.values_list("fiscal_year", flat=True).distinct())
    years = sorted(years)
    SubsidyTotal.objects.filter(fiscal_year__in=years).delete()
    with connection.cursor() as cursor:
        # Rows written earlier in this transaction (an import, the demo) are not in
        # the planner's statistics yet; without fresh ones it may pick a join
        # plan that takes minutes instead of seconds.
        cursor.execute(f"ANALYZE {Transfer._meta.db_table}, registry_lao")
        cursor.execute(
            _SQL.format(total=SubsidyTotal._meta.db_table, transfer=Transfer._meta.db_table), [years]
        )
    return years
