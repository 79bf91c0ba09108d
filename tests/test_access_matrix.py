"""Who may open what: an access decision for every route of the project, read from the URL conf.

`get_resolver()` is walked for every route, including the admin URLs our apps register with
Wagtail and the language-prefixed ones; each of OUR named routes must have a row in `MATRIX`
(a new URL without one fails `test_every_route_has_an_access_decision`), and each row is then
requested as each of nine roles. Third-party routes are skipped by module, listed in
`THIRD_PARTY_MODULES`; a route from any other module fails too, so nothing is skipped silently.

Outcomes: OK (2xx), LOGIN (redirect to a sign-in page), MFA (redirect to the second factor:
staff without one get no further), REFUSED (Wagtail's bounce to the admin home: no permission),
DENIED (403), MISSING (404: another city's or another learner's object looks like no object at
all), BAD (400: allowed, but the empty request is refused), CONFLICT (409), GONE (410), REDIRECT
(3xx elsewhere: allowed and sent on, e.g. staff from learner-only pages). POST-only routes are
posted to with no data. About 30 s for the nine roles once the test database exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlparse

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver

from lms.dashboards.models import ExportJob, Invitation
from lms.sessions.models import Booking
from tests import factories
from tests.assessments.factories import QuizPageFactory
from tests.assessments.helpers import answer_all, start
from tests.dashboards.factories import certificate, programme, progress, with_totp
from tests.network.helpers import route_card
from tests.sessions.factories import make_session

pytestmark = pytest.mark.django_db

# Our code: a route whose view lives here needs a decision.
OUR_MODULES = ("lms", "courses", "assessments", "certificates", "devtools", "network")
# Third-party routes, skipped: allauth's account pages, Wagtail's own admin, wagtail-localize,
# and Django's views that Wagtail mounts (its login helper, the test 404 of the admin).
THIRD_PARTY_MODULES = ("allauth.", "wagtail.", "wagtail_localize.", "django.")
# Third-party views that we mount under a name of our own: they are ours to decide.
OUR_NAMES_FOR_THIRD_PARTY_VIEWS = {"javascript-catalog"}

ROLES = [
    "anonymous",
    "learner_a",
    "learner_b",
    "trainer",
    "lead_a",
    "lead_b",
    "coordinator",
    "superuser_without_2fa",
    "superuser",
]
OK, LOGIN, DENIED, MISSING, BAD, CONFLICT, GONE = (
    "ok", "login", "denied", "missing", "bad", "conflict", "gone"
)  # fmt: skip
REDIRECT, MFA, REFUSED = "redirect", "2fa", "refused"
ALL_OK = [OK] * 9
GET, POST = "GET", "POST"


@dataclass(frozen=True)
class Decision:
    path: str  # with {placeholders} filled from the site fixture
    outcomes: list[str]  # one per role, in ROLES order
    method: str = GET


# Route name -> decision, roles in ROLES order:
#      anonymous, learner_a, learner_b, trainer, lead_a, lead_b, coordinator, super w/o 2FA, super
MATRIX: dict[str, Decision] = {
    "favicon": Decision(
        "/favicon.ico",
        [REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT],
    ),
    "healthz": Decision(
        "/healthz",
        ALL_OK,
    ),
    "healthz_live": Decision(
        "/healthz/live",
        ALL_OK,
    ),
    "dashboards:index": Decision(
        "/admin/dashboards/",
        [LOGIN, DENIED, DENIED, DENIED, REDIRECT, REDIRECT, OK, MFA, OK],
    ),
    "dashboards:city": Decision(
        "/admin/dashboards/city/{a}/",
        [LOGIN, DENIED, DENIED, DENIED, OK, MISSING, OK, MFA, OK],
    ),
    "dashboards:learners": Decision(
        "/admin/dashboards/city/{a}/learners/",
        [LOGIN, DENIED, DENIED, DENIED, OK, MISSING, MISSING, MFA, MISSING],
    ),
    "dashboards:learners_results": Decision(
        "/admin/dashboards/city/{a}/learners/results/",
        [LOGIN, DENIED, DENIED, DENIED, OK, MISSING, MISSING, MFA, MISSING],
    ),
    "dashboards:enrol_learners": Decision(
        "/admin/dashboards/city/{a}/learners/enrol/",
        [LOGIN, DENIED, DENIED, DENIED, BAD, MISSING, MISSING, MFA, MISSING],
        POST,
    ),
    "dashboards:invitations": Decision(
        "/admin/dashboards/city/{a}/invitations/",
        [LOGIN, DENIED, DENIED, DENIED, OK, MISSING, MISSING, MFA, MISSING],
    ),
    "dashboards:network": Decision(
        "/admin/dashboards/network/",
        [LOGIN, DENIED, DENIED, DENIED, DENIED, DENIED, OK, MFA, OK],
    ),
    "dashboards:refresh": Decision(
        "/admin/dashboards/refresh/",
        [LOGIN, DENIED, DENIED, DENIED, DENIED, DENIED, REDIRECT, MFA, REDIRECT],
        POST,
    ),
    "dashboards:exports": Decision(
        "/admin/dashboards/exports/",
        [LOGIN, DENIED, DENIED, DENIED, OK, OK, OK, MFA, OK],
    ),
    "dashboards:download_export": Decision(
        "/admin/dashboards/exports/{job}/download/",
        [LOGIN, DENIED, DENIED, DENIED, OK, MISSING, MISSING, MFA, MISSING],
    ),
    "assessments_admin:marking_queue": Decision(
        "/admin/assessments/marking/",
        [LOGIN, DENIED, DENIED, OK, REFUSED, REFUSED, REFUSED, MFA, OK],
    ),
    "assessments_admin:marking_queue_results": Decision(
        "/admin/assessments/marking/results/",
        [LOGIN, DENIED, DENIED, OK, REFUSED, REFUSED, REFUSED, MFA, OK],
    ),
    "assessments_admin:mark": Decision(
        "/admin/assessments/marking/{answer}/",
        [LOGIN, DENIED, DENIED, OK, REFUSED, REFUSED, REFUSED, MFA, OK],
    ),
    "assessments_admin:statistics_index": Decision(
        "/admin/assessments/statistics/",
        [LOGIN, DENIED, DENIED, OK, REFUSED, REFUSED, REFUSED, MFA, OK],
    ),
    "assessments_admin:statistics_index_results": Decision(
        "/admin/assessments/statistics/results/",
        [LOGIN, DENIED, DENIED, OK, REFUSED, REFUSED, REFUSED, MFA, OK],
    ),
    "assessments_admin:statistics": Decision(
        "/admin/assessments/statistics/{quiz_key}/",
        [LOGIN, DENIED, DENIED, OK, REFUSED, REFUSED, REFUSED, MFA, OK],
    ),
    "certificates_admin:list": Decision(
        "/admin/certificates/",
        [LOGIN, DENIED, DENIED, OK, REFUSED, REFUSED, REFUSED, MFA, OK],
    ),
    "certificates_admin:list_results": Decision(
        "/admin/certificates/results/",
        [LOGIN, DENIED, DENIED, OK, REFUSED, REFUSED, REFUSED, MFA, OK],
    ),
    "certificates_admin:detail": Decision(
        "/admin/certificates/{certificate}/",
        [LOGIN, DENIED, DENIED, OK, REFUSED, REFUSED, REFUSED, MFA, OK],
    ),
    # Coordinators translate route cards (network.moderation gives them submit_translation),
    # so they see which content is behind too: no city's or learner's data.
    "courses_translations_behind": Decision(
        "/admin/translations-behind/",
        [LOGIN, DENIED, DENIED, OK, REFUSED, REFUSED, OK, MFA, OK],
    ),
    "switch_language": Decision(
        "/i18n/switch/",
        [BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD],
        POST,
    ),
    "certificates_public:verify_form": Decision(
        "/verify/",
        ALL_OK,
    ),
    "certificates_public:verify": Decision(
        "/verify/{code}/",
        ALL_OK,
    ),
    "certificates_public:status": Decision(
        "/verify/{code}/status.json",
        ALL_OK,
    ),
    "certificates_public:did": Decision(
        "/.well-known/did.json",
        ALL_OK,
    ),
    "certificates_public:jwks": Decision(
        "/.well-known/jwks.json",
        ALL_OK,
    ),
    "account_login": Decision(
        "/en/accounts/login/",
        [OK, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT],
    ),
    "account_signup": Decision(
        "/en/accounts/signup/",
        [OK, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT],
    ),
    "account_reset_password": Decision(
        "/en/accounts/password/reset/",
        ALL_OK,
    ),
    "account_reset_password_from_key": Decision(
        "/en/accounts/password/reset/key/1-set-password/",
        [BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD],
    ),
    "mfa_authenticate": Decision(
        "/en/accounts/2fa/authenticate/",
        [LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT],
    ),
    "profile": Decision(
        "/en/accounts/profile/",
        [LOGIN, OK, OK, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT],
    ),
    "export_my_data": Decision(
        "/en/accounts/my-data/",
        [LOGIN, OK, OK, OK, OK, OK, OK, OK, OK],
    ),
    "my_data_summary": Decision(
        "/en/accounts/my-data/summary/",
        [LOGIN, OK, OK, OK, OK, OK, OK, OK, OK],
    ),
    "delete_my_account": Decision(
        "/en/accounts/delete/",
        [LOGIN, OK, OK, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT],
    ),
    "javascript-catalog": Decision(
        "/en/jsi18n/",
        ALL_OK,
    ),
    "assessments:start": Decision(
        "/en/assessments/quiz/{quiz}/start/",
        [LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT],
        POST,
    ),
    "assessments:resume": Decision(
        "/en/assessments/attempts/{attempt}/",
        [LOGIN, REDIRECT, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING],
    ),
    "assessments:page": Decision(
        "/en/assessments/attempts/{attempt}/page/1/",
        [LOGIN, REDIRECT, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING],
    ),
    "assessments:review": Decision(
        "/en/assessments/attempts/{attempt}/review/",
        [LOGIN, REDIRECT, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING],
    ),
    "assessments:submit": Decision(  # the attempt is handed in: submitting again shows the result
        "/en/assessments/attempts/{attempt}/submit/",
        [LOGIN, REDIRECT, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING],
        POST,
    ),
    "assessments:result": Decision(
        "/en/assessments/attempts/{attempt}/result/",
        [LOGIN, OK, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING],
    ),
    "learning:my_learning": Decision(
        "/en/my-learning/",
        [LOGIN, OK, OK, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT],
    ),
    "learning:continue": Decision(
        "/en/my-learning/continue/",
        [LOGIN, REDIRECT, REDIRECT, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED],
    ),
    "learning:my_records": Decision(
        "/en/my-learning/records.jsonl",
        [LOGIN, OK, OK, OK, OK, OK, OK, OK, OK],
    ),
    "learning:enrol": Decision(
        "/en/learning/modules/{module}/enrol/",
        [LOGIN, REDIRECT, REDIRECT, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED],
        POST,
    ),
    "learning:complete_lesson": Decision(
        "/en/learning/lessons/{lesson}/done/",
        [LOGIN, REDIRECT, REDIRECT, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED],
        POST,
    ),
    "learning:confidence": Decision(
        "/en/learning/modules/{module}/confidence/before/",
        [LOGIN, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED],
    ),
    "learning:confidence_skip": Decision(
        "/en/learning/modules/{module}/confidence/before/skip/",
        [LOGIN, REDIRECT, REDIRECT, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED],
        POST,
    ),
    "certificates:list": Decision(
        "/en/certificates/",
        [LOGIN, OK, OK, OK, OK, OK, OK, OK, OK],
    ),
    "certificates:download": Decision(
        "/en/certificates/{code}/pdf/",
        [LOGIN, REDIRECT, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, REDIRECT],
    ),
    "certificates:credential": Decision(
        "/en/certificates/{code}/credential.json",
        [LOGIN, REDIRECT, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, REDIRECT],
    ),
    "certificates:verify_form": Decision(
        "/en/verify/",
        ALL_OK,
    ),
    "certificates:verify": Decision(
        "/en/verify/{code}/",
        ALL_OK,
    ),
    "dashboards_public:accept_invitation": Decision(
        "/en/invitations/{token}/",
        ALL_OK,
    ),
    "training_sessions:list": Decision(
        "/en/sessions/",
        ALL_OK,
    ),
    "training_sessions:detail": Decision(
        "/en/sessions/{session}/",
        ALL_OK,
    ),
    "training_sessions:mine": Decision(
        "/en/sessions/mine/",
        [LOGIN, OK, OK, OK, OK, OK, OK, OK, OK],
    ),
    "training_sessions:check_in": Decision(
        "/en/sessions/check-in/",
        [LOGIN, OK, OK, OK, OK, OK, OK, OK, OK],
    ),
    "training_sessions:calendar": Decision(
        "/en/sessions/{session}/calendar.ics",
        [LOGIN, OK, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING],
    ),
    "training_sessions:book": Decision(
        "/en/sessions/{session}/book/",
        [LOGIN, REDIRECT, REDIRECT, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED],
        POST,
    ),
    "training_sessions:cancel": Decision(
        "/en/sessions/{session}/cancel/",
        [LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT],
        POST,
    ),
    "training_sessions_admin:city": Decision(
        "/admin/training-sessions/my-cities/",
        [LOGIN, DENIED, DENIED, OK, OK, OK, DENIED, MFA, OK],
    ),
    "training_sessions_admin:bookings": Decision(
        "/admin/training-sessions/{session}/bookings/",
        [LOGIN, DENIED, DENIED, OK, OK, OK, DENIED, MFA, OK],
    ),
    "training_sessions_admin:register": Decision(
        "/admin/training-sessions/parts/{part}/register/",
        [LOGIN, DENIED, DENIED, OK, OK, MISSING, DENIED, MFA, OK],
    ),
    "training_sessions_admin:sign_in_sheet": Decision(
        "/admin/training-sessions/parts/{part}/sign-in-sheet.pdf",
        [LOGIN, DENIED, DENIED, OK, OK, MISSING, DENIED, MFA, OK],
    ),
    "wagtailsnippets_training_sessions_session:list": Decision(
        "/admin/snippets/training_sessions/session/",
        [LOGIN, DENIED, DENIED, OK, OK, OK, REFUSED, MFA, OK],
    ),
    "wagtailsnippets_training_sessions_session:list_results": Decision(
        "/admin/snippets/training_sessions/session/results/",
        [LOGIN, DENIED, DENIED, OK, OK, OK, REFUSED, MFA, OK],
    ),
    "wagtailsnippets_training_sessions_session:add": Decision(
        "/admin/snippets/training_sessions/session/add/",
        [LOGIN, DENIED, DENIED, OK, OK, OK, REFUSED, MFA, OK],
    ),
    "wagtailsnippets_training_sessions_session:edit": Decision(
        "/admin/snippets/training_sessions/session/edit/{session}/",
        [LOGIN, DENIED, DENIED, OK, OK, MISSING, MISSING, MFA, OK],
    ),
    "wagtailsnippets_training_sessions_session:delete": Decision(
        "/admin/snippets/training_sessions/session/delete/{session}/",
        [LOGIN, DENIED, DENIED, OK, REFUSED, MISSING, MISSING, MFA, OK],
    ),
    # Wagtail's own snippet views (skipped by module by the walk), scoped to the lead's cities
    # by network.wagtail_hooks: decided here so that the scoping is exercised. The chooser's
    # views are network's own (scoped subclasses), so the walk requires them.
    "wagtailsnippets_network_routecard:list": Decision(
        "/admin/snippets/network/routecard/",
        [LOGIN, DENIED, DENIED, REFUSED, OK, OK, OK, MFA, OK],
    ),
    "wagtailsnippets_network_routecard:list_results": Decision(
        "/admin/snippets/network/routecard/results/",
        [LOGIN, DENIED, DENIED, REFUSED, OK, OK, OK, MFA, OK],
    ),
    "wagtailsnippets_network_routecard:add": Decision(
        "/admin/snippets/network/routecard/add/",
        [LOGIN, DENIED, DENIED, REFUSED, OK, OK, OK, MFA, OK],
    ),
    "wagtailsnippets_network_routecard:edit": Decision(
        "/admin/snippets/network/routecard/edit/{card}/",
        [LOGIN, DENIED, DENIED, REFUSED, OK, REFUSED, OK, MFA, OK],
    ),
    "wagtailsnippets_network_routecard:translate": Decision(
        "/admin/snippets/network/routecard/translate/{card}/",
        [LOGIN, DENIED, DENIED, REFUSED, OK, REFUSED, OK, MFA, OK],
    ),
    "wagtailsnippets_network_routecard:delete": Decision(
        "/admin/snippets/network/routecard/delete/{card}/",
        [LOGIN, DENIED, DENIED, REFUSED, REFUSED, REFUSED, OK, MFA, OK],
    ),
    "wagtailsnippets_network_routecard:usage": Decision(
        "/admin/snippets/network/routecard/usage/{card}/",
        [LOGIN, DENIED, DENIED, REFUSED, OK, REFUSED, OK, MFA, OK],
    ),
    "wagtailsnippets_network_routecard:history": Decision(
        "/admin/snippets/network/routecard/history/{card}/",
        [LOGIN, DENIED, DENIED, REFUSED, OK, REFUSED, OK, MFA, OK],
    ),
    "wagtailsnippets_network_routecard:copy": Decision(
        "/admin/snippets/network/routecard/copy/{card}/",
        [LOGIN, DENIED, DENIED, REFUSED, OK, REFUSED, OK, MFA, OK],
    ),
    "wagtailsnippets_network_routecard:unpublish": Decision(
        "/admin/snippets/network/routecard/unpublish/{card}/",
        [LOGIN, DENIED, DENIED, REFUSED, REFUSED, REFUSED, REFUSED, MFA, OK],
    ),
    "wagtailsnippetchoosers_network_routecard:choose": Decision(
        "/admin/snippets/choose/network/routecard/",
        [LOGIN, DENIED, DENIED, OK, OK, OK, OK, MFA, OK],
    ),
    "wagtailsnippetchoosers_network_routecard:choose_results": Decision(
        "/admin/snippets/choose/network/routecard/results/",
        [LOGIN, DENIED, DENIED, OK, OK, OK, OK, MFA, OK],
    ),
    "wagtailsnippetchoosers_network_routecard:chosen_multiple": Decision(
        "/admin/snippets/choose/network/routecard/chosen-multiple/?id={card}",
        [LOGIN, DENIED, DENIED, OK, OK, OK, OK, MFA, OK],
    ),
    "wagtailsnippetchoosers_network_routecard:chosen": Decision(
        "/admin/snippets/choose/network/routecard/chosen/{card}/",
        [LOGIN, DENIED, DENIED, MISSING, OK, MISSING, OK, MFA, OK],
    ),
    "network:my_city": Decision(
        "/en/my-city/",
        [LOGIN, OK, OK, OK, OK, OK, OK, OK, OK],
    ),
}  # fmt: skip


def _walk(patterns, prefix: str = "", namespaces: tuple = ()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespaces + ((pattern.namespace,) if pattern.namespace else ())
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            callback = pattern.callback
            view = getattr(callback, "view_class", None) or callback
            name = ":".join((*namespaces, pattern.name)) if pattern.name else ""
            yield prefix + str(pattern.pattern), name, view.__module__


def routes() -> list[tuple[str, str, str]]:
    return list(_walk(get_resolver().url_patterns))


def is_ours(name: str, module: str) -> bool:
    return module.split(".")[0] in OUR_MODULES or name in OUR_NAMES_FOR_THIRD_PARTY_VIEWS


def problems(found: list[tuple[str, str, str]]) -> list[str]:
    """Our routes without a decision, and routes that are neither ours nor skipped by name."""
    result = []
    for route, name, module in found:
        if is_ours(name, module):
            if not name or name not in MATRIX:
                result.append(f"no access decision: {name or '(unnamed)'} -> {route} ({module})")
        elif not module.startswith(THIRD_PARTY_MODULES):
            result.append(f"neither ours nor skipped: {name} -> {route} ({module})")
    return result


def test_every_route_has_an_access_decision():
    found = routes()
    # The walk sees the admin URLs our apps register with Wagtail and the language-prefixed ones.
    names = {name for _route, name, _module in found}
    assert {"assessments_admin:mark", "certificates_admin:detail", "dashboards:city"} <= names
    assert {"courses_translations_behind", "profile", "learning:my_learning"} <= names
    assert not problems(found), "\n".join(problems(found))


def test_a_new_route_without_a_decision_fails():
    new = [
        ("en/accounts/new/", "new_account_page", "lms.views"),
        ("admin/sessions/", "sessions_admin:index", "sessions.admin_views"),
    ]
    assert len(problems(routes() + new)) == 2


def test_no_decision_for_a_route_that_is_gone():
    names = {name for _route, name, _module in routes()}
    assert not set(MATRIX) - names


@pytest.fixture
def site(client):
    modules = programme(1)
    module = modules[0]
    lesson = factories.LessonPageFactory(parent=module, title="Lesson", slug="lesson")
    quiz = QuizPageFactory(parent=module, slug="quiz")
    city_a = factories.CityFactory(name="Antwerp", slug="antwerp", country="BE")
    city_b = factories.CityFactory(name="Bologna", slug="bologna", country="IT")
    learner_a = factories.LearnerFactory(username="learner-a", profile__city=city_a)
    learner_b = factories.LearnerFactory(username="learner-b", profile__city=city_b)
    lead_a = with_totp(factories.CityLeadFactory(username="lead-a", cities=[city_a]))
    lead_b = with_totp(factories.CityLeadFactory(username="lead-b", cities=[city_b]))
    User = get_user_model()
    users = {
        "anonymous": None,
        "learner_a": learner_a,
        "learner_b": learner_b,
        "trainer": with_totp(factories.TrainerFactory(username="trainer")),
        "lead_a": lead_a,
        "lead_b": lead_b,
        "coordinator": with_totp(factories.CoordinatorFactory(username="coordinator")),
        "superuser_without_2fa": User.objects.create_superuser("root1", "r1@example.org", "pw"),
        "superuser": with_totp(User.objects.create_superuser("root2", "r2@example.org", "pw")),
    }
    # Learner A's quiz attempt with an essay awaiting marking, a certificate, progress.
    client.force_login(learner_a)
    attempt = start(client, quiz)
    essay = next(q for q in attempt.questions if q["type"] == "essay")
    answer_all(client, attempt, {essay["id"]: ["My essay."]})
    client.logout()
    progress(learner_a, module, "in_progress", score=40)
    issued = certificate(learner_a, kind="programme")
    job = ExportJob.objects.create(
        requested_by=lead_a, city=city_a, format="csv", status=ExportJob.Status.READY
    )

    job.file.save(job.filename, ContentFile(b"Name\r\n"))
    invitation = Invitation.objects.create(
        city=city_a, email="new@example.org", full_name="New Person", language="en"
    )
    answer = attempt.answers.get(question_id=essay["id"])
    # A session organised by city A, trained by the trainer, learner A booked; city A's card.
    session = make_session(modules=[module], city=city_a, capacity=5)
    session.trainers.add(users["trainer"])
    session.save()  # the trainers are a ParentalManyToManyField: saved with the session
    Booking.objects.create(session=session, user=learner_a, status="booked")
    card = route_card(city_a)
    return {
        "users": users,
        "a": city_a.pk,
        "b": city_b.pk,
        "module": module.translation_key,
        "lesson": lesson.pk,
        "quiz": quiz.pk,
        "quiz_key": quiz.translation_key,
        "attempt": attempt.pk,
        "answer": answer.pk,
        "code": issued.display_code,
        "certificate": issued.pk,
        "job": job.pk,
        "token": invitation.token,
        "session": session.pk,
        "part": session.parts.get().pk,
        "card": card.pk,
    }


def outcome(response) -> str:
    status = response.status_code
    if 300 <= status < 400:
        target = urlparse(response["Location"]).path
        if target.endswith("/login/"):
            return LOGIN
        if "/2fa/" in target:
            return MFA
        if target == "/admin/":
            return REFUSED
        return REDIRECT
    return {403: DENIED, 404: MISSING, 400: BAD, 409: CONFLICT, 410: GONE}.get(
        status, OK if 200 <= status < 300 else str(status)
    )


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(client, site, role):
    index = ROLES.index(role)
    user = site["users"][role]
    wrong, seen = [], {}
    for name, decision in MATRIX.items():
        if user is not None:
            client.force_login(user)
        path = decision.path.format(**site)
        response = client.post(path) if decision.method == POST else client.get(path)
        seen[name] = outcome(response)
        if seen[name] != decision.outcomes[index]:
            wrong.append(
                f"{name} {decision.method} {path}: {seen[name]}, decided {decision.outcomes[index]}"
            )
    assert not wrong, f"{role}:\n" + "\n".join(wrong)
