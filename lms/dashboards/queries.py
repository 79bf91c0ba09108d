"""Dashboard figures as a fixed handful of aggregate queries, whatever the number of learners.

Every function takes the ids of the cities the reader may see, so scoping happens in the
queryset (docs/architecture.md). None of them loops over learners in Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.db import connection
from django.db.models import Avg, Count, Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext

from certificates.models import Certificate, ErasedCertificate
from lms.learning.models import ModuleProgress
from lms.models import LearnerProfile
from lms.sessions.api import CitySessionFigures

from .modules import Module

ACTIVE_DAYS = 30
STATUS = ModuleProgress.Status
# A learner with no progress row for a module is not enrolled in it: the report and exports say
# so, as the dashboard does, instead of "Not started" (which means enrolled, nothing done yet).
NOT_ENROLLED = "not_enrolled"


def status_label(status: str | None) -> str:
    """The reader's words for a module status; no status at all means not enrolled."""
    if not status or status == NOT_ENROLLED:
        return gettext("Not enrolled")
    return str(STATUS(status).label)


def unverified_accounts(user: str = "user") -> Q:
    """Rows of accounts whose owner never proved their email address: anyone can sign up in any
    city, so these are no city's learners until they verify (not in reports, exports, figures).

    An unverified sign-up has allauth address records and none verified; an account made by
    staff or the data generator has none at all and counts. Exclude with `.exclude(...)`.
    """
    addresses = EmailAddress.objects.filter(user=OuterRef(user))
    return Q(Exists(addresses)) & ~Q(Exists(addresses.filter(verified=True)))


def listed_profiles() -> QuerySet[LearnerProfile]:
    """The learner profiles a city's report, exports and figures count."""
    return LearnerProfile.objects.exclude(unverified_accounts())


@dataclass
class ModuleFigures:
    module: Module
    enrolled: int = 0
    in_progress: int = 0
    completed: int = 0
    scored: int = 0  # learners with at least one marked quiz attempt
    passed: int = 0
    average_best: Decimal | None = None

    @property
    def not_started(self) -> int:
        return self.enrolled - self.in_progress - self.completed

    @property
    def pass_rate(self) -> int | None:
        """Share of learners who sat the quiz and passed it, in whole percent."""
        return round(100 * self.passed / self.scored) if self.scored else None


@dataclass
class CityFigures:
    city_id: int
    modules: list[ModuleFigures]
    registered: int = 0
    active: int = 0
    module_certificates: int = 0
    programme_certificates: int = 0
    # funnel[n - 1]: learners who completed at least n of the programme's modules
    funnel: list[int] = field(default_factory=list)
    sessions: CitySessionFigures = field(default_factory=CitySessionFigures)

    @property
    def trained(self) -> int:
        """Learners who completed every module of the programme: the measure targets count."""
        return self.funnel[-1] if self.funnel else 0

    @property
    def certificates(self) -> int:
        return self.module_certificates + self.programme_certificates


