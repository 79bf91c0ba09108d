"""The quiz-submission burst of the page benchmark: many learners hand in at the same moment.

Each bench learner has done every lesson of module 1 and saved correct answers on every page of
its quiz but the last; the burst is the last page's "Submit" button, pressed by all of them within
a fraction of a second (one connection each, opened beforehand), once or, as a double click would,
twice. That submission is the heaviest one a learner makes: it scores the attempt,
and its result completes the module and issues the certificate, on a Celery worker after the
commit with the production settings (assessments' outbox). Afterwards the database is asked
whether every attempt was submitted once, then polled until every learner's result was applied:
announced, module complete, one certificate.
"""

from __future__ import annotations

import http.client
import threading
import time
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, F
from django.http import QueryDict

from assessments.forms import ESSAY, answer_field_name
from assessments.marking import correct_choice_ids
from assessments.models import Attempt, QuizPage
from assessments.services.attempts import save_page, start_attempt
from certificates.models import Certificate
from courses.models import LessonPage, ModulePage
from courses.programme import children_of
from lms.learning import services
from lms.learning.models import ModuleProgress
from lms.models import City, LearnerProfile

from .serving import signed_in_session

USERNAME_PREFIX = "bench-burst-"


@dataclass
class Submitter:
    user_id: int
    path: str  # the attempt's last page
    session_key: str
    body: bytes


@dataclass
class BurstResult:
    started_at: float  # time.perf_counter() when the first request was sent
    spread_ms: float  # from the first request sent to the last one sent
    latencies_ms: list[float]
    statuses: dict[int, int]
    submitted_once: bool
    passed: int
    awaiting_marking: int

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def correct_values(question: dict) -> list[str]:
    """What a learner who knows the answer posts: the scoring's own correct choices."""
    if question["type"] == ESSAY:  # marked later by a trainer: the attempt awaits marking
        return ["Listening first, then consulting the designated lead, as the lesson teaches."]
    return sorted(correct_choice_ids(question))


def prepare(module: ModulePage, count: int, csrf: str) -> list[Submitter]:
    """`count` new learners, each one click away from completing `module` (removed by cleanup).

    `csrf` is the CSRF cookie's secret every submission carries (Django accepts the unmasked
    32-character secret as the form's token)."""
    cleanup()
    quiz = children_of(QuizPage, module).filter(is_draft=False).first()
    lessons = list(children_of(LessonPage, module))
    city = City.objects.order_by("pk").first()
    submitters = []
    for index in range(count):
        user = get_user_model().objects.create_user(
            f"{USERNAME_PREFIX}{index}", f"{USERNAME_PREFIX}{index}@example.org"
        )
        LearnerProfile.objects.create(
            user=user, full_name=f"Bench Learner {index}", city=city, profession="other"
        )
        services.enrol(user, module.translation_key)
        for lesson in lessons:
            services.complete_lesson(user, lesson, language="en", seconds_spent=60)
        attempt = start_attempt(user, quiz)
        for number in range(1, attempt.page_count):
            save_page(user, attempt.pk, number, _answers(attempt, number, "next"))
        last = _answers(attempt, attempt.page_count, "submit")
        last["csrfmiddlewaretoken"] = csrf
        path = f"/en/assessments/attempts/{attempt.pk}/page/{attempt.page_count}/"
        submitters.append(
            Submitter(user.pk, path, signed_in_session(user), last.urlencode().encode())
        )
    return submitters


def _answers(attempt: Attempt, number: int, action: str) -> QueryDict:
    data = QueryDict(mutable=True)
    for question in attempt.questions_on_page(number):
        data.setlist(answer_field_name(question["id"]), correct_values(question))
    data["action"] = action
    return data


