"""Completing a module issues its certificate once; six modules issue the programme certificate."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core import mail

from certificates import services
from certificates.models import CODE_LENGTH, Certificate
from lms.learning.models import ModuleProgress
from tests import factories
from tests.certificates.factories import complete, issue, translate

pytestmark = pytest.mark.django_db


def test_completion_issues_a_certificate_with_snapshots(learner, module_page, city):
    certificate = issue(learner, module_page)
    profile = learner.learner_profile
    assert certificate.kind == Certificate.Kind.MODULE
    assert certificate.learner_name == profile.full_name
    assert certificate.city == city and certificate.city_name == "Liège"
    assert certificate.title == "Awareness" and certificate.module_number == 1
    assert certificate.language == "en"
    assert certificate.hours == Decimal("2.0")  # 120 estimated minutes
    assert certificate.pdf_status == Certificate.PdfStatus.PENDING
    assert len(certificate.code) == CODE_LENGTH
    assert set(certificate.code) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    assert certificate.display_code.count("-") == 7
    assert certificate.credential.count(".") == 2  # signed in the same transaction


def test_codes_are_unguessable_and_distinct(learner, catalogue):
    modules = [factories.ModulePageFactory(parent=catalogue, number=n) for n in (1, 2, 3)]
    codes = {issue(learner, module).code for module in modules}
    assert len(codes) == 3


def test_a_second_call_issues_nothing(learner, module_page):
    first = issue(learner, module_page)
    services.on_module_completed(complete(learner, module_page))
    assert Certificate.objects.get(kind=Certificate.Kind.MODULE) == first


def test_an_unfinished_module_issues_nothing(learner, module_page):
    progress = complete(learner, module_page, status=ModuleProgress.Status.IN_PROGRESS)
    services.on_module_completed(progress)
    assert not Certificate.objects.exists()


def test_a_revoked_certificate_is_not_silently_reissued(learner, module_page, trainer):
    certificate = issue(learner, module_page)
    services.revoke(certificate, by=trainer, reason="Completed on someone else's account")
    services.on_module_completed(complete(learner, module_page))
    assert Certificate.objects.filter(kind=Certificate.Kind.MODULE).count() == 1


def test_title_in_the_learners_language(learner, module_page):
    translate(module_page, "cs", "Povědomí a prevence")
    learner.learner_profile.preferred_language = "cs"
    learner.learner_profile.save()
    certificate = issue(learner, module_page)
    assert certificate.title == "Povědomí a prevence"
    assert certificate.language == "cs"


def test_title_falls_back_to_the_source_language(learner, module_page):
    learner.learner_profile.preferred_language = "sv"
    learner.learner_profile.save()
    assert issue(learner, module_page).title == "Awareness"


@pytest.mark.parametrize(
    ("minutes", "hours"), [(10, "0.5"), (45, "1.0"), (100, "1.5"), (150, "2.5"), (600, "10.0")]
)
def test_hours_are_estimated_minutes_to_the_half_hour(minutes, hours):
    assert services.module_hours(minutes) == Decimal(hours)


def test_programme_certificate_after_all_modules(learner, catalogue):
    modules = [
        factories.ModulePageFactory(parent=catalogue, number=n, estimated_minutes=90)
        for n in range(1, 7)
    ]
    for module in modules[:5]:
        issue(learner, module)
    assert not Certificate.objects.filter(kind=Certificate.Kind.PROGRAMME).exists()
    issue(learner, modules[5])
    programme = Certificate.objects.get(kind=Certificate.Kind.PROGRAMME)
    assert programme.module_key is None and programme.module_number is None
    assert programme.hours == Decimal("9.0")
    assert programme.title == "LIAISE training programme"
    # Completing again issues no second programme certificate.
    services.on_module_completed(complete(learner, modules[0]))
    assert Certificate.objects.filter(kind=Certificate.Kind.PROGRAMME).count() == 1
    assert Certificate.objects.count() == 7


def test_a_draft_module_is_not_required_for_the_programme(learner, catalogue):
    module = factories.ModulePageFactory(parent=catalogue, number=1)
    factories.ModulePageFactory(parent=catalogue, number=2, live=False)
    issue(learner, module)
    assert Certificate.objects.filter(kind=Certificate.Kind.PROGRAMME).exists()


def test_after_commit_the_pdf_is_rendered_and_the_learner_emailed(
    learner, module_page, django_capture_on_commit_callbacks
):
    learner.learner_profile.preferred_language = "fr"
    learner.learner_profile.save()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        certificate = issue(learner, module_page)
    assert len(callbacks) == 2  # the module's and, as it is the only module, the programme's
    certificate.refresh_from_db()
    assert certificate.pdf_status == Certificate.PdfStatus.READY
    assert certificate.pdf.read().startswith(b"%PDF-")
    assert certificate.pdf.name == f"certificates/{certificate.code}.pdf"
    assert certificate.emailed_at is not None
    [email] = [m for m in mail.outbox if certificate.get_verification_url() in m.body]
    assert len(mail.outbox) == 2
    assert email.to == [learner.email]
    assert email.extra_headers["Content-Language"] == "fr"
    assert f"/fr/certificates/{certificate.code}/pdf/" in email.body
    assert certificate.get_verification_url() in email.body
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html" and certificate.get_verification_url() in html


def test_issuing_takes_a_bounded_number_of_queries(
    learner, module_page, django_assert_max_num_queries
):
    # As the learning journey passes it: a fresh row, nothing cached. Two certificates (module and
    # programme), each a savepoint, an insert and the signed credential's update; and one query
    # each for the in-person hours attended (lms.sessions).
    progress = ModuleProgress.objects.get(pk=complete(learner, module_page).pk)
    with django_assert_max_num_queries(22):
        services.on_module_completed(progress)
    assert Certificate.objects.count() == 2  # the only module: the programme is complete too


def test_a_missing_production_key_does_not_undo_the_completion(settings, learner, module_page):
    from certificates import signing

    settings.CERTIFICATE_SIGNING_KEY = ""
    settings.CERTIFICATE_SIGNING_KEY_REQUIRED = True
    certificate = issue(learner, module_page)
    assert certificate.credential == ""
    # The PDF is still rendered; the signature waits for the key.
    assert services.render_certificate(certificate.pk)
    certificate.refresh_from_db()
    assert certificate.is_ready and certificate.credential == ""
    services.render_pending()
    certificate.refresh_from_db()
    assert certificate.credential == ""
    settings.CERTIFICATE_SIGNING_KEY = signing.generate_pem()  # the operator fixes the env
    services.render_pending()  # the beat sweep signs what was left unsigned
    certificate.refresh_from_db()
    assert certificate.credential.count(".") == 2 and certificate.is_ready


def test_words_from_the_learners_language_rules_from_the_source(learner, module_page):
    """Title in Czech; hours from the English page, changed after the translation was made."""
    translate(module_page, "cs", "Povědomí a prevence")
    module_page.estimated_minutes = 300
    module_page.save_revision().publish()
    learner.learner_profile.preferred_language = "cs"
    learner.learner_profile.save()
    certificate = issue(learner, module_page)
    assert certificate.title == "Povědomí a prevence"
    assert certificate.hours == Decimal("5.0")


def test_the_completion_date_is_the_day_where_the_learner_works(module_page):
    """21:30 UTC on 12 May is 23:30 in Brussels (the platform's zone) but 00:30 on 13 May in
    Athens: an Athens learner's certificate says 13 May."""
    athens = factories.CityFactory(name="Athens", slug="athens-tz", country="GR")
    learner = factories.LearnerFactory(profile__city=athens)
    moment = datetime(2031, 5, 12, 21, 30, tzinfo=UTC)
    services.on_module_completed(complete(learner, module_page, completed_at=moment))
    assert athens.time_zone == "Europe/Athens"
    for certificate in Certificate.objects.filter(user=learner):  # the module's and programme's
        assert certificate.completed_on == date(2031, 5, 13), certificate.kind