def figures_by_city(
    city_ids: Sequence[int], modules: Sequence[Module], now: datetime | None = None
) -> dict[int, CityFigures]:
    """Learners, activity, per-module progress, funnel and certificates of each city: 5 queries."""
    now = now or timezone.now()
    city_ids = list(city_ids)
    keys = [module.key for module in modules]
    figures = {
        city_id: CityFigures(
            city_id=city_id,
            modules=[ModuleFigures(module=module) for module in modules],
            funnel=[0] * len(modules),
        )
        for city_id in city_ids
    }
    if not city_ids:
        return figures
    position = {module.key: index for index, module in enumerate(modules)}

    registered = (
        listed_profiles()
        .filter(city__in=city_ids)
        .values("city")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in registered:
        figures[row["city"]].registered = row["n"]

    active = (
        ModuleProgress.objects.filter(
            city__in=city_ids, last_activity_at__gte=now - timedelta(days=ACTIVE_DAYS)
        )
        .exclude(unverified_accounts())
        .values("city")
        # Erased learners' rows have no user, but a random id of their own: count them too.
        .annotate(n=Count("user", distinct=True), erased=Count("erased_learner", distinct=True))
        .order_by()
    )
    for row in active:
        figures[row["city"]].active = row["n"] + row["erased"]

    per_module = (
        ModuleProgress.objects.filter(city__in=city_ids, module_key__in=keys)
        .exclude(unverified_accounts())
        .values("city", "module_key")
        .annotate(
            enrolled=Count("id"),
            in_progress=Count("id", filter=Q(status=STATUS.IN_PROGRESS)),
            completed=Count("id", filter=Q(status=STATUS.COMPLETED)),
            scored=Count("id", filter=Q(best_score__isnull=False)),
            passed=Count("id", filter=Q(quiz_passed=True)),
            average_best=Avg("best_score"),
        )
        .order_by()
    )
    for counts in per_module:
        item = figures[counts["city"]].modules[position[counts["module_key"]]]
        item.enrolled = counts["enrolled"]
        item.in_progress = counts["in_progress"]
        item.completed = counts["completed"]
        item.scored = counts["scored"]
        item.passed = counts["passed"]
        item.average_best = counts["average_best"]

    for city_id, completed_modules, learners in _completion_distribution(city_ids, keys):
        funnel = figures[city_id].funnel
        for n in range(min(completed_modules, len(funnel))):
            funnel[n] += learners

    # Valid certificates, and those whose holder erased their account (their tombstones): one
    # query, two groups per city and kind.
    certificates = (
        Certificate.objects.filter(city__in=city_ids, revoked_at__isnull=True)
        .exclude(unverified_accounts())
        .values("city", "kind")
        .annotate(n=Count("id"))
        .order_by()
        .union(
            ErasedCertificate.objects.filter(city__in=city_ids)
            .values("city", "kind")
            .annotate(n=Count("id"))
            .order_by(),
            all=True,
        )
    )
    for row in certificates:
        if row["kind"] == Certificate.Kind.PROGRAMME:
            figures[row["city"]].programme_certificates += row["n"]
        else:
            figures[row["city"]].module_certificates += row["n"]
    return figures


def _completion_distribution(city_ids: Sequence[int], keys: Sequence) -> list[tuple[int, int, int]]:
    """(city, modules completed, learners) rows: how many learners completed 1, 2... modules.

    Django cannot group by an aggregate, so the per-learner count is compiled by the ORM and
    grouped again in one SQL statement around it.
    """
    if not keys:
        return []
    per_learner = (
        ModuleProgress.objects.filter(
            city__in=city_ids, module_key__in=keys, status=STATUS.COMPLETED
        )
        .exclude(unverified_accounts())
        # An erased learner's rows have no user but share their `erased_learner` id.
        .values("city", "user", "erased_learner")
        .annotate(done=Count("id"))
        .order_by()
        .values("city", "done")
    )
    sql, params = per_learner.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT per_learner.city, per_learner.done, COUNT(*) "
            f"FROM ({sql}) per_learner GROUP BY 1, 2",
            params,
        )
        return [tuple(row) for row in cursor.fetchall()]