def fire(
    host: str,
    port: int,
    submitters: list[Submitter],
    session_cookie: str,
    csrf: str,
    *,
    clicks: int = 2,
) -> BurstResult:
    """Post every submission at once (`clicks` 2: each again on its answer, as a double click)
    and time each first answer.

    Each learner first has the page open, as one who presses its Submit button has: it was
    loaded over their connection, one learner after the other, before the burst."""
    connections = [http.client.HTTPConnection(host, port, timeout=60) for _ in submitters]
    for submitter, connection in zip(submitters, connections, strict=True):
        connection.connect()
        cookie = f"{session_cookie}={submitter.session_key}; csrftoken={csrf}"
        connection.request("GET", submitter.path, headers={"Cookie": cookie})
        opened = connection.getresponse()
        opened.read()
        if opened.status != 200:
            raise RuntimeError(f"{submitter.path} answered {opened.status} before the burst")
    barrier = threading.Barrier(len(submitters) + 1)
    sent_at: list[float] = [0.0] * len(submitters)
    latencies: list[float] = [0.0] * len(submitters)
    statuses: dict[int, int] = {}
    failures: list[str] = []
    lock = threading.Lock()

    def submit(index: int) -> None:
        submitter, connection = submitters[index], connections[index]
        headers = {
            "Cookie": f"{session_cookie}={submitter.session_key}; csrftoken={csrf}",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        barrier.wait()
        for click in range(clicks):
            started = time.perf_counter()
            if click == 0:
                sent_at[index] = started
            try:
                response = _post(connection, submitter.path, submitter.body, headers)
                response.read()
            except OSError as error:  # counted and reported: a lost answer fails the burst
                with lock:
                    failures.append(f"{submitter.path}: {error!r}")
                return
            if click == 0:
                latencies[index] = (time.perf_counter() - started) * 1000
            with lock:
                statuses[response.status] = statuses.get(response.status, 0) + 1

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(len(submitters))]
    for thread in threads:
        thread.start()
    barrier.wait()
    for thread in threads:
        thread.join()
    for connection in connections:
        connection.close()
    if failures:
        raise RuntimeError(f"{len(failures)} submissions got no answer, e.g. {failures[0]}")
    user_ids = [s.user_id for s in submitters]
    attempts = Attempt.objects.filter(user_id__in=user_ids)
    return BurstResult(
        started_at=min(sent_at),
        spread_ms=(max(sent_at) - min(sent_at)) * 1000,
        latencies_ms=latencies,
        statuses=statuses,
        submitted_once=attempts.count() == len(submitters)
        and attempts.filter(submitted_at__isnull=False).count() == len(submitters),
        passed=attempts.filter(passed=True).count(),
        awaiting_marking=attempts.filter(passed__isnull=True).count(),
    )


def _post(
    connection: http.client.HTTPConnection, path: str, body: bytes, headers: dict[str, str]
) -> http.client.HTTPResponse:
    """POST on the learner's open connection; if the server closed it meanwhile (gunicorn closes
    connections idle for longer than its keep-alive, 2 s, and loading 100 learners' pages one
    after the other takes longer), post again on a new one, as a browser does."""
    try:
        connection.request("POST", path, body, headers)
        return connection.getresponse()
    except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
        connection.close()
        connection.request("POST", path, body, headers)  # http.client connects again
        return connection.getresponse()


@dataclass
class Applied:
    """Where the learners' results stand once applied (or when the wait gave up)."""

    seconds: float | None  # from the first request sent until all were applied; None: timed out
    announced: int  # passed attempts whose result was announced to the learning journey
    completed: int  # learners with the module complete
    certificates: int  # module certificates of the burst's learners
    learners_with_two: int  # learners holding more than one certificate for the module


def wait_until_applied(
    submitters: list[Submitter],
    module: ModulePage,
    started_at: float,
    passed: int,
    timeout: float = 60,
) -> Applied:
    """Poll until each of the `passed` learners has their result announced, the module complete
    and a certificate (an attempt that drew an essay awaits its marking: none of these), or
    `timeout` seconds after the first request; the state reached either way."""
    user_ids = [s.user_id for s in submitters]
    deadline = started_at + timeout
    while True:
        applied = _applied(user_ids, module)
        done = applied.announced == applied.completed == applied.certificates == passed
        now = time.perf_counter()
        if done or now > deadline:
            applied.seconds = now - started_at if done else None
            return applied
        time.sleep(0.05)


def _applied(user_ids: list[int], module: ModulePage) -> Applied:
    announced = Attempt.objects.filter(
        user_id__in=user_ids,
        passed=True,
        result_version__gt=0,
        announced_version=F("result_version"),
    ).count()
    completed = ModuleProgress.objects.filter(
        user_id__in=user_ids,
        module_key=module.translation_key,
        status=ModuleProgress.Status.COMPLETED,
    ).count()
    certificates = Certificate.objects.filter(
        user_id__in=user_ids, kind=Certificate.Kind.MODULE, module_key=module.translation_key
    )
    learners_with_two = (
        certificates.values("user_id").annotate(n=Count("pk")).filter(n__gt=1).count()
    )
    return Applied(None, announced, completed, certificates.count(), learners_with_two)


def cleanup() -> None:
    get_user_model().objects.filter(username__startswith=USERNAME_PREFIX).delete()
