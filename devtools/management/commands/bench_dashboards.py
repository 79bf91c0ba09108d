"""Measure the dashboards on a generated site: queries, median and p95 milliseconds per page.

A benchmark, not a test: run it on PostgreSQL after `generate_site --size l`. It signs in a
city lead of the first generated city and a coordinator (created if missing, with a TOTP
authenticator so the admin lets them in) and requests each page through the test client.
"""

from __future__ import annotations

import statistics
import time

from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from devtools.generator import SLUG_PREFIX
from lms.dashboards.modules import programme_modules
from lms.dashboards.snapshots import refresh_snapshots
from lms.models import City, CityLeadAssignment
from lms.roles import CITY_LEADS, COORDINATORS


def _staff(username: str, group: str):
    user, _created = get_user_model().objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.invalid"}
    )
    user.groups.add(Group.objects.get(name=group))
    Authenticator.objects.get_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "bench"}}
    )
    return user


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = "Print queries, median and p95 ms for the dashboards on a generated site."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument("--export-runs", type=int, default=5)

    def handle(self, *args, runs: int, export_runs: int, **options) -> None:
        city = City.objects.filter(slug__startswith=SLUG_PREFIX).order_by("slug").first()
        if city is None:
            raise CommandError("No generated site here: run `manage.py generate_site` first.")
        lead = _staff("bench-lead", CITY_LEADS)
        CityLeadAssignment.objects.get_or_create(user=lead, city=city)
        coordinator = _staff("bench-coordinator", COORDINATORS)
        modules = programme_modules()
        learners = city.learners.count()
        self.stdout.write(
            f"Database: {connection.vendor}; city {city.name} ({learners:,} learners); "
            f"{City.objects.count()} cities; {runs} runs per page"
        )
        report = f"/admin/dashboards/city/{city.pk}/learners/"
        filtered = (
            f"{report}?profession=teacher&module={modules[1].key}&status=completed"
            f"&active_from=2000-01-01&ordering=-last_activity"
        )
        pages = [
            ("City dashboard", lead, f"/admin/dashboards/city/{city.pk}/", runs),
            ("Network dashboard", coordinator, "/admin/dashboards/network/", runs),
            ("Learner report (filtered, sorted)", lead, filtered, runs),
            ("Learner report (page 40)", lead, f"{report}?p=40", runs),
            (f"Export CSV ({learners:,} rows)", lead, f"{report}?export=csv", export_runs),
            (f"Export XLSX ({learners:,} rows)", lead, f"{report}?export=xlsx", export_runs),
        ]
        self.stdout.write(f"{'page':<40} {'queries':>8} {'median ms':>10} {'p95 ms':>8}")
        with override_settings(DASHBOARD_SYNC_EXPORT_LIMIT=10**9):
            for label, user, url, count in pages:
                client = Client()
                client.force_login(user)
                self._fetch(client, url)  # warm-up: caches, connection, template loading
                timings, queries = [], set()
                for _ in range(count):
                    with CaptureQueriesContext(connection) as captured:
                        started = time.perf_counter()
                        self._fetch(client, url)
                        timings.append((time.perf_counter() - started) * 1000)
                    queries.add(len(captured))
                self.stdout.write(
                    f"{label:<40} {'/'.join(map(str, sorted(queries))):>8} "
                    f"{statistics.median(timings):>10.1f} {_p95(timings):>8.1f}"
                )

        # The work beat does every five minutes (and a page does when its snapshot is stale).
        timings, queries = [], set()
        for _ in range(3):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                refresh_snapshots()
                timings.append((time.perf_counter() - started) * 1000)
            queries.add(len(captured))
        label = f"Snapshot refresh ({City.objects.count()} cities)"
        self.stdout.write(
            f"{label:<40} {'/'.join(map(str, sorted(queries))):>8} "
            f"{statistics.median(timings):>10.1f} {max(timings):>8.1f}  (3 runs; max, not p95)"
        )

    def _fetch(self, client: Client, url: str) -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")
        if response.streaming:
            for _chunk in response.streaming_content:
                pass
        else:
            response.content  # noqa: B018
