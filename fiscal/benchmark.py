"""Latency of the data pages, in-process through the whole Django stack
(middleware, views, templates), against whatever database DATABASE_URL names.

    DATABASE_URL=postgres://…/kmlaas_bench SECRET_KEY=… HTTPS=false ALLOWED_HOSTS=localhost \\
        python -m fiscal.benchmark [--requests 100]

Fill that database first with `manage.py generate_national_data`."""

import argparse
import os
import statistics
import time


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kmlaas.settings")
    import django

    django.setup()
    from django.test import Client

    from kmlaas import thai
    from kmlaas.registry.models import LAO
    from subsidies.models import Transfer

    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--year", type=int, default=thai.current_fiscal_year() - 1)
    args = parser.parse_args()
    year = args.year
    laos = list(
        LAO.objects.filter(kind="sao")
        .order_by("code")
        .values_list("code", "province_id", "district_id")[::53]
    )
    provinces = sorted({p for _, p, _ in laos})
    client = Client(HTTP_HOST="localhost")
    scenarios = {
        "fiscal: national overview": lambda i: f"/fiscal/?year={year}",
        "fiscal: province page": lambda i: f"/fiscal/province/{provinces[i % len(provinces)]}/?year={year}",
        "fiscal: district page": lambda i: f"/fiscal/district/{laos[i % len(laos)][2]}/?year={year}",
        "fiscal: LAO page": lambda i: f"/fiscal/lao/{laos[i % len(laos)][0]}/?year={year}",
        "subsidies: LAO transfer lookup": lambda i: (
            f"/subsidies/?province={laos[i % len(laos)][1]}&district={laos[i % len(laos)][2]}"
            f"&lao={laos[i % len(laos)][0]}&year={year}"
        ),
        "subsidies: province totals by LAO": lambda i: (
            f"/subsidies/?province={provinces[i % len(provinces)]}&year={year}"
        ),
        "subsidies: national by province": lambda i: f"/subsidies/?year={year}",
    }
    print(f"{Transfer.objects.count():,} transfers; FY {year}; {args.requests} requests each after 5 warm-up")
    print(f"{'page':40} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for name, url in scenarios.items():
        for i in range(5):
            client.get(url(i))
        timings = []
        for i in range(args.requests):
            started = time.perf_counter()
            response = client.get(url(i))
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url(i), response.status_code)
        timings.sort()
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        print(f"{name:40} {statistics.median(timings):8.1f} {p95:8.1f} {timings[-1]:8.1f}")


if __name__ == "__main__":
    main()
