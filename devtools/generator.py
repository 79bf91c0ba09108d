"""A synthetic site for measuring dashboards, in the spirit of Moodle's site generator.

`generate_site(size)` creates cities, learners (users, profiles, group membership), enrolments,
module progress, lesson completions, quiz attempts, learning records and certificates with a
realistic spread: most learners start module 1, fewer finish it, fewer still reach module 6;
scores near 75 %; dates over the past 18 months; a few revoked certificates.

Rows go in with PostgreSQL's COPY FROM STDIN (psycopg 3) or executemany on SQLite, with ids
chosen here so that no row has to be read back. One precomputed unusable password for everyone.
"""

from __future__ import annotations

import base64
import json
import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from uuid import UUID, uuid5

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone
from wagtail.models import Page

from assessments.models import Attempt
from certificates.models import Certificate
from courses.programme import module_structure, programme_modules
from lms.learning.models import Enrolment, LearningRecord, LessonProgress, ModuleProgress
from lms.learning.services import STATEMENT_NAMESPACE, _iso_duration, build_statement
from lms.models import City, LearnerProfile, Profession
from lms.roles import LEARNERS

User = get_user_model()

SIZES: dict[str, tuple[int, int]] = {
    "xs": (2, 20),
    "s": (5, 200),
    "m": (10, 2_000),
    "l": (20, 10_000),
    "xl": (40, 25_000),
}
SLUG_PREFIX = "gen-"
PASS_MARK = 70
LESSON_SECONDS = 600  # time on each completed lesson
QUIZ_POINTS = 20  # every generated attempt is out of 20 points
HISTORY_DAYS = 548  # 18 months
# Front-line professions, weighted roughly as cities train them.
PROFESSION_WEIGHTS = {
    Profession.SOCIAL_WORKER: 22,
    Profession.TEACHER: 24,
    Profession.YOUTH_WORKER: 16,
    Profession.PREVENTION_OFFICER: 6,
    Profession.PROBATION_OFFICER: 5,
    Profession.POLICE: 8,
    Profession.HEALTH: 7,
    Profession.MUNICIPAL_OFFICER: 7,
    Profession.CIVIL_SOCIETY: 4,
    Profession.OTHER: 1,
}
COUNTRY_LANGUAGES = {
    "BE": ["fr", "nl"],
    "CZ": ["cs"],
    "DE": ["de"],
    "GR": ["el"],
    "ES": ["es"],
    "FR": ["fr"],
    "IT": ["it"],
    "NL": ["nl"],
    "PT": ["pt"],
    "SE": ["sv"],
    "DK": ["en"],
    "GB": ["en"],
}
FIRST_NAMES = [
    "Ana",
    "Ben",
    "Chloé",
    "Dimitris",
    "Eva",
    "Farid",
    "Greta",
    "Hugo",
    "Ines",
    "Jan",
    "Katarina",
    "Lars",
    "Maria",
]
LAST_NAMES = [
    "Andersson",
    "Bakker",
    "Costa",
    "Dubois",
    "Esposito",
    "Fischer",
    "García",
    "Horváth",
    "Janssen",
]


@dataclass
class ModuleShape:
    key: UUID
    number: int
    title: str
    lesson_keys: list[UUID]
    quiz_key: UUID | None
    titles: dict[UUID, str] = field(default_factory=dict)  # lessons' and quiz's, by key

    @property
    def lessons_total(self) -> int:
        return len(self.lesson_keys)


@dataclass
class Report:
    size: str
    cities: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


class GeneratorError(Exception):
    pass


def programme_shape() -> list[ModuleShape]:
    """The programme's modules (courses.programme) with their required lessons and quiz."""
    shapes = []
    for module in programme_modules():
        structure = module_structure(module.translation_key)
        if structure is None:
            continue
        shapes.append(
            ModuleShape(
                key=module.translation_key,
                number=module.number,
                title=module.title,
                lesson_keys=list(structure.required_lesson_keys),
                quiz_key=structure.quiz_key,
                titles=dict(
                    Page.objects.filter(
                        translation_key__in=[*structure.required_lesson_keys, structure.quiz_key],
                        locale_id=module.locale_id,
                    ).values_list("translation_key", "title")
                ),
            )
        )
    return shapes


# Low-level bulk insert ----------------------------------------------------------------------------


def _columns(model: type[models.Model], names: Sequence[str]) -> list[str]:
    return [model._meta.get_field(name).column for name in names]


