"""Two completions at once issue one certificate; two workers at once render one PDF."""

import time

import pytest
from django.db import connection, transaction

from certificates import pdf, services
from certificates.models import Certificate
from lms.learning.models import ModuleProgress
from tests import factories
from tests.certificates.factories import complete
from tests.concurrency import in_parallel

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks"),
]


@pytest.fixture
def queued(monkeypatch):
    ids = []
    monkeypatch.setattr(services, "enqueue_render", ids.append)
    return ids


@pytest.fixture
def setup():
    catalogue = factories.catalogue()
    module = factories.ModulePageFactory(parent=catalogue, number=1)
    factories.ModulePageFactory(parent=catalogue, number=2)
    city = factories.CityFactory(name="Liège", slug="liege")
    learner = factories.LearnerFactory(profile__city=city)
    return learner, complete(learner, module)


def _complete_in_a_transaction(progress_id):
    def call():
        with transaction.atomic():
            services.on_module_completed(ModuleProgress.objects.get(pk=progress_id))

    return call


def test_two_concurrent_completions_issue_one_certificate(setup, queued):
    learner, progress = setup
    in_parallel(*[_complete_in_a_transaction(progress.pk)] * 2)
    [certificate] = Certificate.objects.filter(user=learner)
    assert queued == [certificate.pk]


def test_the_unique_constraint_settles_a_race_the_lock_missed(setup, queued, monkeypatch):
    """Without the learner lock both see "no certificate yet": one insert wins, the other
    returns the winner's row instead of failing the completion."""
    learner, progress = setup
    monkeypatch.setattr(services, "_lock_learner", lambda user_id: None)
    original = services._learner_snapshot

    def slow_snapshot(user):
        time.sleep(0.3)  # both are past the "existing?" check before either inserts
        return original(user)

    monkeypatch.setattr(services, "_learner_snapshot", slow_snapshot)
    inserts = []
    original_create = Certificate.objects.create
    monkeypatch.setattr(
        Certificate.objects, "create", lambda **kw: inserts.append(1) or original_create(**kw)
    )
    in_parallel(*[_complete_in_a_transaction(progress.pk)] * 2)
    assert len(inserts) == 2  # both tried; the constraint refused the second
    [certificate] = Certificate.objects.filter(user=learner)
    assert queued == [certificate.pk]


def test_two_workers_on_one_certificate_render_it_once(setup, queued, monkeypatch):
    _learner, progress = setup
    _complete_in_a_transaction(progress.pk)()
    certificate = Certificate.objects.get()
    original = pdf.render_pdf

    def slow_render(c):
        time.sleep(0.5)
        return original(c)

    monkeypatch.setattr(pdf, "render_pdf", slow_render)
    results = in_parallel(*[lambda: services.render_certificate(certificate.pk)] * 2)
    assert sorted(results) == [False, True]
    certificate.refresh_from_db()
    assert certificate.pdf_status == Certificate.PdfStatus.READY
    assert certificate.pdf_attempts == 1


def test_the_learning_journey_issues_one_certificate_for_two_simultaneous_last_lessons(queued):
    """Through the real completion path (lms.learning), the same last lesson done twice at once."""
    from lms.learning.services import complete_lesson

    catalogue = factories.catalogue()
    module = factories.ModulePageFactory(parent=catalogue, number=1)
    factories.ModulePageFactory(parent=catalogue, number=2)
    lesson = factories.LessonPageFactory(parent=module)
    learner = factories.LearnerFactory(profile__city=factories.CityFactory())

    def finish():
        complete_lesson(learner, lesson, language="en")

    in_parallel(finish, finish)
    progress = ModuleProgress.objects.get(user=learner, module_key=module.translation_key)
    assert progress.status == ModuleProgress.Status.COMPLETED
    [certificate] = Certificate.objects.filter(user=learner)
    assert certificate.module_key == module.translation_key
    assert queued == [certificate.pk]
