"""Demo data: the LIAISE partner cities and regions, and one account per role."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.http import QueryDict

from assessments import services as quizzes
from assessments.blocks import ESSAY, TRUE_FALSE
from assessments.forms import answer_field_name
from assessments.models import Answer, Attempt, QuizPage
from courses.programme import programme_modules
from lms.learning import services as learning

from .models import City, CityLeadAssignment, LearnerProfile, Profession
from .roles import CITY_LEADS, COORDINATORS, LEARNERS, TRAINERS, ensure_roles

# (name, slug, kind, country, region, languages). LIAISE (2014-2016): Augsburg, Brussels,
# Düsseldorf, L'Hospitalet, Liège, Malmö, Montreuil, Reggio Emilia, Sarcelles, Vilvoorde.
# LIAISE 2 (2016-2018) added the other cities and the two regions.
PARTNERS: list[tuple[str, str, str, str, str, list[str]]] = [
    ("Alexandroupoli", "alexandroupoli", "city", "GR", "Eastern Macedonia and Thrace", ["el"]),
    ("Augsburg", "augsburg", "city", "DE", "Bavaria", ["de"]),
    ("Bagneux", "bagneux", "city", "FR", "Île-de-France", ["fr"]),
    ("Bologna", "bologna", "city", "IT", "Emilia-Romagna", ["it"]),
    ("Bordeaux", "bordeaux", "city", "FR", "Nouvelle-Aquitaine", ["fr"]),
    ("Brno", "brno", "city", "CZ", "South Moravia", ["cs"]),
    ("Brussels", "brussels", "city", "BE", "Brussels-Capital", ["fr", "nl"]),
    ("Düsseldorf", "dusseldorf", "city", "DE", "North Rhine-Westphalia", ["de"]),
    ("Essen", "essen", "city", "DE", "North Rhine-Westphalia", ["de"]),
    ("L'Hospitalet de Llobregat", "lhospitalet", "city", "ES", "Catalonia", ["es"]),
    ("Liège", "liege", "city", "BE", "Wallonia", ["fr"]),
    ("Malmö", "malmo", "city", "SE", "Skåne", ["sv"]),
    ("Montreuil", "montreuil", "city", "FR", "Île-de-France", ["fr"]),
    ("Paris", "paris", "city", "FR", "Île-de-France", ["fr"]),
    ("Reggio Emilia", "reggio-emilia", "city", "IT", "Emilia-Romagna", ["it"]),
    ("Rotterdam", "rotterdam", "city", "NL", "South Holland", ["nl"]),
    ("Sarcelles", "sarcelles", "city", "FR", "Île-de-France", ["fr"]),
    ("Setúbal", "setubal", "city", "PT", "Setúbal", ["pt"]),
    ("The Hague", "the-hague", "city", "NL", "South Holland", ["nl"]),
    ("Toulouse", "toulouse", "city", "FR", "Occitanie", ["fr"]),
    ("Vilvoorde", "vilvoorde", "city", "BE", "Flanders", ["nl"]),
    ("State of Bavaria", "bavaria", "region", "DE", "Bavaria", ["de"]),
    ("Catalonia (Generalitat)", "catalonia", "region", "ES", "Catalonia", ["es"]),
]


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: str
    full_name: str
    city_slug: str | None = None
    superuser: bool = False


DEMO_ACCOUNTS = [
    DemoAccount("learner@liaise.example", LEARNERS, "Ana Demo", "liege"),
    DemoAccount("trainer@liaise.example", TRAINERS, "Tomas Trainer"),
    DemoAccount("citylead@liaise.example", CITY_LEADS, "Chloé Lead", "liege"),
    DemoAccount("coordinator@liaise.example", COORDINATORS, "Nikos Coordinator"),
    DemoAccount("admin@liaise.example", COORDINATORS, "Site Administrator", superuser=True),
]
DEMO_PASSWORD = "liaise-demo-2026"


def load_cities() -> int:
    for name, slug, kind, country, region, languages in PARTNERS:
        City.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "country": country,
                "region": region,
                "languages": languages,
            },
        )
    return len(PARTNERS)


def _demo_user(email: str, role: str, *, password: str | None = None, superuser: bool = False):
    """A demo account with a verified email in one role; no usable password unless given."""
    user, _created = get_user_model().objects.get_or_create(
        username=email.split("@")[0], defaults={"email": email}
    )
    user.email = email
    user.is_superuser = user.is_staff = superuser
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    user.groups.set([Group.objects.get(name=role)])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


@transaction.atomic
def demo_loaded() -> bool:
    """Whether the demo accounts exist (a restarted stack must not reset their progress)."""
    return get_user_model().objects.filter(email=DEMO_ACCOUNTS[0].email).exists()


def load_demo(with_passwords: bool) -> list[DemoAccount]:
    """Cities and demo accounts; passwords only on a DEBUG (development) site."""
    if with_passwords and not settings.DEBUG:
        raise PermissionError("Demo passwords are only set when DEBUG is on.")
    ensure_roles()
    load_cities()
    for account in DEMO_ACCOUNTS:
        user = _demo_user(
            account.email,
            account.role,
            password=DEMO_PASSWORD if with_passwords else None,
            superuser=account.superuser,
        )
        if account.role == LEARNERS:
            LearnerProfile.objects.update_or_create(
                user=user,
                defaults={
                    "full_name": account.full_name,
                    "city": City.objects.get(slug=account.city_slug),
                    "profession": Profession.SOCIAL_WORKER,
                },
            )
        if account.role == CITY_LEADS:
            CityLeadAssignment.objects.get_or_create(
                user=user, city=City.objects.get(slug=account.city_slug)
            )
    return DEMO_ACCOUNTS


# Demo learning history ---------------------------------------------------------------------------

# Liège colleagues of the demo learner, so the city lead's dashboard has something to show:
# (full name, profession, lessons done in module 1, module 1 quiz passed, lessons done in module 2)
DEMO_COLLEAGUES = [
    ("Camille Demo", Profession.TEACHER, 5, True, 3),
    ("Jonas Demo", Profession.YOUTH_WORKER, 5, True, 0),
    ("Sara Demo", Profession.PREVENTION_OFFICER, 3, False, 0),
    ("Yusuf Demo", Profession.SOCIAL_WORKER, 1, False, 0),
    ("Marie Demo", Profession.PROBATION_OFFICER, 0, False, 0),
]


def _answers_for(questions: list[dict]) -> dict[str, list[str]]:
    """The right answer to every question (the essay gets a short invented text)."""
    answers = {}
    for question in questions:
        if question["type"] == TRUE_FALSE:
            value = ["true" if question["correct"] else "false"]
        elif question["type"] == ESSAY:
            value = ["An invented case: the team agreed a proportionate, shared plan."]
        else:
            value = [choice["id"] for choice in question["choices"] if choice["correct"]]
        answers[answer_field_name(question["id"])] = value
    return answers


def _pass_quiz(user, quiz, marker) -> None:
    """Take the module quiz through the same services a learner's browser uses."""
    if quizzes.has_passed(user, quiz.translation_key):
        return
    attempt = quizzes.start_attempt(user, quiz)
    for number in range(1, attempt.page_count + 1):
        data = QueryDict(mutable=True)
        for name, values in _answers_for(attempt.questions_on_page(number)).items():
            data.setlist(name, values)
        data["action"] = "submit" if number == attempt.page_count else "next"
        quizzes.save_page(user, attempt.pk, number, data)
    attempt.refresh_from_db()
    if attempt.status == Attempt.Status.AWAITING_MARKING:
        for answer in Answer.objects.filter(attempt=attempt, points__isnull=True):
            quizzes.mark_answer(answer.pk, marker, answer.max_points, "Clear and careful.")