def _sqlite_value(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(value, UUID):
        return value.hex
    if isinstance(value, Decimal):
        return str(value)
    return value


def bulk_insert(model: type[models.Model], names: Sequence[str], rows: Iterable[tuple]) -> int:
    """Insert tuples of field values (ids included) as fast as the database allows."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in _columns(model, names))
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        else:
            placeholders = ", ".join(["%s"] * len(names))
            batch: list[tuple] = []
            sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"
            for row in rows:
                batch.append(tuple(_sqlite_value(v) for v in row))
                if len(batch) >= 5000:
                    cursor.executemany(sql, batch)
                    count += len(batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
                count += len(batch)
    return count


def _next_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1


def _reset_sequences(model_list: Sequence[type[models.Model]]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), model_list)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


# The generator ------------------------------------------------------------------------------------


class _Sequence:
    """Hands out ids for one table, starting after its current maximum."""

    def __init__(self, model: type[models.Model]) -> None:
        self.next = _next_id(model)

    def __call__(self) -> int:
        value = self.next
        self.next += 1
        return value


def _statement(record: _Record, plan: _Plan, city_slug: str) -> str:
    """The record's xAPI statement, built as lms.learning.services builds the real ones."""
    statement = build_statement(
        statement_id=record.statement_id,
        user=User(pk=plan.user_id),
        verb=record.verb,
        object_type=record.object_type,
        object_key=record.key,
        language=plan.language,
        title=record.title,
        timestamp=record.when,
        city_slug=city_slug,
        result=record.result,
    )
    return json.dumps(statement, separators=(",", ":"))


def generate_site(
    size: str = "s",
    *,
    seed: int = 1,
    now: datetime | None = None,
    log: Callable[[str], None] | None = None,
) -> Report:
    """Create a synthetic site of the given size; see the module docstring."""
    if size not in SIZES:
        raise GeneratorError(f"Unknown size {size!r}; choose one of {', '.join(SIZES)}.")
    shapes = programme_shape()
    if not shapes:
        raise GeneratorError("No live modules: run `manage.py load_liaise_content` first.")
    if City.objects.filter(slug__startswith=SLUG_PREFIX).exists():
        raise GeneratorError("A generated site already exists in this database; use a fresh one.")
    log = log or (lambda message: None)
    rng = random.Random(seed)
    now = now or timezone.now()
    city_count, learners_per_city = SIZES[size]
    report = Report(size=size, cities=city_count)

    def timed(name: str, model, names, rows) -> None:
        started = time.perf_counter()
        report.counts[name] = bulk_insert(model, names, rows)
        report.seconds[name] = time.perf_counter() - started
        log(f"{name}: {report.counts[name]:,} rows in {report.seconds[name]:.1f} s")

    with transaction.atomic():
        countries = list(COUNTRY_LANGUAGES)
        cities = [
            City(
                name=f"Generated city {index:02d} (seed {seed})",
                slug=f"{SLUG_PREFIX}{seed}-{index:02d}",
                country=countries[index % len(countries)],
                region="",
                languages=COUNTRY_LANGUAGES[countries[index % len(countries)]],
            )
            for index in range(1, city_count + 1)
        ]
        City.objects.bulk_create(cities)
        cities = list(
            City.objects.filter(slug__startswith=f"{SLUG_PREFIX}{seed}-").order_by("slug")
        )
        learners_group = Group.objects.get_or_create(name=LEARNERS)[0]

        user_id = _Sequence(User)
        profile_id = _Sequence(LearnerProfile)
        password = make_password(None)  # unusable: generated learners never sign in
        professions = list(PROFESSION_WEIGHTS)
        weights = list(PROFESSION_WEIGHTS.values())

        # Learners are drawn once and reused by every table below (a few hundred MB at xl).
        learners: list[tuple[int, int, str, str, datetime, str]] = []
        for city in cities:
            languages = city.languages or ["en"]
            for _number in range(learners_per_city):
                uid = user_id()
                joined = now - timedelta(days=rng.random() * HISTORY_DAYS)
                name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {uid}"
                profession = rng.choices(professions, weights)[0]
                learners.append((uid, city.pk, name, profession, joined, rng.choice(languages)))

        timed(
            "users",
            User,
            [
                "id",
                "password",
                "is_superuser",
                "username",
                "first_name",
                "last_name",
                "email",
                "is_staff",
                "is_active",
                "date_joined",
            ],
            (
                (
                    uid,
                    password,
                    False,
                    f"gen{seed}-{uid}",
                    "",
                    "",
                    f"gen{seed}-{uid}@example.invalid",
                    False,
                    True,
                    joined,
                )
                for uid, _c, _n, _p, joined, _l in learners
            ),
        )
        membership = User.groups.through
        membership_id = _Sequence(membership)
        timed(
            "group memberships",
            membership,
            ["id", "user", "group"],
            ((membership_id(), uid, learners_group.pk) for uid, *_rest in learners),
        )
        timed(
            "learner profiles",
            LearnerProfile,
            ["id", "user", "full_name", "city", "profession", "preferred_language", "created_at"],
            (
                (profile_id(), uid, name, city_id, profession, language, joined)
                for uid, city_id, name, profession, joined, language in learners
            ),
        )

        # Journeys: one pass draws every learner's path through the modules; each table's rows
        # are then produced from these plans.
        plans = [_journey(rng, shapes, learner, now) for learner in learners]
        enrolment_id = _Sequence(Enrolment)
        timed(
            "enrolments",
            Enrolment,
            ["id", "user", "module_key", "enrolled_at"],
            (
                (enrolment_id(), plan.user_id, step.module.key, plan.joined)
                for plan in plans
                for step in plan.steps
            ),
        )
        progress_id = _Sequence(ModuleProgress)
        timed(
            "module progress",
            ModuleProgress,
            [
                "id",
                "user",
                "module_key",
                "city",
                "status",
                "lessons_done",
                "lessons_total",
                "best_score",
                "quiz_passed",
                "seconds_spent",
                "enrolled_at",
                "started_at",
                "completed_at",
                "last_activity_at",
            ],
            (
                (
                    progress_id(),
                    plan.user_id,
                    s.module.key,
                    plan.city_id,
                    s.status,
                    len(s.lessons_done),
                    s.module.lessons_total,
                    s.best_score,
                    s.quiz_passed,
                    s.seconds,
                    plan.joined,
                    s.started_at,
                    s.completed_at,
                    s.last_activity_at,
                )
                for plan in plans
                for s in plan.steps
            ),
        )
        lesson_id = _Sequence(LessonProgress)
        timed(
            "lesson completions",
            LessonProgress,
            [
                "id",
                "user",
                "lesson_key",
                "module_key",
                "first_viewed_at",
                "last_viewed_at",
                "seconds_spent",
                "completed_at",
                "completed_language",
            ],
            (
                (
                    lesson_id(),
                    plan.user_id,
                    lesson_key,
                    s.module.key,
                    when,
                    when,
                    LESSON_SECONDS,
                    when,
                    plan.language,
                )
                for plan in plans
                for s in plan.steps
                for lesson_key, when in s.lessons_done
            ),
        )
        attempt_id = _Sequence(Attempt)
        for plan in plans:  # ids chosen now: the quiz records' statement ids name them
            for s in plan.steps:
                if s.module.quiz_key:
                    s.attempt_ids = [attempt_id() for _attempt in s.attempts]
        timed(
            "quiz attempts",
            Attempt,
            [
                "id",
                "user",
                "quiz_key",
                "module_key",
                "number",
                "language",
                "status",
                "is_preview",
                "questions",
                "quiz_settings",
                "started_at",
                "submitted_at",
                "completed_at",
                "timed_out",
                "score",
                "max_score",
                "percent",
                "passed",
                "category_scores",
                "result_version",
                "notified_version",
                "announced_version",
            ],
            (
                (
                    pk,
                    plan.user_id,
                    s.module.quiz_key,
                    s.module.key,
                    number,
                    plan.language,
                    Attempt.Status.COMPLETED,
                    False,
                    "[]",
                    "{}",
                    when,
                    when,
                    when,
                    False,
                    percent / 5,
                    QUIZ_POINTS,
                    percent,
                    percent >= PASS_MARK,
                    "[]",
                    1,
                    1,
                    1,  # announced: its records and progress are generated with it
                )
                for plan in plans
                for s in plan.steps
                if s.module.quiz_key
                for number, (pk, (percent, when)) in enumerate(
                    zip(s.attempt_ids, s.attempts, strict=True), start=1
                )
            ),
        )
        record_id = _Sequence(LearningRecord)
        city_slugs = {city.pk: city.slug for city in cities}
        timed(
            "learning records",
            LearningRecord,
            [
                "id",
                "statement_id",
                "user",
                "city",
                "verb",
                "object_type",
                "object_key",
                "module_key",
                "language",
                "timestamp",
                "statement",
            ],
            (
                (
                    record_id(),
                    record.statement_id,
                    plan.user_id,
                    plan.city_id,
                    record.verb,
                    record.object_type,
                    record.key,
                    record.module_key,
                    plan.language,
                    record.when,
                    _statement(record, plan, city_slugs[plan.city_id]),
                )
                for plan in plans
                for record in plan.records()
            ),
        )
        certificate_id = _Sequence(Certificate)
        city_names = {city.pk: city.name for city in cities}
        timed(
            "certificates",
            Certificate,
            [
                "id",
                "code",
                "kind",
                "user",
                "module_key",
                "city",
                "learner_name",
                "city_name",
                "module_number",
                "title",
                "language",
                "completed_on",
                "hours",
                "issued_at",
                "pdf",
                "pdf_status",
                "pdf_attempts",
                "credential",
                "emailed_at",
                "revoked_at",
                "revoked_reason",
            ],
            (
                (
                    certificate_id(),
                    _code(rng),
                    kind,
                    plan.user_id,
                    key,
                    plan.city_id,
                    plan.name,
                    city_names[plan.city_id],
                    number,
                    title,
                    plan.language,
                    when.date(),
                    hours,
                    when,
                    "",
                    Certificate.PdfStatus.READY,
                    1,
                    "",
                    when,
                    revoked,
                    "Issued in error" if revoked else "",
                )
                for plan in plans
                for kind, key, number, title, when, hours, revoked in plan.certificates(rng)
            ),
        )
        _reset_sequences(
            [
                User,
                membership,
                LearnerProfile,
                Enrolment,
                ModuleProgress,
                LessonProgress,
                Attempt,
                LearningRecord,
                Certificate,
            ]
        )
    if connection.vendor == "postgresql":
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        report.seconds["analyze"] = time.perf_counter() - started
    # The dashboards read snapshots: compute them now rather than on the first page view.
    from lms.dashboards.snapshots import refresh_snapshots

    started = time.perf_counter()
    refresh_snapshots(now=now)
    report.seconds["snapshots"] = time.perf_counter() - started
    log(f"dashboard snapshots: {report.seconds['snapshots']:.1f} s")
    return report


def _code(rng: random.Random) -> str:
    return base64.b32encode(rng.randbytes(20)).decode().rstrip("=")


@dataclass(frozen=True)
class _Record:
    """One learning record of a generated journey."""

    verb: str
    object_type: str
    key: UUID | None
    module_key: UUID | None
    when: datetime
    statement_key: str  # the key lms.learning.services derives the statement id from
    title: str
    result: dict | None = None

    @property
    def statement_id(self) -> UUID:
        return uuid5(STATEMENT_NAMESPACE, self.statement_key)


@dataclass
class _Step:
    module: ModuleShape
    status: str = ModuleProgress.Status.NOT_STARTED
    lessons_done: list[tuple[UUID, datetime]] = field(default_factory=list)
    attempts: list[tuple[Decimal, datetime]] = field(default_factory=list)
    attempt_ids: list[int] = field(default_factory=list)
    best_score: Decimal | None = None
    quiz_passed: bool = False
    seconds: int = 0
    started_at: datetime | None = None
    completed_at: datetime | None = None
    last_activity_at: datetime | None = None


@dataclass
class _Plan:
    user_id: int
    city_id: int
    name: str
    language: str
    joined: datetime
    steps: list[_Step]

    def records(self) -> Iterable[_Record]:
        """The records lms.learning.services writes on this journey, with its statement keys."""
        Verb, Type = LearningRecord.Verb, LearningRecord.ObjectType
        uid = self.user_id
        for step in self.steps:
            module = step.module
            key = module.key
            yield _Record(
                Verb.ENROLLED,
                Type.MODULE,
                key,
                key,
                self.joined,
                f"enrolled:{uid}:{key}",
                module.title,
            )
            for lesson_key, when in step.lessons_done:
                yield _Record(
                    Verb.COMPLETED,
                    Type.LESSON,
                    lesson_key,
                    key,
                    when,
                    f"lesson:{uid}:{lesson_key}",
                    module.titles.get(lesson_key, ""),
                    {"completion": True, "duration": _iso_duration(LESSON_SECONDS)},
                )
            # Attempts get ids (and rows) only in a module with a quiz: attempt_ids is empty else.
            for pk, (percent, when) in zip(step.attempt_ids, step.attempts, strict=False):
                passed = percent >= PASS_MARK
                yield _Record(
                    Verb.PASSED if passed else Verb.FAILED,
                    Type.QUIZ,
                    module.quiz_key,
                    key,
                    when,
                    f"attempt:{pk}:1",
                    module.titles.get(module.quiz_key, "") if module.quiz_key else "",
                    {
                        "success": passed,
                        "completion": True,
                        "score": {
                            "scaled": float(percent) / 100,
                            "raw": float(percent / 5),
                            "min": 0,
                            "max": QUIZ_POINTS,
                        },
                    },
                )
            if step.completed_at:
                yield _Record(
                    Verb.COMPLETED,
                    Type.MODULE,
                    key,
                    key,
                    step.completed_at,
                    f"module:{uid}:{key}:{step.completed_at.isoformat()}",
                    module.title,
                    {
                        "completion": True,
                        "success": True,
                        "duration": _iso_duration(step.seconds),
                        **(
                            {"score": {"scaled": float(step.best_score) / 100}}
                            if step.best_score is not None
                            else {}
                        ),
                    },
                )
        if self.steps and all(step.completed_at for step in self.steps):
            yield _Record(
                Verb.COMPLETED,
                Type.PROGRAMME,
                None,
                None,
                self.steps[-1].completed_at,
                f"programme:{uid}",
                "LIAISE training programme",
                {"completion": True, "success": True},
            )

    def certificates(self, rng: random.Random):
        for step in self.steps:
            if step.completed_at:
                revoked = step.completed_at if rng.random() < 0.005 else None
                hours = Decimal(step.module.lessons_total or 4) / 2
                yield (
                    "module",
                    step.module.key,
                    step.module.number,
                    step.module.title,
                    step.completed_at,
                    hours,
                    revoked,
                )
        if self.steps and all(step.completed_at for step in self.steps):
            when = self.steps[-1].completed_at
            yield "programme", None, None, "LIAISE programme", when, Decimal("24.0"), None


def _journey(rng: random.Random, shapes: Sequence[ModuleShape], learner, now: datetime) -> _Plan:
    """One learner's path: each module started with a falling chance, finished or not."""
    uid, city_id, name, _profession, joined, language = learner
    plan = _Plan(uid, city_id, name, language, joined, [])
    clock = joined
    going = True
    for index, module in enumerate(shapes):
        step = _Step(module=module)
        plan.steps.append(step)
        chance = 0.85 if index == 0 else 0.78
        if not going or rng.random() > chance:
            going = False
            continue
        clock = min(now, clock + timedelta(days=rng.expovariate(1 / 12)))
        step.started_at = clock
        total = module.lessons_total
        finishes = rng.random() < 0.72
        done = total if finishes else rng.randint(0, max(total - 1, 0))
        for lesson_key in module.lesson_keys[:done]:
            clock = min(now, clock + timedelta(hours=rng.expovariate(1 / 30)))
            step.lessons_done.append((lesson_key, clock))
        step.seconds = 600 * max(done, 1) + rng.randint(0, 900)
        if finishes or rng.random() < 0.3:
            for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
                clock = min(now, clock + timedelta(hours=rng.expovariate(1 / 24)))
                score = min(100.0, max(5.0, rng.gauss(75, 12)))
                if finishes and _ == 0 and score < PASS_MARK and rng.random() < 0.5:
                    score = PASS_MARK + rng.random() * 25
                step.attempts.append((Decimal(f"{score:.2f}"), clock))
                if score >= PASS_MARK:
                    break
            if finishes and step.attempts[-1][0] < PASS_MARK:
                clock = min(now, clock + timedelta(days=2))
                step.attempts.append((Decimal(f"{PASS_MARK + rng.random() * 20:.2f}"), clock))
            step.best_score = max(percent for percent, _when in step.attempts)
            step.quiz_passed = step.best_score >= PASS_MARK
        complete = done == total and (step.quiz_passed or module.quiz_key is None)
        if finishes and complete:
            step.status = ModuleProgress.Status.COMPLETED
            step.completed_at = clock
        else:
            step.status = ModuleProgress.Status.IN_PROGRESS
            going = False
        step.last_activity_at = clock
    return plan
