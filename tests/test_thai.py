import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import translation

from kmlaas import thai

JUNE_4 = datetime.date(2026, 6, 4)


def test_short_and_long_buddhist_era_dates():
    assert thai.format_date(JUNE_4) == "4 มิ.ย. 2569"
    assert thai.format_date(JUNE_4, long=True) == "4 มิถุนายน 2569"


def test_english_months_keep_the_buddhist_era_year():
    assert thai.format_date(JUNE_4, language="en") == "4 Jun 2569"
    assert thai.format_date(JUNE_4, long=True, language="en") == "4 June 2569"


def test_aware_datetimes_are_shown_in_bangkok_time():
    # 18:30 UTC on 3 June is already 4 June in Thailand.
    moment = datetime.datetime(2026, 6, 3, 18, 30, tzinfo=zoneinfo.ZoneInfo("UTC"))
    assert thai.format_date(moment) == "4 มิ.ย. 2569"
    assert thai.format_date(moment, with_time=True) == "4 มิ.ย. 2569 01:30 น."


@pytest.mark.parametrize(
    "day, year",
    [
        (datetime.date(2025, 9, 30), 2568),
        (datetime.date(2025, 10, 1), 2569),
        (datetime.date(2026, 6, 4), 2569),
        (datetime.date(2026, 9, 30), 2569),
        (datetime.date(2026, 10, 1), 2570),
    ],
)
def test_fiscal_year_turns_on_1_october(day, year):
    assert thai.fiscal_year(day) == year


def test_fiscal_year_range():
    assert thai.fiscal_year_range(2569) == (datetime.date(2025, 10, 1), datetime.date(2026, 9, 30))


def test_digits_fold_both_ways():
    assert thai.to_arabic_digits("มท ๐๘๐๘.๔/ว ๒๖๒๕") == "มท 0808.4/ว 2625"
    assert thai.to_thai_digits("2569") == "๒๕๖๙"


def test_template_filters_follow_the_active_language():
    template = Template('{% load kmlaas %}{{ d|thai_date }}|{{ d|thai_date:"long" }}|{{ d|fiscal_year }}')
    with translation.override("th"):
        assert template.render(Context({"d": JUNE_4})) == "4 มิ.ย. 2569|4 มิถุนายน 2569|2569"
    with translation.override("en"):
        assert template.render(Context({"d": JUNE_4})) == "4 Jun 2569|4 June 2569|2569"


def test_empty_dates_render_nothing():
    assert thai.format_date(None) == ""
