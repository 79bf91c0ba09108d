"""Erasure leaves nothing that names the learner, and the city's figures do not lose them.

Issue 14, item 2: the invitation row stayed on the lead's page, Wagtail's history kept the
learner's name and a revocation reason, the person dropped out of the dashboards' figures, and
their certificates' codes answered "unknown".
"""

import pytest
from django.contrib.auth import get_user_model
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, PageLogEntry

from certificates import services as certificate_services
from certificates.models import Certificate, ErasedCertificate
from lms.dashboards import queries
from lms.dashboards.models import Invitation
from lms.dashboards.modules import programme_modules
from lms.learning.models import ModuleProgress
from lms.learning.services import refresh_module_totals
from lms.services import delete_account
from tests import factories
from tests.dashboards.factories import certificate, programme, progress, with_totp

pytestmark = pytest.mark.django_db

NAME = "Zoë Erasable"
EMAIL = "zoe.erasable@example.org"
REASON = "Misspelt name of Zoë Erasable"


@pytest.fixture
def modules(db):
    return programme(2)


@pytest.fixture
def city(db):
    return factories.CityFactory(name="Antwerp", slug="antwerp", country="BE")


@pytest.fixture
def lead(city):
    return with_totp(factories.CityLeadFactory(username="lead-a", cities=[city]))


@pytest.fixture
def trainer(db):
    return with_totp(factories.TrainerFactory(username="trainer"))


@pytest.fixture
def erased(modules, city, lead, trainer):
    """A learner who came by invitation, completed the programme and had a certificate revoked."""
    user = factories.LearnerFactory(
        username="zoe", email=EMAIL, profile__city=city, profile__full_name=NAME
    )
    Invitation.objects.create(
        city=city, email=EMAIL, full_name=NAME, language="en", invited_by=lead, user=user
    )
    for module in modules:
        progress(user, module, "completed", score=90, completed_days_ago=3)
    revoked = certificate(user, modules[0])
    certificate_services.revoke(revoked, by=trainer, reason=REASON)
    certificate(user, modules[1])
    certificate(user, kind="programme")
    log(user, "wagtail.edit", user=trainer)
    log(user.learner_profile, "wagtail.edit", user=trainer)
    return user


@pytest.fixture
def other(modules, city):
    """Someone who stays: their figures must not change either."""
    user = factories.LearnerFactory(username="stays", profile__city=city)
    progress(user, modules[0], "completed", score=80, completed_days_ago=1)
    progress(user, modules[1], "in_progress", score=40)
    certificate(user, modules[0])
    return user


def figures(city):
    result = queries.figures_by_city([city.pk], programme_modules("en"))[city.pk]
    return {
        "modules": [
            (m.enrolled, m.in_progress, m.completed, m.scored, m.passed, m.average_best)
            for m in result.modules
        ],
        "active": result.active,
        "funnel": result.funnel,
        "module_certificates": result.module_certificates,
        "programme_certificates": result.programme_certificates,
        "months": queries.monthly_completions([city.pk]),
    }


def test_the_invitation_goes_and_the_leads_page_no_longer_names_them(client, city, lead, erased):
    page = f"/admin/dashboards/city/{city.pk}/invitations/"
    client.force_login(lead)
    assert NAME in client.get(page).content.decode()

    delete_account(erased)

    assert not Invitation.objects.filter(email__iexact=EMAIL).exists()
    response = client.get(page)
    assert response.status_code == 200
    assert NAME not in response.content.decode()
    assert EMAIL not in response.content.decode()


def test_an_open_invitation_to_another_of_their_addresses_goes_too(city, lead, erased):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=erased, email="zoe@work.example.org", verified=True)
    Invitation.objects.create(
        city=city, email="ZOE@work.example.org", full_name=NAME, language="en", invited_by=lead
    )
    keeps = Invitation.objects.create(
        city=city, email="someone@example.org", full_name="Someone", language="en"
    )

    delete_account(erased)

    assert list(Invitation.objects.all()) == [keeps]