def month_starts(months: int, now: datetime | None = None) -> list[date]:
    """The first day of each of the last `months` months, oldest first, the current one last."""
    today = timezone.localdate(now or timezone.now())
    year, month = today.year, today.month
    starts = []
    for _ in range(months):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def monthly_completions(
    city_ids: Sequence[int], months: int = 12, now: datetime | None = None
) -> list[tuple[date, int]]:
    """Module completions per calendar month over the last `months` months (one query)."""
    starts = month_starts(months, now)
    since = timezone.make_aware(datetime.combine(starts[0], datetime.min.time()))
    counts = {
        row["month"].date() if isinstance(row["month"], datetime) else row["month"]: row["n"]
        for row in ModuleProgress.objects.filter(
            city__in=list(city_ids), status=STATUS.COMPLETED, completed_at__gte=since
        )
        .exclude(unverified_accounts())
        .annotate(month=TruncMonth("completed_at"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by()
    }
    return [(start, counts.get(start, 0)) for start in starts]


# Learner report -----------------------------------------------------------------------------------


def learners_of(city_ids: Iterable[int]) -> QuerySet[LearnerProfile]:
    """The learner profiles behind the report rows, with the latest activity for sorting."""
    latest = (
        ModuleProgress.objects.filter(user=OuterRef("user"), last_activity_at__isnull=False)
        .order_by("-last_activity_at")
        .values("last_activity_at")[:1]
    )
    return (
        listed_profiles().filter(city__in=list(city_ids)).annotate(last_activity=Subquery(latest))
    )


@dataclass
class ProgressCell:
    status: str = NOT_ENROLLED
    best_score: Decimal | None = None
    completed_at: datetime | None = None

    @property
    def status_label(self) -> str:
        return status_label(self.status)


def with_progress(
    profiles: QuerySet[LearnerProfile], modules: Sequence[Module]
) -> QuerySet[LearnerProfile]:
    """Each module's status, best score and completion date, and the count of valid
    certificates, as correlated subqueries of the report's page query.

    PostgreSQL evaluates them after ORDER BY ... LIMIT, so only for the page's rows (a few
    index lookups each) and the page stays one query, however many learners the city has.
    """
    annotations = {}
    for module in modules:
        row = ModuleProgress.objects.filter(user=OuterRef("user"), module_key=module.key)
        annotations[f"{module.field}_status"] = Subquery(row.values("status")[:1])
        annotations[f"{module.field}_score"] = Subquery(row.values("best_score")[:1])
        annotations[f"{module.field}_completed"] = Subquery(row.values("completed_at")[:1])
    certificates = (
        Certificate.objects.filter(user=OuterRef("user"), revoked_at__isnull=True)
        .order_by()
        .values("user")
        .annotate(n=Count("id"))
        .values("n")
    )
    return profiles.annotate(certificate_count=Coalesce(Subquery(certificates), 0), **annotations)


def attach_progress(profiles: Sequence[LearnerProfile], modules: Sequence[Module]) -> None:
    """Gather the annotations of `with_progress` into `profile.progress` (module key -> cell)."""
    for profile in profiles:
        profile.progress = {  # type: ignore[attr-defined]  # set here for the report's cells
            module.key: ProgressCell(
                getattr(profile, f"{module.field}_status") or NOT_ENROLLED,
                getattr(profile, f"{module.field}_score"),
                getattr(profile, f"{module.field}_completed"),
            )
            for module in modules
        }


def export_rows(profiles: QuerySet[LearnerProfile], modules: Sequence[Module]) -> Iterator[dict]:
    """Stream one dict per learner with every module pivoted into columns, from ONE query.

    Conditional aggregation over the learner's module progress rows (grouped by profile) and a
    correlated count of valid certificates; read with a server-side cursor on PostgreSQL.
    """
    annotations = {"last_activity_at": Max("user__module_progress__last_activity_at")}
    for module in modules:
        in_module = Q(user__module_progress__module_key=module.key)
        annotations[f"{module.field}_status"] = Max(
            "user__module_progress__status", filter=in_module
        )
        annotations[f"{module.field}_score"] = Max(
            "user__module_progress__best_score", filter=in_module
        )
        annotations[f"{module.field}_completed"] = Max(
            "user__module_progress__completed_at", filter=in_module
        )
    certificates = (
        Certificate.objects.filter(user=OuterRef("user"), revoked_at__isnull=True)
        .order_by()
        .values("user")
        .annotate(n=Count("id"))
        .values("n")
    )
    queryset = (
        profiles.annotate(certificates=Subquery(certificates), **annotations)
        .values(
            "id",
            "full_name",
            "profession",
            "created_at",
            "certificates",
            *annotations,
        )
        .order_by("full_name", "id")
    )
    for row in queryset.iterator(chunk_size=2000):
        for module in modules:
            row[f"{module.field}_status"] = status_label(row[f"{module.field}_status"])
        row["certificates"] = row["certificates"] or 0
        yield row


def monthly_completions_by_city(
    city_ids: Sequence[int], months: int = 12, now: datetime | None = None
) -> dict[int, dict[date, int]]:
    """City id -> {first day of month: module completions} over the last `months` (one query)."""
    starts = month_starts(months, now)
    since = timezone.make_aware(datetime.combine(starts[0], datetime.min.time()))
    result: dict[int, dict[date, int]] = {}
    for row in (
        ModuleProgress.objects.filter(
            city__in=list(city_ids), status=STATUS.COMPLETED, completed_at__gte=since
        )
        .exclude(unverified_accounts())
        .annotate(month=TruncMonth("completed_at"))
        .values("city", "month")
        .annotate(n=Count("id"))
        .order_by()
    ):
        month = row["month"].date() if isinstance(row["month"], datetime) else row["month"]
        result.setdefault(row["city"], {})[month] = row["n"]
    return result