def _learner(email: str, full_name: str, profession: str, city: City):
    user = _demo_user(email, LEARNERS)
    LearnerProfile.objects.update_or_create(
        user=user, defaults={"full_name": full_name, "city": city, "profession": profession}
    )
    return user


def _study(user, module, lessons_done: int, pass_quiz: bool, marker) -> None:
    learning.enrol(user, module.translation_key)
    for lesson in list(module.lessons())[:lessons_done]:
        learning.complete_lesson(user, lesson, language="en", seconds_spent=900)
    quiz = QuizPage.objects.child_of(module).live().public().filter(is_draft=False).first()
    if pass_quiz and quiz is not None:
        _pass_quiz(user, quiz.specific, marker)


def load_demo_learning() -> None:
    """Progress, a passed quiz and a certificate for the demo learner, and a few colleagues.

    Goes through the real services (so certificates are issued and PDFs rendered like any other);
    running it again changes nothing. Needs the six modules loaded.
    """
    modules = list(programme_modules())
    if len(modules) < 2:
        return
    marker = get_user_model().objects.get(username="trainer")
    learner = get_user_model().objects.get(username="learner")
    city = learner.learner_profile.city
    _study(learner, modules[0], len(modules[0].lessons()), True, marker)
    _study(learner, modules[1], 2, False, marker)
    for full_name, profession, done_1, passed_1, done_2 in DEMO_COLLEAGUES:
        email = full_name.split()[0].lower() + "@liaise.example"
        colleague = _learner(email, full_name, profession, city)
        if done_1:
            _study(colleague, modules[0], done_1, passed_1, marker)
        if done_2:
            _study(colleague, modules[1], done_2, False, marker)
    from lms.sessions.demo import load_demo_sessions

    load_demo_sessions(modules, city)
