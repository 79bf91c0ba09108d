"""My learning served again while nothing it shows has changed (courses.page_cache.serve_for_state).

The page is kept under the learner and a digest of every row it is made from, read on each visit
(progress, lesson rows, self-assessment markers, certificates). These tests change each of those
rows, some behind the ORM's back (a bulk update sends no signal), and check the next visit shows
the change; and that a page is never served to another learner, in another language, with a
message waiting, or after the content changed.
"""

import re

import pytest
from django.test import Client
from django.utils import timezone

from certificates import services as certificates
from certificates import signing
from certificates.models import Certificate
from courses import page_cache
from lms.learning import confidence, services
from lms.learning.models import ModuleProgress
from tests import factories
from tests.certificates.factories import complete
from tests.learning.factories import make_course

pytestmark = pytest.mark.django_db
URL = "/en/my-learning/"


def _stored(response) -> bool:
    assert response.status_code == 200, response.status_code
    return response.get("X-Page-Cache") == "state"


def _text(response) -> str:
    return re.sub(r'csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


@pytest.fixture
def learner(db, city, settings):
    settings.CERTIFICATE_SIGNING_KEY = signing.generate_pem()
    return factories.LearnerFactory(profile__city=city, profile__full_name="Jana Nováková")


def _issue(learner, module) -> Certificate:
    # tests/learning stands in for the certificates hook (conftest): issue through the service.
    return certificates.issue_module_certificate(complete(learner, module))


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_served_again_until_a_row_it_shows_changes(learner, catalogue):
    course = make_course(catalogue, lessons=3)
    services.enrol(learner, course.module.translation_key)
    client = _client(learner)
    first = client.get(URL)
    assert not _stored(first)
    again = client.get(URL)
    assert _stored(again) and _text(again) == _text(first)
    assert "private" in again["Cache-Control"] and page_cache.CSRF_PLACEHOLDER not in _text(again)

    services.complete_lesson(learner, course.lessons[0], language="en", seconds_spent=5)
    done = client.get(URL)
    assert not _stored(done) and "1 of 4 steps done" in done.content.decode()
    assert _stored(client.get(URL))

    # Rows changed without a signal (a bulk update) change the page all the same.
    ModuleProgress.objects.filter(user=learner).update(
        status=ModuleProgress.Status.COMPLETED, completed_at=timezone.now(), quiz_passed=True
    )
    completed = client.get(URL).content.decode()
    assert "1 of 1 module completed" in completed
    assert "how confident do you feel now?" in completed

    confidence.skip(learner, course.module.translation_key, "after")
    assert "how confident do you feel now?" not in client.get(URL).content.decode()

    certificate = _issue(learner, course.module)
    assert "Being prepared" in client.get(URL).content.decode()
    Certificate.objects.filter(pk=certificate.pk).update(
        pdf_status=Certificate.PdfStatus.READY, pdf="certificates/test.pdf"
    )
    ready = client.get(URL)
    assert not _stored(ready) and "Download the PDF" in ready.content.decode()


def test_a_repeat_visit_costs_one_statement(learner, catalogue, django_assert_max_num_queries):
    course = make_course(catalogue, lessons=3)
    services.enrol(learner, course.module.translation_key)
    _issue(learner, course.module)
    client = _client(learner)
    client.get(URL)
    # One digest of every row the page shows (the user with their profile is in the cache).
    with django_assert_max_num_queries(1):
        assert _stored(client.get(URL))


def test_never_served_to_another_learner_nor_in_another_language(learner, catalogue):
    course = make_course(catalogue, lessons=3)
    other = factories.LearnerFactory(profile__city=learner.learner_profile.city)
    for user in (learner, other):
        services.enrol(user, course.module.translation_key)
    mine = _client(learner)
    mine.get(URL)
    assert _stored(mine.get(URL))
    assert not _stored(_client(other).get(URL))
    french = mine.get("/fr/my-learning/")
    assert not _stored(french) and "Mon apprentissage" in french.content.decode()


def test_a_message_gets_the_whole_page_and_publishing_forgets_it(learner, catalogue):
    course = make_course(catalogue, lessons=3)
    client = _client(learner)
    client.get(URL)
    assert _stored(client.get(URL))
    enrolled = client.post(
        f"/en/learning/modules/{course.module.translation_key}/enrol/", follow=True
    )
    assert enrolled.status_code == 200
    with_message = client.get(URL)
    assert not _stored(with_message)

    course.module.title = "Renamed module"
    course.module.save_revision().publish()
    client.get(URL)
    renamed = client.get(URL)
    assert "Renamed module" in renamed.content.decode()
    course.module.title = "Renamed again"
    course.module.save_revision().publish()
    assert not _stored(client.get(URL))


def test_without_the_cache_the_page_is_built_every_time(learner, monkeypatch):
    monkeypatch.setattr(page_cache, "generation", lambda known=None: None)
    client = _client(learner)
    for _ in range(2):
        assert not _stored(client.get(URL))