def test_no_log_entry_names_them_or_keeps_a_revocation_reason(erased, trainer):
    assert ModelLogEntry.objects.filter(label__contains=NAME).exists()

    delete_account(erased)

    for entry in ModelLogEntry.objects.all():
        assert NAME not in entry.label
        assert EMAIL not in entry.label
        assert REASON not in str(entry.data)
        assert "zoe" not in entry.label
    # What staff did is still in the history, by whom and when.
    assert ModelLogEntry.objects.filter(action="certificates.revoke", user=trainer).exists()


def test_their_own_actions_stay_in_the_history_by_nobody(erased, modules):
    log(modules[0], "wagtail.edit", user=erased)
    log(erased, "wagtail.edit", user=erased)
    pk = erased.pk

    delete_account(erased)

    assert not PageLogEntry.objects.filter(user_id=pk).exists()
    assert not ModelLogEntry.objects.filter(user_id=pk).exists()
    assert PageLogEntry.objects.filter(action="wagtail.edit", user=None).exists()


def test_the_dashboards_figures_keep_them_anonymously(city, erased, other):
    before = figures(city)

    delete_account(erased)

    assert not get_user_model().objects.filter(username="zoe").exists()
    assert figures(city) == before
    rows = ModuleProgress.objects.filter(user=None)
    assert rows.count() == 2
    assert len(set(rows.values_list("erased_learner", flat=True))) == 1


def test_figures_of_two_erased_learners_count_two_learners(modules, city, other):
    users = [factories.LearnerFactory(profile__city=city) for _ in range(2)]
    for user in users:
        for module in modules:
            progress(user, module, "completed", score=90, completed_days_ago=2)
    before = figures(city)
    assert before["funnel"] == [3, 2]

    for user in users:
        delete_account(user)

    assert figures(city) == before


def test_figures_stay_a_fixed_number_of_queries(city, erased, other, django_assert_max_num_queries):
    delete_account(erased)
    modules = programme_modules("en")
    with django_assert_max_num_queries(5):
        queries.figures_by_city([city.pk], modules)


def test_a_lesson_change_leaves_erased_progress_as_it_was(modules, city, erased):
    delete_account(erased)
    refresh_module_totals(modules[0].translation_key, reopen_completed=True)
    row = ModuleProgress.objects.get(user=None, module_key=modules[0].translation_key)
    assert row.status == ModuleProgress.Status.COMPLETED


def test_their_certificates_verification_page_says_their_data_was_erased(client, erased):
    codes = list(Certificate.objects.filter(user=erased).values_list("code", flat=True))
    assert len(codes) == 3

    delete_account(erased)

    assert not Certificate.objects.filter(code__in=codes).exists()
    for code in codes:
        response = client.get(f"/verify/{code}/")
        assert response.status_code == 410
        text = response.content.decode()
        assert "erased at their request" in text
        assert NAME not in text
        status = client.get(f"/verify/{code}/status.json")
        assert status.status_code == 410
        assert status.json()["status"] == "erased"
        assert status["Access-Control-Allow-Origin"] == "*"
    tombstones = ErasedCertificate.objects.filter(code__in=codes)
    assert tombstones.count() == 3
    # A revoked certificate no longer counted before the erasure: its tombstone has no city.
    assert tombstones.filter(city=None).count() == 1


def test_an_unknown_code_still_says_unknown(client):
    response = client.get("/verify/" + "Z" * 32 + "/", follow=True)
    assert response.status_code == 404
    assert "Unknown code" in response.content.decode()


def test_an_uploaded_credential_of_an_erased_holder_says_their_data_was_erased(
    client, learner, module_page
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.certificates.factories import issue

    token = issue(learner, module_page).credential
    assert token

    delete_account(learner)

    upload = SimpleUploadedFile("credential.json", token.encode())
    response = client.post("/verify/", {"credential": upload}, follow=True)
    text = response.content.decode()
    assert "erased at their request" in text
    assert "not issued by LIAISE Academy" not in text
